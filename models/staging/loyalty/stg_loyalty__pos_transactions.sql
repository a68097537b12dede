-- One row per till transaction. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_loyalty__pos_transactions') }}
),

final as (
    select
        transaction_id,
        occurred_at,
        store_id,
        loyalty_number,
        loyalty_number_invalid_reason,
        card_token,
        card_token_invalid_reason,
        amount,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
