{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised CRM accounts with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('crm', 'crm_accounts') }}
),

-- Each raw date parsed once, beside the raw row as it was read: the typed step reads the parsed
-- date twice (kept when plausible; else why not), and the parse is the longest expression here.
parsed as (
    select
        *,
        {{ raw_record_value('source') }} as raw_record,
        {{ parse_date('date_of_birth') }} as date_of_birth_parsed
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
        {{ parse_timestamp('created_at') }} as created_at,
        {{ normalize_name('first_name') }} as first_name,
        {{ normalize_name('last_name') }} as last_name,
        {{ name_match_key('first_name') }} as first_name_key,
        {{ name_match_key('last_name') }} as last_name_key,
        {{ normalize_name('company_name') }} as company_name,
        {{ plausible_value('date_of_birth_parsed', 'crm_accounts', 'date_of_birth') }} as date_of_birth,
        {{ date_range_invalid_reason('date_of_birth', 'date_of_birth_parsed', 'crm_accounts', 'date_of_birth') }}
            as date_of_birth_invalid_reason,
        {{ normalize_street('street') }} as street,
        {{ normalize_name('city') }} as city,
        {{ normalize_postal_code('postal_code') }} as postal_code,
        {{ normalize_country('country') }} as country,
        parsed.raw_record,
        {{ is_blank('account_id') }} as is_account_id_blank,
        {{ is_blank('created_at') }} as is_created_at_blank
    from parsed
),

final as (
    select
        *,
        {{ quarantine_reason(
            checks=[
                ("is_account_id_blank", "'missing:account_id'"),
                ("account_id is null", "'invalid:account_id:' || account_id_invalid_reason"),
                ("is_created_at_blank", "'missing:created_at'"),
                ("created_at is null", "'unparsable:created_at'"),
                (
                    "not " ~ in_plausible_range('created_at', 'crm_accounts', 'created_at'),
                    "'out_of_range:created_at'"
                )
            ],
            unique_key=['account_id'],
            order_by='created_at, last_name, first_name, date_of_birth, street'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
