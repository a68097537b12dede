-- One row per evidence edge: two identifiers seen together in records of one source under one
-- link rule, with how often and when. Pairs with no rule are not evidence.
with record_identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

link_rules as (
    select * from {{ ref('link_rules') }}
),

pairs as (
    select
        link_rules.link_kind,
        link_rules.merge_level,
        link_rules.confidence,
        side_a.source_table,
        side_a.identifier_type as identifier_type_a,
        side_a.node as node_a,
        side_b.identifier_type as identifier_type_b,
        side_b.node as node_b,
        side_a.observed_at
    from record_identifiers as side_a
    inner join link_rules
        on
            side_a.source_table = link_rules.source_table
            and side_a.identifier_type = link_rules.identifier_type_a
    inner join record_identifiers as side_b
        on
            side_a.source_table = side_b.source_table
            and side_a.record_key = side_b.record_key
            and link_rules.identifier_type_b = side_b.identifier_type
    -- Kept out of the join keys on purpose: an OR in a join condition defeats the hash join.
    where link_rules.record_kind = '*' or link_rules.record_kind = side_a.record_kind
),

final as (
    select
        {{ hash_key("link_kind || '|' || node_a || '|' || node_b") }} as link_id,
        link_kind,
        merge_level,
        confidence,
        source_table,
        identifier_type_a,
        node_a,
        identifier_type_b,
        node_b,
        count(*) as n_records,
        min(observed_at) as first_seen_at,
        max(observed_at) as last_seen_at
    from pairs
    group by
        link_kind, merge_level, confidence, source_table,
        identifier_type_a, node_a, identifier_type_b, node_b
)

select * from final
