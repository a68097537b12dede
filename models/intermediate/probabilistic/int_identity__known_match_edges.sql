-- The evidence edges that say two nodes are one person's without reading the person's details:
-- every evidence edge except the name + date of birth + address rules (link_kind
-- name_dob_address*), between two nodes of one strict person, with the identifier type of each
-- side. The known-match graphs (int_identity__known_match_components, and the same without one
-- type's edges: int_identity__known_match_components_without_type) are built from these.
-- (The name + date of birth + address key's node has no strict person today, so the same-person
-- condition drops those edges too; the filter states the intent and holds if that changes.)
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

sample_persons as (
    select * from {{ ref('int_identity__known_match_sample_persons') }}
),

node_keys as (
    select node_keys.*
    from {{ ref('int_identity__node_keys') }} as node_keys
    inner join sample_persons
        on node_keys.person_id = sample_persons.person_id
    where not node_keys.is_erased
),

-- Distinct: two rules may join the same two nodes.
final as (
    select distinct
        evidence.node_a,
        evidence.node_b,
        evidence.identifier_type_a,
        evidence.identifier_type_b
    from evidence
    inner join node_keys as side_a
        on evidence.node_a = side_a.node
    inner join node_keys as side_b
        on evidence.node_b = side_b.node
    where
        evidence.link_kind not like 'name_dob_address%'
        and side_a.person_id = side_b.person_id
)

select * from final
