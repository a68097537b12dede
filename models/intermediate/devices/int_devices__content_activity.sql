-- One row per (device, content category) with how many events of that category the device had:
-- the device-frame activity behind content-interest segments.
with web_events as (
    select * from {{ ref('stg_web__events') }}
),

app_events as (
    select * from {{ ref('stg_app__events') }}
),

events as (
    select
        {{ identifier_node("'anonymous_id'", 'anonymous_id') }} as device_node,
        content_category,
        occurred_at
    from web_events
    where content_category is not null and content_category != ''
    union all
    select
        {{ identifier_node("'device_id'", 'device_id') }} as device_node,
        content_category,
        occurred_at
    from app_events
    where content_category is not null and content_category != ''
),

final as (
    select
        device_node,
        content_category,
        count(*) as n_events,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at
    from events
    group by device_node, content_category
)

select * from final
