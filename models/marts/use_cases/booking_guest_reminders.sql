-- One row per guest of an upcoming booking (starting after the var as_of) with an email.
-- Level: persona of the guest's email. Routing: the email entered for that guest on that booking,
-- never a profile default (Anne).
with bookings as (
    select
        *,
        {{ identifier_node("'account_id'", 'account_id') }} as account_node
    from {{ ref('stg_travel__bookings') }}
),

guests as (
    select * from {{ ref('stg_travel__booking_guests') }}
),

identity_map as (
    select * from {{ ref('identity_map') }}
    where identifier_type = 'email'
),

-- A booking made from an erased person's account is that person's record: none of its guests gets a
-- reminder of it. (The end-of-run purge deletes the booking itself; this mart is built before it,
-- and its rows carry no key of the booker for the purge to find.)
erased as (
    select node from {{ ref('int_privacy__erased_nodes') }}
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
    left join erased
        on bookings.account_node = erased.node
    where
        bookings.starts_at > cast({{ as_of_date() }} as timestamp)
        and erased.node is null
)

select * from final
