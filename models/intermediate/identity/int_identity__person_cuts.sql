-- One row per edge of the person graph that the person bounds cut: the two graph nodes were in one
-- component of the person graph, which broke a bound of seeds/identity_bounds.csv, and the split
-- along the weakest evidence put them in different persons. The one place this decision is read
-- from (fct_identity_links, explain_identity).
with edges as (
    select * from {{ ref('int_identity__person_edges') }}
    where node_a != node_b
),

bounded as (
    select * from {{ ref('int_identity__person_bounded_components') }}
),

final as (
    select
        edges.node_a,
        edges.node_b,
        edges.confidence,
        edges.n_records,
        bounded_a.unbounded_component_node,
        bounded_a.bound_status,
        'person_bound:' || bounded_a.bound_reason as cut_reason
    from edges
    inner join bounded as bounded_a
        on edges.node_a = bounded_a.node
    inner join bounded as bounded_b
        on edges.node_b = bounded_b.node
    where
        bounded_a.unbounded_component_node = bounded_b.unbounded_component_node
        and bounded_a.component_node != bounded_b.component_node
)

select * from final
