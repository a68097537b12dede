{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised orders with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('commerce', 'orders') }}
),

-- The country first, in its own step: phones are read in it.
with_country as (
    select
        *,
        {{ normalize_country('ship_country') }} as ship_country_code,
        {{ raw_record_value('source') }} as raw_record
    from source
),

typed as (
    select
        _source_file,
        _source_fingerprint,
        _source_line,
        _reject_reason,
        trim(order_id) as order_id,
        {{ parse_timestamp('ordered_at') }} as ordered_at,
        {{ normalize_account_id('account_id') }} as account_id,
        {{ account_id_invalid_reason('account_id') }} as account_id_invalid_reason,
        {{ normalize_email('email') }} as email,
        {{ email_invalid_reason('email') }} as email_invalid_reason,
        {{ normalize_phone('phone', 'ship_country_code') }} as phone,
        {{ phone_invalid_reason('phone', 'ship_country_code') }} as phone_invalid_reason,
        {{ normalize_loyalty_number('loyalty_number') }} as loyalty_number,
        {{ loyalty_number_invalid_reason('loyalty_number') }} as loyalty_number_invalid_reason,
        {{ normalize_street('ship_street') }} as ship_street,
        {{ normalize_name('ship_city') }} as ship_city,
        {{ normalize_postal_code('ship_postal_code') }} as ship_postal_code,
        ship_country_code as ship_country,
        case
            when lower(trim(channel)) in ('web', 'app', 'store', 'phone') then lower(trim(channel))
            when {{ is_blank('channel') }} then null
            else 'other'
        end as channel,
        {{ try_cast_as('trim(total_amount)', 'decimal(18, 2)') }} as total_amount,
        upper(trim(currency)) as currency,
        raw_record,
        {{ is_blank('ordered_at') }} as is_ordered_at_blank
    from with_country
),

final as (
    select
        *,
        {{ quarantine_reason(
            checks=[
                ("order_id is null or order_id = ''", "'missing:order_id'"),
                ("is_ordered_at_blank", "'missing:ordered_at'"),
                ("ordered_at is null", "'unparsable:ordered_at'"),
                (
                    "not " ~ in_plausible_range('ordered_at', 'orders', 'ordered_at'),
                    "'out_of_range:ordered_at'"
                )
            ],
            unique_key=['order_id'],
            order_by='ordered_at, account_id, email, phone, total_amount'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
