-- The evidence of the person graph: persona- and person-level evidence between the nodes of
-- int_identity__person_nodes (personas, person-scope identifiers), shared nodes left out, one row
-- per pair of graph nodes with its strongest confidence and its number of records.
-- int_identity__person_edges keeps those the holder rule does not cut (int_identity__person_holder_cuts).
-- A persona-level link weaker than person_evidence_strong_confidence (an email typed on an order,
-- imported, or of unknown origin) puts its email in the account's persona and nothing more: when
-- the email belongs to another account too, so that the persona bound cuts it, the link does not
-- join the two persons. A friend's email on a gift order is not the friend.
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
    where
        merge_level = 'person'
        or (merge_level = 'persona' and confidence >= {{ var('person_evidence_strong_confidence') }})
),

nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
),

-- Undirected: each pair of graph nodes once, the smaller node first.
linked as (
    select
        least(nodes_a.graph_node, nodes_b.graph_node) as node_a,
        greatest(nodes_a.graph_node, nodes_b.graph_node) as node_b,
        evidence.confidence,
        evidence.n_records
    from evidence
    inner join nodes as nodes_a
        on evidence.node_a = nodes_a.node
    inner join nodes as nodes_b
        on evidence.node_b = nodes_b.node
    where nodes_a.graph_node != nodes_b.graph_node
),

final as (
    select
        node_a,
        node_b,
        max(confidence) as confidence,
        cast(sum(n_records) as bigint) as n_records
    from linked
    group by node_a, node_b
)

select * from final
