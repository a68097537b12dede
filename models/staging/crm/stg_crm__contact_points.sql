-- One row per (account, kind, normalised value). Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_crm__contact_points') }}
),

final as (
    select
        contact_point_id,
        account_id,
        kind,
        contact_value,
        is_primary,
        added_at,
        added_by,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
