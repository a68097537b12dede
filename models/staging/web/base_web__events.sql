{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised web events with the reason a row cannot be staged (NULL = stageable).
-- A view: stg_web__events keeps the good rows, quarantined_records the others.
with source as (
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

typed as (
    select
        source._source_file,
        source._source_fingerprint,
        source._source_line,
        source._reject_reason,
        trim(source.event_id) as event_id,
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        {{ normalize_anonymous_id('anonymous_id') }} as anonymous_id,
        {{ anonymous_id_invalid_reason('anonymous_id') }} as anonymous_id_invalid_reason,
        {{ normalize_account_id('user_id') }} as account_id,
        {{ account_id_invalid_reason('user_id') }} as account_id_invalid_reason,
        lower({{ free_text('source.event_type', 50) }}) as event_type,
        {{ free_text('source.page_url', 2000) }} as page_url,
        {{ free_text('source.referrer', 2000) }} as referrer,
        nullif(trim(source.user_agent), '') as user_agent,
        user_agents.device_class,
        user_agents.os,
        user_agents.browser,
        nullif(trim(source.ip_address), '') as ip_address,
        case when {{ is_valid_json('properties') }} then source.properties end as properties,
        case
            when nullif(trim(source.properties), '') is not null and not {{ is_valid_json('properties') }}
                then 'invalid_json'
        end as properties_invalid_reason,
        {{ normalize_email(safe_json_text('properties', 'email')) }} as form_email,
        {{ email_invalid_reason(safe_json_text('properties', 'email')) }} as form_email_invalid_reason,
        {{ normalize_esp_record_id(esp_record_id_from_url('page_url')) }} as esp_record_id,
        {{ esp_record_id_invalid_reason(esp_record_id_from_url('page_url')) }}
            as esp_record_id_invalid_reason,
        lower({{ free_text(safe_json_text('properties', 'content_category'), 100) }}) as content_category,
        lower({{ free_text(safe_json_text('properties', 'question'), 100) }}) as quiz_question,
        {{ free_text(safe_json_text('properties', 'answer'), 200) }} as quiz_answer,
        {{ raw_record_value('source') }} as raw_record,
        {{ is_blank('occurred_at') }} as is_occurred_at_blank,
        {{ is_blank('anonymous_id') }} as is_anonymous_id_blank
    from source
    left join user_agents
        on source.user_agent = user_agents.agent
),

-- duplicated_keys, final: each row with its quarantine reason (quarantine_ctes).
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
    order_by='occurred_at, anonymous_id, account_id, event_type, page_url, properties'
) }}

select {{ star_with_raw_record() }} from final
