-- One row per guest of a booking. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_travel__booking_guests') }}
),

final as (
    select
        booking_guest_id,
        booking_id,
        guest_no,
        first_name,
        last_name,
        email,
        email_invalid_reason,
        phone,
        phone_invalid_reason,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
