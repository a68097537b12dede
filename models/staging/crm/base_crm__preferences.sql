{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed account preferences (allergies, diets, language, ...) with the reason a row cannot be
-- staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('crm', 'preferences') }}
),

-- Each raw date parsed once, beside the raw row as it was read: the typed step reads the parsed
-- date twice (kept when plausible; else why not), and the parse is the longest expression here.
parsed as (
    select
        *,
        {{ raw_record_value('source') }} as raw_record,
        {{ parse_timestamp('updated_at') }} as updated_at_parsed
    from source
),

typed as (
    select
        parsed._source_file,
        parsed._source_fingerprint,
        parsed._source_line,
        parsed._reject_reason,
        {{ normalize_account_id('account_id') }} as account_id,
        {{ account_id_invalid_reason('account_id') }} as account_id_invalid_reason,
        lower({{ free_text('kind', 50) }}) as kind,
        lower({{ free_text('value', 200) }}) as preference_value,
        {{ plausible_value('updated_at_parsed', 'preferences', 'updated_at') }} as updated_at,
        {{ date_range_invalid_reason('updated_at', 'updated_at_parsed', 'preferences', 'updated_at') }}
            as updated_at_invalid_reason,
        parsed.raw_record,
        {{ is_blank('account_id') }} as is_account_id_blank,
        {{ is_blank('kind') }} as is_kind_blank,
        {{ is_blank('value') }} as is_value_blank
    from parsed
),

final as (
    select
        {{ hash_key("coalesce(account_id, '') || '|' || coalesce(kind, '') || '|' || coalesce(preference_value, '')") }}
            as preference_id,
        *,
        {{ quarantine_reason(
            checks=[
                ("is_account_id_blank", "'missing:account_id'"),
                ("account_id is null", "'invalid:account_id:' || account_id_invalid_reason"),
                ("is_kind_blank", "'missing:kind'"),
                ("is_value_blank", "'missing:value'"),
                ("length(preference_value) > 500", "'invalid:value:too_long'")
            ],
            unique_key=['account_id', 'kind', 'preference_value'],
            order_by='updated_at desc nulls last'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
