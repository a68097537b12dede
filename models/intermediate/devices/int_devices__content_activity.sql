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
    where
        content_category is not null
        {%- if since is not none %}
        and device_node in (
            select new_events.device_node
            from {{ ref('int_devices__events') }} as new_events
            where new_events._loaded_at > {{ since }} and new_events.content_category is not null
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
    from events
    group by device_node, content_category
)

select * from final
