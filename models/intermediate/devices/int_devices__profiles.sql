-- One row per device (browser cookie or app install): what kind of device it is and how active.
-- The most frequent class, OS and browser win, so that one odd user agent does not relabel it.
with web_events as (
    select * from {{ ref('stg_web__events') }}
),

app_events as (
    select * from {{ ref('stg_app__events') }}
),

events as (
    select
        {{ identifier_node("'anonymous_id'", 'anonymous_id') }} as device_node,
        'anonymous_id' as identifier_type,
        occurred_at,
        device_class,
        os,
        browser,
        cast(null as {{ dbt.type_string() }}) as device_model
    from web_events
    union all
    select
        {{ identifier_node("'device_id'", 'device_id') }} as device_node,
        'device_id' as identifier_type,
        occurred_at,
        device_class,
        platform as os,
        'app' as browser,
        device_model
    from app_events
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
        max(occurred_at) as last_seen_at
    from events
    group by device_node, identifier_type
)

select * from final
