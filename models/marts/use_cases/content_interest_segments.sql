-- One row per (device, content segment) the device shows interest in: at least the var
-- content_segment_min_events events of that content category. Level: device. Routing: on-site
-- or in-app content on that device; no contact point is used.
with activity as (
    select * from {{ ref('int_devices__content_activity') }}
),

devices as (
    select * from {{ ref('int_identity__devices') }}
),

-- Erased devices have no value any more: keep only devices still published.
published as (
    select device_id from {{ ref('dim_devices') }}
),

final as (
    select
        devices.device_id,
        activity.content_category as segment,
        activity.n_events,
        activity.first_seen_at,
        activity.last_seen_at
    from activity
    inner join devices
        on activity.device_node = devices.device_node
    inner join published
        on devices.device_id = published.device_id
    where activity.n_events >= {{ var('content_segment_min_events') }}
)

select * from final
