-- One row per normalised identifier of the eight published types, with the device, persona and
-- person it resolves to, and the probable person of that person (person_probable_id: strict persons
-- joined by probabilistic person-record matches; never used for contact routing). Shared
-- identifiers resolve to no persona and no person; their probable person is their own.
with node_keys as (
    select * from {{ ref('int_identity__node_keys') }}
),

-- Erased identifiers have no value any more, so they drop out of the inner join below.
identifier_values as (
    select * from {{ ref('int_identity__identifier_values') }}
),

probable_persons as (
    select * from {{ ref('int_identity__probable_persons') }}
),

final as (
    select
        node_keys.identifier_type,
        identifier_values.identifier_value,
        node_keys.device_id,
        node_keys.persona_id,
        node_keys.person_id,
        coalesce(
            probable_persons.person_probable_id,
            {{ node_identity_key('ppr_', 'node_keys.node') }}
        ) as person_probable_id,
        node_keys.is_shared,
        node_keys.shared_reason,
        node_keys.first_seen_at,
        node_keys.last_seen_at
    from node_keys
    inner join identifier_values
        on node_keys.node = identifier_values.node
    left join probable_persons
        on node_keys.person_id = probable_persons.person_id
)

select * from final
