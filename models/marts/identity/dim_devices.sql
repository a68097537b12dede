-- One row per device: a browser profile (cookie) or an app install, with its class, OS, browser,
-- activity and, when unambiguous, its persona and person.
with devices as (
    select * from {{ ref('int_identity__devices') }}
),

profiles as (
    select * from {{ ref('int_devices__profiles') }}
),

identifier_values as (
    select * from {{ ref('int_identity__identifier_values') }}
),

activity as (
    select * from {{ ref('int_devices__content_activity') }}
),

top_category as (
    select
        device_node,
        count(*) as n_content_categories,
        max(case when category_rank = 1 then content_category end) as top_content_category
    from (
        select
            device_node,
            content_category,
            row_number() over (
                partition by device_node order by n_events desc nulls last, content_category asc
            ) as category_rank
        from activity
    ) as ranked
    group by device_node
),

final as (
    select
        devices.device_id,
        identifier_values.identifier_type,
        identifier_values.identifier_value,
        profiles.device_class,
        profiles.os,
        profiles.browser,
        profiles.device_model,
        devices.persona_id,
        devices.person_id,
        devices.is_shared,
        devices.shared_reason,
        devices.n_personas,
        devices.n_persons,
        profiles.n_events,
        coalesce(top_category.n_content_categories, 0) as n_content_categories,
        top_category.top_content_category,
        profiles.first_seen_at,
        profiles.last_seen_at
    from devices
    inner join profiles
        on devices.device_node = profiles.device_node
    -- Erased devices have no value any more, so they drop out here.
    inner join identifier_values
        on devices.device_node = identifier_values.node
    left join top_category
        on devices.device_node = top_category.device_node
)

select * from final
