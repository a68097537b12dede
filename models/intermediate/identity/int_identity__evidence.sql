{{ config(materialized=incremental_materialization(), unique_key='link_id', on_schema_change='fail') }}

-- One row per evidence edge: two identifiers seen together in records of one source under one
-- link rule, with how often and when. Pairs with no rule are not evidence.
-- Incremental: pairs come from the records added since the last run, and are added to the counts
-- and dates the edge already had; _loaded_at is the last run that changed the row.
{%- set since = incremental_watermark() %}
with link_rules as (
    select * from {{ ref('link_rules') }}
),

-- One row per (record, rule) whose two identifiers the record carries, read from the staged
-- records with their identifiers side by side (record_identifier_pairs): no join of a record's
-- identifiers to each other.
-- Incremental: the records added since the last run (a record arrives once, so its pairs are all
-- new).
pairs as (
    {{ record_identifier_pairs('link_rules', since=since) }}
),

-- Grouped by the rule (link_kind is the seed's key) and the two values as matching compares them,
-- so that each group is one pair of nodes; each node is hashed once per group, not per record.
grouped as (
    select
        link_kind,
        {{ identifier_node_text('identifier_type_a', 'match_value_a', is_match_value=true) }} as node_text_a,
        {{ identifier_node_text('identifier_type_b', 'match_value_b', is_match_value=true) }} as node_text_b,
        n_records,
        first_seen_at,
        last_seen_at
    from (
        select
            link_kind,
            identifier_type_a,
            match_value_a,
            identifier_type_b,
            match_value_b,
            count(*) as n_records,
            min(observed_at) as first_seen_at,
            max(observed_at) as last_seen_at
        from pairs
        group by link_kind, identifier_type_a, match_value_a, identifier_type_b, match_value_b
    ) as value_pairs
),

aggregated as (
    select
        {{ hash_key("grouped.link_kind || '|' || grouped.node_text_a || '|' || grouped.node_text_b") }} as link_id,
        grouped.link_kind,
        link_rules.merge_level,
        link_rules.confidence,
        -- Typed as int_identity__record_identifiers types them (text on PostgreSQL, where the
        -- seed's are varchar), so that an existing incremental table keeps its column types.
        cast(link_rules.source_table as {{ dbt.type_string() }}) as source_table,
        cast(link_rules.identifier_type_a as {{ dbt.type_string() }}) as identifier_type_a,
        {{ node_of_text('grouped.node_text_a') }} as node_a,
        cast(link_rules.identifier_type_b as {{ dbt.type_string() }}) as identifier_type_b,
        {{ node_of_text('grouped.node_text_b') }} as node_b,
        grouped.n_records,
        grouped.first_seen_at,
        grouped.last_seen_at
    from grouped
    inner join link_rules
        on grouped.link_kind = link_rules.link_kind
),

-- Incremental: what the edges of the new pairs held before (nothing in a full build).
previous as (
    select
        link_id,
        n_records,
        first_seen_at,
        last_seen_at
    from {{ this if since is not none else 'aggregated' }}
    where {{ 'link_id in (select aggregated.link_id from aggregated)' if since is not none else 'false' }}
),

final as (
    select
        aggregated.link_id,
        aggregated.link_kind,
        aggregated.merge_level,
        aggregated.confidence,
        aggregated.source_table,
        aggregated.identifier_type_a,
        aggregated.node_a,
        aggregated.identifier_type_b,
        aggregated.node_b,
        aggregated.n_records + coalesce(previous.n_records, 0) as n_records,
        {{ earlier_of('previous.first_seen_at', 'aggregated.first_seen_at') }} as first_seen_at,
        {{ later_of('previous.last_seen_at', 'aggregated.last_seen_at') }} as last_seen_at,
        {{ loaded_at() }} as _loaded_at
    from aggregated
    left join previous
        on aggregated.link_id = previous.link_id
)

select * from final
