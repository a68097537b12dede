{{ config(materialized='table') }}

-- One row per raw row that could not be staged, with the first reason found and the raw row as
-- JSON text. Together with the staging models it accounts for every raw row. A CSV line that could
-- not be parsed (reason malformed:<error type>) comes with its line number and the raw line.

with unioned as (
    {%- for table in staging_tables() %}
        select
            '{{ table.source_table }}' as source_table,
            cast({{ table.key }} as {{ dbt.type_string() }}) as record_key,
            quarantine_reason,
            _source_file as source_file,
            _source_line as source_line,
            raw_record
        from {{ ref(table.base) }}
        where quarantine_reason is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        {{ hash_key(
            "source_table || '|' || raw_record || '|' || cast(row_number() over ("
            ~ "partition by source_table, raw_record order by quarantine_reason"
            ~ ") as " ~ dbt.type_string() ~ ")"
        ) }} as quarantined_record_id,
        source_table,
        nullif(record_key, '') as record_key,
        {{ dbt.split_part('quarantine_reason', "':'", 1) }} as reason_category,
        quarantine_reason as reason,
        source_file,
        source_line,
        raw_record
    from unioned
)

select * from final
