{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed bookings with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('travel', 'bookings') }}
),

-- Each raw date parsed once, beside the raw row as it was read: the typed step reads the parsed
-- date twice (kept when plausible; else why not), and the parse is the longest expression here.
parsed as (
    select
        *,
        {{ raw_record_value('source') }} as raw_record,
        {{ parse_timestamp('starts_at') }} as starts_at_parsed
    from source
),

typed as (
    select
        parsed._source_file,
        parsed._source_fingerprint,
        parsed._source_line,
        parsed._reject_reason,
        trim(booking_id) as booking_id,
        {{ parse_timestamp('booked_at') }} as booked_at,
        {{ normalize_account_id('account_id') }} as account_id,
        {{ account_id_invalid_reason('account_id') }} as account_id_invalid_reason,
        {{ free_text('item', 200) }} as item,
        {{ plausible_value('starts_at_parsed', 'bookings', 'starts_at') }} as starts_at,
        {{ date_range_invalid_reason('starts_at', 'starts_at_parsed', 'bookings', 'starts_at') }}
            as starts_at_invalid_reason,
        parsed.raw_record,
        {{ is_blank('booked_at') }} as is_booked_at_blank,
        {{ is_blank('account_id') }} as is_account_id_blank
    from parsed
),

final as (
    select
        *,
        {{ quarantine_reason(
            checks=[
                ("booking_id is null or booking_id = ''", "'missing:booking_id'"),
                ("is_booked_at_blank", "'missing:booked_at'"),
                ("booked_at is null", "'unparsable:booked_at'"),
                (
                    "not " ~ in_plausible_range('booked_at', 'bookings', 'booked_at'),
                    "'out_of_range:booked_at'"
                ),
                ("is_account_id_blank", "'missing:account_id'"),
                ("account_id is null", "'invalid:account_id:' || account_id_invalid_reason")
            ],
            unique_key=['booking_id'],
            order_by='booked_at, account_id, starts_at, item'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
