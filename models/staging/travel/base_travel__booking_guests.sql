{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised booking guests, contact details exactly as entered for that guest, with the
-- reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('travel', 'booking_guests') }}
),

typed as (
    select
        source._source_file,
        source._source_fingerprint,
        source._source_line,
        source._reject_reason,
        trim(booking_id) as booking_id,
        {{ try_cast_as('trim(guest_no)', 'integer') }} as guest_no,
        {{ normalize_name('first_name') }} as first_name,
        {{ normalize_name('last_name') }} as last_name,
        {{ normalize_email('email') }} as email,
        {{ email_invalid_reason('email') }} as email_invalid_reason,
        {{ normalize_phone('phone', 'null') }} as phone,
        {{ phone_invalid_reason('phone', 'null') }} as phone_invalid_reason,
        {{ raw_record_value('source') }} as raw_record,
        {{ is_blank('guest_no') }} as is_guest_no_blank
    from source
),

final as (
    select
        {{ hash_key("coalesce(booking_id, '') || '|' || coalesce(cast(guest_no as " ~ dbt.type_string() ~ "), '')") }}
            as booking_guest_id,
        *,
        {{ quarantine_reason(
            checks=[
                ("booking_id is null or booking_id = ''", "'missing:booking_id'"),
                ("is_guest_no_blank", "'missing:guest_no'"),
                ("guest_no is null", "'unparsable:guest_no'")
            ],
            unique_key=['booking_id', 'guest_no'],
            order_by='email, phone, last_name, first_name'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
