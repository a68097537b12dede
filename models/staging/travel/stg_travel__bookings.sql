-- One row per booking. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_travel__bookings') }}
),

final as (
    select
        booking_id,
        booked_at,
        account_id,
        item,
        starts_at,
        starts_at_invalid_reason,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
