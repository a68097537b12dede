-- One row per normalised identifier of the eight published types, with the device, persona and
-- person it resolves to. Shared identifiers resolve to no persona and no person.
with identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
    where identifier_type in (
        {%- for identifier_type in identifier_types() %}
            '{{ identifier_type }}'{% if not loop.last %},{% endif %}
        {%- endfor %}
    )
),

-- Erased identifiers have no value any more, so they drop out of the inner join below.
identifier_values as (
    select * from {{ ref('int_identity__identifier_values') }}
),

shared as (
    select * from {{ ref('int_identity__shared_identifiers') }}
),

personas as (
    select * from {{ ref('int_identity__personas') }}
),

person_nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
),

persons as (
    select * from {{ ref('int_identity__persons') }}
),

devices as (
    select * from {{ ref('int_identity__devices') }}
),

resolved as (
    select
        identifiers.identifier_type,
        identifier_values.identifier_value,
        devices.device_id,
        case
            when identifiers.scope = 'device' then devices.persona_id
            else coalesce(personas.persona_id, person_nodes.sole_persona_id)
        end as persona_id,
        case
            when identifiers.scope = 'device' then devices.person_id
            else persons.person_id
        end as person_id,
        case
            when identifiers.scope = 'device' then devices.is_shared
            else shared.node is not null or person_nodes.shared_reason is not null
        end as is_shared,
        case
            when identifiers.scope = 'device' then devices.shared_reason
            else coalesce(shared.shared_reason, person_nodes.shared_reason)
        end as shared_reason,
        identifiers.first_seen_at,
        identifiers.last_seen_at
    from identifiers
    inner join identifier_values
        on identifiers.node = identifier_values.node
    left join shared
        on identifiers.node = shared.node
    left join personas
        on identifiers.node = personas.node
    left join person_nodes
        on identifiers.node = person_nodes.node
    left join persons
        on person_nodes.graph_node = persons.graph_node and person_nodes.shared_reason is null
    left join devices
        on identifiers.node = devices.device_node
),

final as (
    select
        identifier_type,
        identifier_value,
        device_id,
        case when not is_shared then persona_id end as persona_id,
        case when not is_shared then person_id end as person_id,
        is_shared,
        shared_reason,
        first_seen_at,
        last_seen_at
    from resolved
)

select * from final
