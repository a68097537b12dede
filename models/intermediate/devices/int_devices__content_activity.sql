{{ config(
    materialized=incremental_materialization(),
    unique_key=['device_node', 'content_category'],
    on_schema_change='fail',
) }}

-- One row per (device, content category) with how many events of that category the device had:
-- the device-frame activity behind content-interest segments. Incremental: the (device, category)
-- pairs with events added since the last run are recomputed from all their events.
{%- set since = incremental_watermark() %}
with events as (
    select * from {{ ref('int_devices__events') }}
    where content_category is not null
),

-- Incremental: only the devices with new events of some category.
scoped as (
    select * from events
    {%- if since is not none %}
    where device_node in (
        select events.device_node
        from events
        where events._loaded_at > {{ since }}
    )
    {%- endif %}
),

final as (
    select
        device_node,
        content_category,
        count(*) as n_events,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        max(_loaded_at) as _loaded_at
    from scoped
    group by device_node, content_category
)

select * from final
