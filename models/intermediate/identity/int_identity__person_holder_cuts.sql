-- The similarity functions of the details test on engines that lack them (PostgreSQL).
{{ config(pre_hook="{{ identity_resolution.string_similarity_setup() }}") }}

-- One row per pair of person-graph nodes whose evidence the holder rule cuts: the records behind
-- the two sides, or behind two holders of one node, describe two people. A family landline typed
-- on the orders of a mother's and a father's accounts, a friend's verified phone on a gift order,
-- a wife's email added to her husband's account: each is one node held by two persons' records,
-- and joining through it would make them one person (and erasing one would erase the other).
-- Records: the first name and date of birth of a persona's account (crm_accounts) and of a loyalty
-- card's member (loyalty_members). Two records are told apart when both details are known and
-- both disagree beyond a typo, the names swapped or day and month transposed (details_told_apart,
-- the test of the probable level's household rule); a missing detail never tells apart.
-- Two cuts:
-- * direct: two nodes joined directly whose own records tell them apart;
-- * holder: a node with no record of its own (a phone, a payment card, an email's persona without
--   an account) is judged by its holders, the nodes with records joined to it. A holder told apart
--   from another holder whose evidence is at least as strong (strong: at or above
--   person_evidence_strong_confidence) loses its edge to that node: a friend's phone typed on a
--   gift order stays with its verified owner; a landline typed on two people's orders stays with
--   neither. The holders of a node are few: an identifier held by more nodes than its type allows
--   is shared and never reaches the person graph (int_identity__person_nodes).
with edges as (
    select * from {{ ref('int_identity__person_evidence_edges') }}
),

person_nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
),

-- The records that state both details the rule compares (a guest states no date of birth).
described as (
    select * from {{ ref('int_identity__described_records') }}
    where
        source_table in ('crm_accounts', 'loyalty_members')
        and first_name is not null
        and date_of_birth is not null
),

-- The details each graph node's records state (a persona through its account).
details as (
    select distinct
        person_nodes.graph_node,
        described.first_name,
        described.last_name,
        described.date_of_birth,
        described.birth_year,
        described.birth_month,
        described.birth_day
    from described
    inner join person_nodes
        on described.node = person_nodes.node
),

described_nodes as (
    select distinct graph_node
    from details
),

-- Each edge with whether each end has a record of its own.
judged_edges as (
    select
        edges.node_a,
        edges.node_b,
        edges.confidence >= {{ var('person_evidence_strong_confidence') }} as is_strong,
        described_a.graph_node is not null as is_a_described,
        described_b.graph_node is not null as is_b_described
    from edges
    left join described_nodes as described_a
        on edges.node_a = described_a.graph_node
    left join described_nodes as described_b
        on edges.node_b = described_b.graph_node
),

-- Each edge seen from its end with no record (the hub) to its end with one (the holder).
holders as (
    select
        node_a as hub_node,
        node_b as holder_node,
        is_strong
    from judged_edges
    where not is_a_described and is_b_described
    union all
    select
        node_b as hub_node,
        node_a as holder_node,
        is_strong
    from judged_edges
    where is_a_described and not is_b_described
),

described_holders as (
    select
        holders.hub_node,
        holders.holder_node,
        holders.is_strong,
        details.first_name,
        details.last_name,
        details.date_of_birth,
        details.birth_year,
        details.birth_month,
        details.birth_day
    from holders
    inner join details
        on holders.holder_node = details.graph_node
),

-- A holder told apart from another holder of the same hub whose evidence is at least as strong (a
-- weak holder loses against a strong one; equals both lose).
holder_cuts as (
    select
        l.hub_node,
        l.holder_node,
        min(r.holder_node) as told_apart_from
    from described_holders as l
    inner join described_holders as r
        on
            l.hub_node = r.hub_node
            and l.holder_node != r.holder_node
    where
        (r.is_strong or not l.is_strong)
        and {{ details_told_apart() }}
    group by l.hub_node, l.holder_node
),

direct_cuts as (
    select
        edges.node_a,
        edges.node_b,
        min(r.graph_node) as told_apart_from
    from edges
    inner join details as l
        on edges.node_a = l.graph_node
    inner join details as r
        on edges.node_b = r.graph_node
    where {{ details_told_apart() }}
    group by edges.node_a, edges.node_b
),

cuts as (
    select
        least(hub_node, holder_node) as node_a,
        greatest(hub_node, holder_node) as node_b,
        told_apart_from,
        'holder' as cut_kind
    from holder_cuts
    union all
    select
        node_a,
        node_b,
        told_apart_from,
        'direct' as cut_kind
    from direct_cuts
),

final as (
    select
        edges.node_a,
        edges.node_b,
        edges.confidence,
        edges.n_records,
        min(cuts.told_apart_from) as told_apart_from,
        'different_people:' || min(cuts.cut_kind) as cut_reason
    from cuts
    inner join edges
        on
            cuts.node_a = edges.node_a
            and cuts.node_b = edges.node_b
    group by edges.node_a, edges.node_b, edges.confidence, edges.n_records
)

select * from final
