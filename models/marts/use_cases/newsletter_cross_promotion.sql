-- One row per (persona, subscribed email, list it reads, list suggested to it). Level: persona.
-- Routing: the email with which the persona subscribed; never a list any email of that persona
-- unsubscribed from, never to another persona's address.
with subscriptions as (
    select * from {{ ref('int_marketing__current_subscriptions') }}
),

identity_map as (
    select * from {{ ref('identity_map') }}
    where identifier_type = 'email' and persona_id is not null
),

lists as (
    select distinct list_name from subscriptions
    where list_name not in ('{{ var("job_alert_lists") | join("', '") }}')
),

persona_subscriptions as (
    select
        identity_map.persona_id,
        subscriptions.email,
        subscriptions.list_name,
        subscriptions.status
    from subscriptions
    inner join identity_map
        on subscriptions.email = identity_map.identifier_value
),

-- Lists a persona already has a status on, through any of its emails: never suggested again.
known_lists as (
    select distinct
        persona_id,
        list_name
    from persona_subscriptions
),

final as (
    select
        subscribed.persona_id,
        subscribed.email,
        subscribed.list_name as subscribed_list,
        lists.list_name as suggested_list
    from persona_subscriptions as subscribed
    cross join lists
    left join known_lists
        on subscribed.persona_id = known_lists.persona_id and lists.list_name = known_lists.list_name
    where
        subscribed.status = 'subscribed'
        and subscribed.list_name not in ('{{ var("job_alert_lists") | join("', '") }}')
        and known_lists.list_name is null
)

select * from final
