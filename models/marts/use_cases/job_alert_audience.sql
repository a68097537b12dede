-- One row per (persona, subscribed email, job-alert list). Level: persona. Routing: the email the
-- persona subscribed with, never another persona's address (Julia); job_title only from quiz
-- answers given on that persona's own devices.
with subscriptions as (
    select * from {{ ref('int_marketing__current_subscriptions') }}
    where list_name in ('{{ var("job_alert_lists") | join("', '") }}') and status = 'subscribed'
),

identity_map as (
    select * from {{ ref('identity_map') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

persona_devices as (
    select
        identifier_value as anonymous_id,
        persona_id
    from identity_map
    where identifier_type = 'anonymous_id' and persona_id is not null
),

job_titles as (
    select
        persona_devices.persona_id,
        web_events.quiz_answer as job_title,
        row_number() over (
            partition by persona_devices.persona_id
            order by web_events.occurred_at desc nulls last, web_events.event_id asc
        ) as answer_rank
    from web_events
    inner join persona_devices
        on web_events.anonymous_id = persona_devices.anonymous_id
    where
        web_events.quiz_question = '{{ var("job_title_question") }}'
        and web_events.quiz_answer is not null
),

final as (
    select
        identity_map.persona_id,
        identity_map.person_id,
        subscriptions.email,
        subscriptions.list_name,
        job_titles.job_title,
        subscriptions.subscribed_at
    from subscriptions
    inner join identity_map
        on
            identity_map.identifier_type = 'email'
            and subscriptions.email = identity_map.identifier_value
    left join job_titles
        on identity_map.persona_id = job_titles.persona_id and job_titles.answer_rank = 1
    where identity_map.persona_id is not null
)

select * from final
