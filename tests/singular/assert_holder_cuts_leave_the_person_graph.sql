-- Every edge the holder rule cuts (int_identity__person_holder_cuts) is evidence of the person graph
-- and none is an edge of it: records of two people never join through it.
with holder_cuts as (
    select * from {{ ref('int_identity__person_holder_cuts') }}
),

evidence_edges as (
    select * from {{ ref('int_identity__person_evidence_edges') }}
),

person_edges as (
    select * from {{ ref('int_identity__person_edges') }}
)

select
    holder_cuts.node_a,
    holder_cuts.node_b,
    case
        when evidence_edges.node_a is null then 'not_evidence'
        else 'still_in_person_graph'
    end as failure
from holder_cuts
left join evidence_edges
    on
        holder_cuts.node_a = evidence_edges.node_a
        and holder_cuts.node_b = evidence_edges.node_b
left join person_edges
    on
        holder_cuts.node_a = person_edges.node_a
        and holder_cuts.node_b = person_edges.node_b
where evidence_edges.node_a is null or person_edges.node_a is not null
