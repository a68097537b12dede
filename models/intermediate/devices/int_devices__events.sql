{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- One row per web or app event in the device frame: the device (pseudonymised node), when, what
-- kind of device it looked like, and the content category. Shared by the device profile and the
-- content activity models. Incremental: a run appends the events staged since the last one.
{%- set since = incremental_watermark() %}
with web_events as (
    select * from {{ ref('stg_web__events') }}
    {%- if since is not none %}
    where _loaded_at > {{ since }}
    {%- endif %}
),

app_events as (
    select * from {{ ref('stg_app__events') }}
    {%- if since is not none %}
    where _loaded_at > {{ since }}
    {%- endif %}
),

-- A device node is a keyed hash of its id: each distinct id is hashed once (an id has many
-- events) and joined back. A NULL id matches nothing and keeps a NULL node, as its hash would.
web_devices as {{ materialized_cte() }} (
    select
        anonymous_id,
        {{ identifier_node("'anonymous_id'", 'anonymous_id') }} as device_node
    from (select distinct anonymous_id from web_events) as distinct_anonymous_ids
),

app_devices as {{ materialized_cte() }} (
    select
        device_id,
        {{ identifier_node("'device_id'", 'device_id') }} as device_node
    from (select distinct device_id from app_events) as distinct_device_ids
),

final as (
    select
        web_devices.device_node,
        'anonymous_id' as identifier_type,
        web_events.occurred_at,
        web_events.device_class,
        web_events.os,
        web_events.browser,
        cast(null as {{ dbt.type_string() }}) as device_model,
        nullif(web_events.content_category, '') as content_category,
        web_events._loaded_at
    from web_events
    left join web_devices
        on web_events.anonymous_id = web_devices.anonymous_id
    union all
    select
        app_devices.device_node,
        'device_id' as identifier_type,
        app_events.occurred_at,
        app_events.device_class,
        app_events.platform as os,
        'app' as browser,
        app_events.device_model,
        nullif(app_events.content_category, '') as content_category,
        app_events._loaded_at
    from app_events
    left join app_devices
        on app_events.device_id = app_devices.device_id
)

select * from final
