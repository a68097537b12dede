-- One row per node of the person graph (a persona or a person-scope identifier) with its person.
-- person_id comes from the person's anchor, its earliest-seen node (personas before bare
-- identifiers), so it is the same on every run and survives growth.
with components as (
    select * from {{ ref('int_identity__person_components') }}
),

nodes as (
    select
        graph_node,
        min(first_seen_at) as first_seen_at
    from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
    group by graph_node
),

anchored as (
    select
        components.node as graph_node,
        first_value(components.node) over (
            partition by components.component_node
            order by
                case when components.node like 'persona:%' then 0 else 1 end,
                nodes.first_seen_at nulls last,
                components.node
            rows between unbounded preceding and unbounded following
        ) as anchor_node
    from components
    inner join nodes
        on components.node = nodes.graph_node
),

final as (
    select
        graph_node,
        {{ identity_key('prs_', 'anchor_node') }} as person_id
    from anchored
)

select * from final
