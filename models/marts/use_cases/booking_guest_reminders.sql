-- One row per guest of an upcoming booking (starting after the var as_of) with an email.
-- Level: persona of the guest's email. Routing: the email entered for that guest on that booking,
-- never a profile default (Anne).
with bookings as (
    select * from {{ ref('stg_travel__bookings') }}
),

guests as (
    select * from {{ ref('stg_travel__booking_guests') }}
),

identity_map as (
    select * from {{ ref('identity_map') }}
    where identifier_type = 'email'
),

final as (
    select
        guests.booking_id,
        guests.guest_no,
        identity_map.identifier_value as email,
        bookings.starts_at,
        bookings.item,
        identity_map.persona_id,
        identity_map.person_id
    from guests
    inner join bookings
        on guests.booking_id = bookings.booking_id
    -- The guest's own email as entered; an erased person's email is not in identity_map.
    inner join identity_map
        on guests.email = identity_map.identifier_value
    where bookings.starts_at > cast({{ as_of_date() }} as timestamp)
)

select * from final
