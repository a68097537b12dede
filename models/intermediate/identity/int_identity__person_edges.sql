-- The edges of the person graph: persona- and person-level evidence between the nodes of
-- int_identity__person_nodes (personas, person-scope identifiers), minus shared nodes, plus a
-- self-edge per node so that a persona with no person evidence is a person of its own.
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
    where merge_level in ('persona', 'person')
),

nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
),

linked as (
    select
        nodes_a.graph_node as node_a,
        nodes_b.graph_node as node_b
    from evidence
    inner join nodes as nodes_a
        on evidence.node_a = nodes_a.node
    inner join nodes as nodes_b
        on evidence.node_b = nodes_b.node
    where nodes_a.graph_node != nodes_b.graph_node
),

final as (
    select distinct
        node_a,
        node_b
    from linked
    union all
    select distinct
        graph_node as node_a,
        graph_node as node_b
    from nodes
)

select * from final
