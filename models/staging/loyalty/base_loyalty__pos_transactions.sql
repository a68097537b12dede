{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed point-of-sale transactions with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('loyalty', 'pos_transactions') }}
),

typed as (
    select
        source._source_file,
        source._source_fingerprint,
        source._source_line,
        source._reject_reason,
        trim(transaction_id) as transaction_id,
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        nullif(trim(store_id), '') as store_id,
        {{ normalize_loyalty_number('loyalty_number') }} as loyalty_number,
        {{ loyalty_number_invalid_reason('loyalty_number') }} as loyalty_number_invalid_reason,
        {{ normalize_card_token('card_token') }} as card_token,
        {{ card_token_invalid_reason('card_token') }} as card_token_invalid_reason,
        {{ try_cast_as('trim(amount)', 'decimal(18, 2)') }} as amount,
        {{ raw_record_value('source') }} as raw_record,
        {{ is_blank('occurred_at') }} as is_occurred_at_blank
    from source
),

final as (
    select
        *,
        {{ quarantine_reason(
            checks=[
                ("transaction_id is null or transaction_id = ''", "'missing:transaction_id'"),
                ("is_occurred_at_blank", "'missing:occurred_at'"),
                ("occurred_at is null", "'unparsable:occurred_at'"),
                (
                    "not " ~ in_plausible_range('occurred_at', 'pos_transactions', 'occurred_at'),
                    "'out_of_range:occurred_at'"
                )
            ],
            unique_key=['transaction_id'],
            order_by='occurred_at, store_id, loyalty_number, card_token, amount'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
