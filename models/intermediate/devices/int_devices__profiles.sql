-- One row per device (browser cookie or app install): what kind of device it is and how active.
-- The most frequent class, OS and browser win, so that one odd user agent does not relabel it.
with events as (
    select * from {{ ref('int_devices__events') }}
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
