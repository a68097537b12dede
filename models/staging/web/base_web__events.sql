{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised web events with the reason a row cannot be staged (NULL = stageable).
-- A view: stg_web__events keeps the good rows, quarantined_records the others.
-- The raw rows are read again by each query below rather than written once and read back
-- (inlined_cte: on DuckDB each distinct-value list then scans its one column only).
with source as {{ inlined_cte() }} (
    select *
    from {{ raw_table('web', 'web_events') }}
),

-- User agents repeat massively: parse each distinct one once.
user_agents as (
    select
        agent,
        {{ user_agent_device_class('agent') }} as device_class,
        {{ user_agent_os('agent') }} as os,
        {{ user_agent_browser('agent') }} as browser
    from (select distinct user_agent as agent from source) as distinct_agents
),

-- So do a visitor's ids, the site's URLs, referrers and event properties (at 100k persons 1.5M
-- events hold 150k anonymous ids, 93k user ids, 111k URLs and 93k property texts): each distinct
-- value is normalised once and joined back. A NULL value matches no row and gets NULL columns,
-- which is what each normalisation gives a NULL.
anonymous_ids as (
    select
        anonymous_id as raw_anonymous_id,
        {{ normalize_anonymous_id('anonymous_id') }} as normalized_anonymous_id,
        {{ anonymous_id_invalid_reason('anonymous_id') }} as anonymous_id_invalid_reason
    from (select distinct anonymous_id from source) as distinct_anonymous_ids
),

user_ids as (
    select
        user_id as raw_user_id,
        {{ normalize_account_id('user_id') }} as account_id,
        {{ account_id_invalid_reason('user_id') }} as account_id_invalid_reason
    from (select distinct user_id from source) as distinct_user_ids
),

event_types as (
    select
        event_type as raw_event_type,
        lower({{ free_text('event_type', 50) }}) as cleaned_event_type
    from (select distinct event_type from source) as distinct_event_types
),

page_urls as (
    select
        page_url as raw_page_url,
        {{ free_text('page_url', 2000) }} as cleaned_page_url,
        {{ normalize_esp_record_id(esp_record_id_from_url('page_url')) }} as esp_record_id,
        {{ esp_record_id_invalid_reason(esp_record_id_from_url('page_url')) }}
            as esp_record_id_invalid_reason
    from (select distinct page_url from source) as distinct_page_urls
),

referrers as (
    select
        referrer as raw_referrer,
        {{ free_text('referrer', 2000) }} as cleaned_referrer
    from (select distinct referrer from source) as distinct_referrers
),

property_texts as (
    select
        properties as raw_properties,
        case when {{ is_valid_json('properties') }} then properties end as valid_properties,
        case
            when nullif(trim(properties), '') is not null and not {{ is_valid_json('properties') }}
                then 'invalid_json'
        end as properties_invalid_reason,
        {{ normalize_email(safe_json_text('properties', 'email')) }} as form_email,
        {{ email_invalid_reason(safe_json_text('properties', 'email')) }} as form_email_invalid_reason,
        lower({{ free_text(safe_json_text('properties', 'content_category'), 100) }}) as content_category,
        lower({{ free_text(safe_json_text('properties', 'question'), 100) }}) as quiz_question,
        {{ free_text(safe_json_text('properties', 'answer'), 200) }} as quiz_answer
    from (select distinct properties from source) as distinct_property_texts
),

typed as (
    select
        source._source_file,
        source._source_fingerprint,
        source._source_line,
        source._reject_reason,
        trim(source.event_id) as event_id,
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        anonymous_ids.normalized_anonymous_id as anonymous_id,
        anonymous_ids.anonymous_id_invalid_reason,
        user_ids.account_id,
        user_ids.account_id_invalid_reason,
        event_types.cleaned_event_type as event_type,
        page_urls.cleaned_page_url as page_url,
        referrers.cleaned_referrer as referrer,
        nullif(trim(source.user_agent), '') as user_agent,
        user_agents.device_class,
        user_agents.os,
        user_agents.browser,
        nullif(trim(source.ip_address), '') as ip_address,
        property_texts.valid_properties as properties,
        property_texts.properties_invalid_reason,
        property_texts.form_email,
        property_texts.form_email_invalid_reason,
        page_urls.esp_record_id,
        page_urls.esp_record_id_invalid_reason,
        property_texts.content_category,
        property_texts.quiz_question,
        property_texts.quiz_answer,
        {{ raw_record_value('source') }} as raw_record,
        {{ is_blank('occurred_at') }} as is_occurred_at_blank,
        {{ is_blank('anonymous_id') }} as is_anonymous_id_blank
    from source
    left join user_agents
        on source.user_agent = user_agents.agent
    left join anonymous_ids
        on source.anonymous_id = anonymous_ids.raw_anonymous_id
    left join user_ids
        on source.user_id = user_ids.raw_user_id
    left join event_types
        on source.event_type = event_types.raw_event_type
    left join page_urls
        on source.page_url = page_urls.raw_page_url
    left join referrers
        on source.referrer = referrers.raw_referrer
    left join property_texts
        on source.properties = property_texts.raw_properties
),

-- raw_duplicated_keys, checked_rows (DuckDB), duplicated_keys, final: each row with its quarantine
-- reason (quarantine_ctes); raw_record is kept only on the rows that may be quarantined.
{{ quarantine_ctes(
    checks=[
        ("event_id is null or event_id = ''", "'missing:event_id'"),
        ("is_occurred_at_blank", "'missing:occurred_at'"),
        ("occurred_at is null", "'unparsable:occurred_at'"),
        (
            "not " ~ in_plausible_range('occurred_at', 'web_events', 'occurred_at'),
            "'out_of_range:occurred_at'"
        ),
        ("is_anonymous_id_blank", "'missing:anonymous_id'"),
        ("anonymous_id is null", "'invalid:anonymous_id:' || anonymous_id_invalid_reason")
    ],
    unique_key=['event_id'],
    order_by='occurred_at, anonymous_id, account_id, event_type, page_url, properties',
    raw_unique_key=['trim(event_id)']
) }}

select {{ star_with_raw_record() }} from final
