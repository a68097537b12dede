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

-- One row per device and look (class, OS, browser, model) with its events. A device mostly keeps
-- one look, so the most frequent values below are counted over a few rows per device instead of
-- sorting every event once per attribute.
looks as (
    select
        device_node,
        identifier_type,
        device_class,
        os,
        browser,
        device_model,
        count(*) as n_events,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at,
        max(_loaded_at) as _loaded_at
    from events
    group by device_node, identifier_type, device_class, os, browser, device_model
),

look_values as (
    select
        device_node,
        'device_class' as look_attribute,
        device_class as attribute_value,
        n_events
    from looks
    union all
    select
        device_node,
        'os' as look_attribute,
        os as attribute_value,
        n_events
    from looks
    union all
    select
        device_node,
        'browser' as look_attribute,
        browser as attribute_value,
        n_events
    from looks
    union all
    select
        device_node,
        'device_model' as look_attribute,
        device_model as attribute_value,
        n_events
    from looks
),

-- Each attribute's most frequent non-NULL value per device, the smallest among equally frequent
-- ones (as mode() within group (order by value) gives).
ranked_values as (
    select
        device_node,
        look_attribute,
        attribute_value,
        row_number() over (
            partition by device_node, look_attribute
            order by sum(n_events) desc, attribute_value asc
        ) as value_rank
    from look_values
    where attribute_value is not null
    group by device_node, look_attribute, attribute_value
),

modes as (
    select
        device_node,
        max(case when look_attribute = 'device_class' then attribute_value end) as device_class,
        max(case when look_attribute = 'os' then attribute_value end) as os,
        max(case when look_attribute = 'browser' then attribute_value end) as browser,
        max(case when look_attribute = 'device_model' then attribute_value end) as device_model
    from ranked_values
    where value_rank = 1
    group by device_node
),

devices as (
    select
        device_node,
        identifier_type,
        cast(sum(n_events) as {{ dbt.type_bigint() }}) as n_events,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        max(_loaded_at) as _loaded_at
    from looks
    group by device_node, identifier_type
),

final as (
    select
        devices.device_node,
        devices.identifier_type,
        modes.device_class,
        modes.os,
        modes.browser,
        modes.device_model,
        devices.n_events,
        devices.first_seen_at,
        devices.last_seen_at,
        devices._loaded_at
    from devices
    left join modes
        on devices.device_node = modes.device_node
)

select * from final
