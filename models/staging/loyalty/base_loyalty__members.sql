{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised loyalty members with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('loyalty', 'loyalty_members') }}
),

-- The country first, in its own step: phones are read in it. Each raw date is parsed here once:
-- the typed step reads the parsed date twice (kept when plausible; else why not).
with_country as (
    select
        *,
        {{ normalize_country('country') }} as country_code,
        {{ raw_record_value('source') }} as raw_record,
        {{ parse_timestamp('enrolled_at') }} as enrolled_at_parsed,
        {{ parse_date('date_of_birth') }} as date_of_birth_parsed
    from source
),

typed as (
    select
        _source_file,
        _source_fingerprint,
        _source_line,
        _reject_reason,
        {{ normalize_loyalty_number('loyalty_number') }} as loyalty_number,
        {{ loyalty_number_invalid_reason('loyalty_number') }} as loyalty_number_invalid_reason,
        {{ plausible_value('enrolled_at_parsed', 'loyalty_members', 'enrolled_at') }} as enrolled_at,
        {{ date_range_invalid_reason('enrolled_at', 'enrolled_at_parsed', 'loyalty_members', 'enrolled_at') }}
            as enrolled_at_invalid_reason,
        {{ normalize_name('first_name') }} as first_name,
        {{ normalize_name('last_name') }} as last_name,
        {{ name_match_key('first_name') }} as first_name_key,
        {{ name_match_key('last_name') }} as last_name_key,
        {{ normalize_email('email') }} as email,
        {{ email_invalid_reason('email') }} as email_invalid_reason,
        {{ normalize_phone('phone', 'country_code') }} as phone,
        {{ phone_invalid_reason('phone', 'country_code') }} as phone_invalid_reason,
        {{ plausible_value('date_of_birth_parsed', 'loyalty_members', 'date_of_birth') }} as date_of_birth,
        {{ date_range_invalid_reason('date_of_birth', 'date_of_birth_parsed', 'loyalty_members', 'date_of_birth') }}
            as date_of_birth_invalid_reason,
        {{ normalize_street('street') }} as street,
        {{ normalize_name('city') }} as city,
        {{ normalize_postal_code('postal_code') }} as postal_code,
        country_code as country,
        raw_record,
        {{ is_blank('loyalty_number') }} as is_loyalty_number_blank
    from with_country
),

final as (
    select
        *,
        {{ quarantine_reason(
            checks=[
                ("is_loyalty_number_blank", "'missing:loyalty_number'"),
                ("loyalty_number is null", "'invalid:loyalty_number:' || loyalty_number_invalid_reason")
            ],
            unique_key=['loyalty_number'],
            order_by='enrolled_at, email, phone, last_name, first_name'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
