{{ config(materialized=incremental_materialization(), unique_key='device_node', on_schema_change='fail') }}

-- One row per device (browser cookie or app install): what kind of device it is and how active.
-- The most frequent class, OS and browser win, so that one odd user agent does not relabel it.
-- Incremental: the devices with events added since the last run are recomputed from all their
-- events; _loaded_at is the last run that changed the row.
{%- set since = incremental_watermark() %}
with events as (
    select * from {{ ref('int_devices__events') }}
    {%- if since is not none %}
    where device_node in (
        select new_events.device_node
        from {{ ref('int_devices__events') }} as new_events
        where new_events._loaded_at > {{ since }}
    )
    {%- endif %}
),

final as (
    select
        device_node,
        identifier_type,
        {{ mode_of('device_class') }} as device_class,
        {{ mode_of('os') }} as os,
        {{ mode_of('browser') }} as browser,
        {{ mode_of('device_model') }} as device_model,
        count(*) as n_events,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        max(_loaded_at) as _loaded_at
    from events
    group by device_node, identifier_type
)

select * from final
