-- One row per ESP recipient record. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_esp__recipients') }}
),

final as (
    select
        esp_record_id,
        email,
        created_at,
        created_at_invalid_reason,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
