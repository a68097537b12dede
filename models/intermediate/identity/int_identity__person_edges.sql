-- The edges of the person graph: the evidence between its nodes (int_identity__person_evidence_edges)
-- minus what the holder rule cuts (int_identity__person_holder_cuts: records of two people), plus a
-- self-edge per node so that a persona with no person evidence is a person of its own. Each edge
-- carries its strongest confidence and its number of records: the person bounds
-- (int_identity__person_bounded_components) cut the weakest edges first.
with evidence_edges as (
    select * from {{ ref('int_identity__person_evidence_edges') }}
),

holder_cuts as (
    select * from {{ ref('int_identity__person_holder_cuts') }}
),

nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
),

final as (
    select
        evidence_edges.node_a,
        evidence_edges.node_b,
        evidence_edges.confidence,
        evidence_edges.n_records
    from evidence_edges
    left join holder_cuts
        on
            evidence_edges.node_a = holder_cuts.node_a
            and evidence_edges.node_b = holder_cuts.node_b
    where holder_cuts.node_a is null
    union all
    select distinct
        graph_node as node_a,
        graph_node as node_b,
        cast(null as {{ type_double() }}) as confidence,
        cast(null as bigint) as n_records
    from nodes
)

select * from final
