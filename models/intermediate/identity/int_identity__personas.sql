-- One row per usable persona-scope identifier (account, email, ESP record) with its persona.
-- A persona is a connected component of the persona graph, except that a component holding more
-- than one account (bad data: two accounts bridged by a chain of evidence) is dissolved: each
-- account keeps the members linked to it alone, the rest are cut with reason persona_limit.
-- persona_id comes from the persona's anchor, its earliest-seen member (the account first on a
-- tie), so it is the same on every run and survives growth: members that join later are seen later.
with components as (
    select * from {{ ref('int_identity__persona_components') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

edges as (
    select * from {{ ref('int_identity__persona_edges') }}
    where node_a != node_b
),

members as (
    select
        components.node,
        components.component_node,
        identifiers.identifier_type,
        identifiers.first_seen_at
    from components
    inner join identifiers
        on components.node = identifiers.node
),

component_sizes as (
    select
        component_node,
        sum(case when identifier_type = 'account_id' then 1 else 0 end) as n_accounts
    from members
    group by component_node
),

direct_accounts as (
    select
        node_b as node,
        node_a as account_node
    from edges
    where identifier_type_a = 'account_id'
    union
    select
        node_a as node,
        node_b as account_node
    from edges
    where identifier_type_b = 'account_id'
),

direct_account_counts as (
    select
        node,
        count(*) as n_direct_accounts,
        min(account_node) as account_node
    from direct_accounts
    group by node
),

grouped as (
    select
        members.*,
        case
            when component_sizes.n_accounts <= 1 then members.component_node
            when members.identifier_type = 'account_id' then members.node
            when direct_account_counts.n_direct_accounts = 1 then direct_account_counts.account_node
        end as persona_group
    from members
    inner join component_sizes
        on members.component_node = component_sizes.component_node
    left join direct_account_counts
        on members.node = direct_account_counts.node
),

anchored as (
    select
        *,
        first_value(node) over (
            partition by persona_group
            order by
                first_seen_at nulls last,
                case when identifier_type = 'account_id' then 0 else 1 end,
                {{ node_order('identifier_type', 'node') }}
            rows between unbounded preceding and unbounded following
        ) as anchor_node
    from grouped
),

final as (
    select
        node,
        identifier_type,
        case
            when persona_group is not null then {{ node_identity_key('psa_', 'anchor_node') }}
        end as persona_id,
        case when persona_group is null then 'persona_limit:account_id' end as persona_cut_reason,
        first_seen_at
    from anchored
)

select * from final
