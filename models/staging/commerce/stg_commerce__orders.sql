-- One row per order. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_commerce__orders') }}
),

final as (
    select
        order_id,
        ordered_at,
        account_id,
        account_id_invalid_reason,
        email,
        email_invalid_reason,
        phone,
        phone_invalid_reason,
        loyalty_number,
        loyalty_number_invalid_reason,
        ship_street,
        ship_city,
        ship_postal_code,
        ship_country,
        channel,
        total_amount,
        currency,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
