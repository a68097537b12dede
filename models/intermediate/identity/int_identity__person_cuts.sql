-- One row per evidence edge of the person graph that was cut, with the reason: the one place
-- fct_identity_links and explain_identity read person-level cuts from.
-- * different_people:holder / :direct: the records behind the two sides tell two people apart
--   (int_identity__person_holder_cuts decides; the edge never enters the person graph);
-- * person_bound:<bounds>: the two graph nodes were in one component of the person graph, which
--   broke a bound of seeds/identity_bounds.csv, and the split along the weakest evidence put them
--   in different persons.
with holder_cuts as (
    select * from {{ ref('int_identity__person_holder_cuts') }}
),

edges as (
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
    union all
    select
        node_a,
        node_b,
        confidence,
        n_records,
        cast(null as {{ dbt.type_string() }}) as unbounded_component_node,
        cast(null as {{ dbt.type_string() }}) as bound_status,
        cut_reason
    from holder_cuts
)

select * from final
