-- Every raw row is either staged or quarantined, never both, never lost: for each table of the
-- source contract, raw rows = staged rows + quarantined rows. Returns the tables where not.
with counts as (
    {%- for table in staging_tables() %}
        select
            '{{ table.source_table }}' as source_table,
            (select count(*) from {{ raw_table(table.source, table.source_table) }}) as n_raw,
            (select count(*) from {{ ref(table.staged) }}) as n_staged,
            (
                select count(*) from {{ ref('quarantined_records') }}
                where source_table = '{{ table.source_table }}'
            ) as n_quarantined
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from counts
where n_raw != n_staged + n_quarantined
