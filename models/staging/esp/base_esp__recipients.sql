{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised ESP recipient records with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('esp', 'esp_recipients') }}
),

-- Each raw date parsed once, beside the raw row as it was read: the typed step reads the parsed
-- date twice (kept when plausible; else why not), and the parse is the longest expression here.
parsed as (
    select
        *,
        {{ raw_record_value('source') }} as raw_record,
        {{ parse_timestamp('created_at') }} as created_at_parsed
    from source
),

typed as (
    select
        parsed._source_file,
        parsed._source_fingerprint,
        parsed._source_line,
        parsed._reject_reason,
        {{ normalize_esp_record_id('esp_record_id') }} as esp_record_id,
        {{ esp_record_id_invalid_reason('esp_record_id') }} as esp_record_id_invalid_reason,
        {{ normalize_email('email') }} as email,
        {{ email_invalid_reason('email') }} as email_invalid_reason,
        {{ plausible_value('created_at_parsed', 'esp_recipients', 'created_at') }} as created_at,
        {{ date_range_invalid_reason('created_at', 'created_at_parsed', 'esp_recipients', 'created_at') }}
            as created_at_invalid_reason,
        parsed.raw_record,
        {{ is_blank('esp_record_id') }} as is_esp_record_id_blank,
        {{ is_blank('email') }} as is_email_blank
    from parsed
),

final as (
    select
        *,
        {{ quarantine_reason(
            checks=[
                ("is_esp_record_id_blank", "'missing:esp_record_id'"),
                ("esp_record_id is null", "'invalid:esp_record_id:' || esp_record_id_invalid_reason"),
                ("is_email_blank", "'missing:email'"),
                ("email is null", "'invalid:email:' || email_invalid_reason")
            ],
            unique_key=['esp_record_id'],
            order_by='created_at, email'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
