-- One row per identifier node of the eight published types with the device, persona and person
-- it resolves to (no values: identity_map joins them). Shared identifiers resolve to no persona
-- and no person. is_erased marks the identifiers of erased persons (no mart shows them). The keys
-- each node has had are kept in int_identity__key_history, from which identity_key_aliases is
-- derived: this model holds the present only, so a run that stops after it loses nothing.
-- The published types are joined, not filtered with `in (...)`: DuckDB guesses that a filter keeps
-- a fifth of the rows, then builds the joins' hash tables on the identifiers (9M at 1M persons)
-- instead of on the lookups, and ran out of memory at 6 GB; a join's estimate comes from the
-- types' distinct counts (docs/benchmarks.md, session 23).
with identifiers as (
    select all_identifiers.*
    from {{ ref('int_identity__identifiers') }} as all_identifiers
    inner join (
        values
        {%- for identifier_type in identifier_types() %}
            ('{{ identifier_type }}'){% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as published_types (identifier_type)
        on all_identifiers.identifier_type = published_types.identifier_type
),

shared as (
    select * from {{ ref('int_identity__shared_nodes') }}
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

erased as (
    select distinct node from {{ ref('int_privacy__erased_nodes') }}
),

resolved as (
    select
        identifiers.node,
        identifiers.identifier_type,
        devices.device_id,
        case
            when identifiers.scope = 'device' then devices.persona_id
            else coalesce(personas.persona_id, person_nodes.sole_persona_id)
        end as persona_id,
        case
            when identifiers.scope = 'device' then devices.person_id
            else persons.person_id
        end as person_id,
        shared.node is not null as is_shared,
        shared.shared_reason,
        identifiers.first_seen_at,
        identifiers.last_seen_at
    from identifiers
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

current_keys as (
    select
        node,
        identifier_type,
        device_id,
        case when not is_shared then persona_id end as persona_id,
        case when not is_shared then person_id end as person_id,
        is_shared,
        shared_reason,
        first_seen_at,
        last_seen_at
    from resolved
),

final as (
    select
        current_keys.*,
        erased.node is not null as is_erased
    from current_keys
    left join erased
        on current_keys.node = erased.node
)

select * from final
