-- One row per (account, kind, value). Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_crm__preferences') }}
),

final as (
    select
        preference_id,
        account_id,
        kind,
        preference_value,
        updated_at,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
