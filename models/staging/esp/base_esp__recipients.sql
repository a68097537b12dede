{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised ESP recipient records with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('esp', 'esp_recipients') }}
),

typed as (
    select
        source._source_file,
        source._source_fingerprint,
        source._source_line,
        source._reject_reason,
        {{ normalize_esp_record_id('esp_record_id') }} as esp_record_id,
        {{ esp_record_id_invalid_reason('esp_record_id') }} as esp_record_id_invalid_reason,
        {{ normalize_email('email') }} as email,
        {{ email_invalid_reason('email') }} as email_invalid_reason,
        {{ plausible_value(parse_timestamp('created_at'), 'esp_recipients', 'created_at') }} as created_at,
        {{ date_range_invalid_reason('created_at', parse_timestamp('created_at'), 'esp_recipients', 'created_at') }}
            as created_at_invalid_reason,
        {{ raw_record_value('source') }} as raw_record,
        {{ is_blank('esp_record_id') }} as is_esp_record_id_blank,
        {{ is_blank('email') }} as is_email_blank
    from source
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
