-- One row per loyalty member. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_loyalty__members') }}
),

final as (
    select
        loyalty_number,
        enrolled_at,
        first_name,
        last_name,
        first_name_key,
        last_name_key,
        email,
        email_invalid_reason,
        phone,
        phone_invalid_reason,
        date_of_birth,
        street,
        city,
        postal_code,
        country,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
