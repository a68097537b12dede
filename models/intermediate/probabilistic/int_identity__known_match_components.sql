{{ config(materialized='connected_components', node_a='node_a', node_b='node_b', incremental=false) }}

-- Connected components of the identity graph's nodes inside each strict person through evidence
-- that is an identifier, not the person's details: every evidence edge except the name + date of
-- birth + address rules (link_kind name_dob_address*), between two nodes of one strict person.
-- Two person records whose nodes share a component are one person's records, known without
-- reading their details: the known matches of int_identity__known_match_m_probabilities.
-- (The name + date of birth + address key's node has no strict person today, so the same-person
-- condition drops those edges too; the filter states the intent and holds if that changes.)
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

node_keys as (
    select * from {{ ref('int_identity__node_keys') }}
    where person_id is not null and not is_erased
),

final as (
    select
        evidence.node_a,
        evidence.node_b
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
