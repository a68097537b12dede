-- One row per identifier that can take part in the person graph, with the node that stands for it
-- there: its persona (persona_graph_node) for persona members, else itself. Person-scope
-- identifiers are shared and kept from bridging when more distinct nodes than their type's
-- max_persona_links hold them through weak evidence only (a shop phone on strangers' orders, a
-- house loyalty card), or more than twice that many in all (a consultant's 2FA phone on her
-- client accounts is strong evidence and stays hers). One seen with a single persona only gets
-- that persona as sole_persona_id.
with identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

shared as (
    select * from {{ ref('int_identity__shared_identifiers') }}
),

personas as (
    select * from {{ ref('int_identity__personas') }}
),

evidence as (
    select * from {{ ref('int_identity__evidence') }}
    where merge_level in ('persona', 'person')
),

mapped as (
    select
        identifiers.node,
        identifiers.identifier_type,
        identifiers.scope,
        identifiers.first_seen_at,
        personas.persona_id,
        coalesce({{ persona_graph_node('personas.persona_id') }}, identifiers.node) as graph_node
    from identifiers
    left join shared
        on identifiers.node = shared.node
    left join personas
        on identifiers.node = personas.node
    where identifiers.scope in ('persona', 'person') and shared.node is null
),

linked as (
    select
        mapped_a.graph_node as graph_node_a,
        mapped_b.graph_node as graph_node_b,
        mapped_a.persona_id as persona_id_a,
        mapped_b.persona_id as persona_id_b,
        evidence.confidence
    from evidence
    inner join mapped as mapped_a on evidence.node_a = mapped_a.node
    inner join mapped as mapped_b on evidence.node_b = mapped_b.node
),

-- Both directions, so that each graph node sees its neighbours whichever side it was on. A
-- neighbour that stands for a persona carries its persona_id (NULL for an identifier of its own).
neighbours as (
    select
        graph_node_a as graph_node,
        graph_node_b as neighbour,
        persona_id_b as neighbour_persona_id,
        confidence
    from linked
    union all
    select
        graph_node_b as graph_node,
        graph_node_a as neighbour,
        persona_id_a as neighbour_persona_id,
        confidence
    from linked
),

-- The strongest evidence between each pair of graph nodes.
neighbour_pairs as (
    select
        graph_node,
        neighbour,
        max(neighbour_persona_id) as neighbour_persona_id,
        max(confidence) as best_confidence
    from neighbours
    where graph_node != neighbour
    group by graph_node, neighbour
),

degrees as (
    select
        graph_node,
        count(*) as n_neighbours,
        -- Neighbours held only through weak evidence (a phone typed on an order): a shop phone's
        -- strangers. Strong evidence (a verified 2FA phone) shows the owner holds the identifier.
        count(
            case when best_confidence < {{ var('person_evidence_strong_confidence') }} then 1 end
        ) as n_weak_neighbours,
        count(neighbour_persona_id) as n_persona_neighbours,
        min(neighbour_persona_id) as persona_neighbour_id
    from neighbour_pairs
    group by graph_node
),

final as (
    select
        mapped.node,
        mapped.identifier_type,
        mapped.persona_id,
        mapped.graph_node,
        mapped.first_seen_at,
        coalesce(degrees.n_neighbours, 0) as n_neighbours,
        -- A person-scope identifier (a phone) seen with one persona only belongs to that persona.
        case
            when mapped.persona_id is null and degrees.n_persona_neighbours = 1
                then degrees.persona_neighbour_id
        end as sole_persona_id,
        case
            when
                mapped.persona_id is null
                and identifier_types.max_persona_links is not null
                and (
                    degrees.n_weak_neighbours > identifier_types.max_persona_links
                    or degrees.n_neighbours > 2 * identifier_types.max_persona_links
                )
                then 'too_many_personas'
        end as shared_reason
    from mapped
    inner join identifier_types
        on mapped.identifier_type = identifier_types.identifier_type
    left join degrees
        on mapped.graph_node = degrees.graph_node
)

select * from final
