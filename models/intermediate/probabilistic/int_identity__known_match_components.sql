{{ config(materialized='connected_components', node_a='node_a', node_b='node_b', incremental=false) }}

-- Connected components of the identity graph's nodes inside each strict person through evidence
-- that is an identifier, not the person's details (int_identity__known_match_edges). Two person
-- records whose nodes share a component are one person's records, known without reading their
-- details: the known matches of int_identity__known_match_m_probabilities.
with known_match_edges as (
    select * from {{ ref('int_identity__known_match_edges') }}
),

final as (
    select
        node_a,
        node_b
    from known_match_edges
)

select * from final
