-- One row per web event (page view, login, signup, form submit, quiz answer, ESP click-through).
-- Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_web__events') }}
),

final as (
    select
        event_id,
        occurred_at,
        anonymous_id,
        account_id,
        account_id_invalid_reason,
        event_type,
        page_url,
        referrer,
        user_agent,
        device_class,
        os,
        browser,
        ip_address,
        properties,
        properties_invalid_reason,
        form_email,
        form_email_invalid_reason,
        esp_record_id,
        esp_record_id_invalid_reason,
        content_category,
        quiz_question,
        quiz_answer,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
