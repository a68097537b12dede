-- One row per node of the person graph (a persona or a person-scope identifier) with its person.
-- person_id comes from the person's anchor, its earliest-seen identifier (through its personas;
-- personas first on a tie), so it is the same on every run and survives growth: it does not move
-- when two of the person's personas merge, and a merge keeps the key of the older side.
with components as (
    select * from {{ ref('int_identity__person_bounded_components') }}
),

-- The identifiers behind each graph node: a persona stands for its members.
members as (
    select
        graph_node,
        node,
        identifier_type,
        persona_id,
        first_seen_at
    from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
),

anchored as (
    select
        components.node as graph_node,
        first_value(members.node) over (
            partition by components.component_node
            order by
                members.first_seen_at nulls last,
                case when members.persona_id is not null then 0 else 1 end,
                {{ node_order('members.identifier_type', 'members.node') }}
            rows between unbounded preceding and unbounded following
        ) as anchor_node
    from components
    inner join members
        on components.node = members.graph_node
),

final as (
    select distinct
        graph_node,
        {{ node_identity_key('prs_', 'anchor_node') }} as person_id
    from anchored
)

select * from final
