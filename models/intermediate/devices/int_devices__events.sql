-- One row per web or app event in the device frame: the device (pseudonymised node), when, what
-- kind of device it looked like, and the content category. Shared by the device profile and the
-- content activity models.
with web_events as (
    select * from {{ ref('stg_web__events') }}
),

app_events as (
    select * from {{ ref('stg_app__events') }}
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
        nullif(content_category, '') as content_category
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
        nullif(content_category, '') as content_category
    from app_events
)

select * from final
