-- One row per (device, content category) with how many events of that category the device had:
-- the device-frame activity behind content-interest segments.
with events as (
    select * from {{ ref('int_devices__events') }}
    where content_category is not null
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
