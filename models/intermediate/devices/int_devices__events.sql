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

final as (
    select
        {{ identifier_node("'anonymous_id'", 'anonymous_id') }} as device_node,
        'anonymous_id' as identifier_type,
        occurred_at,
        device_class,
        os,
        browser,
        cast(null as {{ dbt.type_string() }}) as device_model,
        nullif(content_category, '') as content_category,
        _loaded_at
    from web_events
    union all
    select
        {{ identifier_node("'device_id'", 'device_id') }} as device_node,
        'device_id' as identifier_type,
        occurred_at,
        device_class,
        platform as os,
        'app' as browser,
        device_model,
        nullif(content_category, '') as content_category,
        _loaded_at
    from app_events
)

select * from final
