-- One row per erasure request. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_privacy__erasure_requests') }}
),

final as (
    select
        erasure_request_id,
        identifier_type,
        identifier_value,
        requested_at,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
