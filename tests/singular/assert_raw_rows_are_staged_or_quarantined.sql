-- Every raw row is either staged or quarantined, never both, never lost: for each table of the
-- source contract, raw rows = staged rows + quarantined rows + rows purged by an erasure since
-- the table was built in full (erasure_log, docs/privacy.md). Returns the tables where not.
with counts as (
    {%- for table in staging_tables() %}
        select
            '{{ table.source_table }}' as source_table,
            (select count(*) from {{ raw_table(table.source, table.source_table) }}) as n_raw,
            (select count(*) from {{ ref(table.staged) }}) as n_staged,
            (
                select count(*) from {{ ref('quarantined_records') }}
                where source_table = '{{ table.source_table }}'
            ) as n_quarantined,
            {{ purged_rows(ref(table.base), table.base) }} as n_purged
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select * from counts
where n_raw != n_staged + n_quarantined + n_purged
