-- One row per smartphone web browser whose persona (or, when the persona is unknown, whose
-- person) has no known app install. Level: device. Routing: an in-page prompt on that browser.
with devices as (
    select * from {{ ref('dim_devices') }}
),

app_personas as (
    select distinct persona_id from devices
    where identifier_type = 'device_id' and persona_id is not null
),

app_persons as (
    select distinct person_id from devices
    where identifier_type = 'device_id' and person_id is not null
),

final as (
    select
        devices.device_id,
        devices.persona_id,
        devices.person_id,
        devices.device_class,
        devices.os,
        devices.browser,
        devices.last_seen_at
    from devices
    left join app_personas
        on devices.persona_id = app_personas.persona_id
    left join app_persons
        on devices.person_id = app_persons.person_id
    where
        devices.identifier_type = 'anonymous_id'
        and devices.device_class = 'smartphone'
        and app_personas.persona_id is null
        and app_persons.person_id is null
)

select * from final
