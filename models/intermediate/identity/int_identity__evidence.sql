{{ config(materialized=incremental_materialization(), unique_key='link_id', on_schema_change='fail') }}

-- One row per evidence edge: two identifiers seen together in records of one source under one
-- link rule, with how often and when. Pairs with no rule are not evidence.
-- Incremental: pairs come from the records added since the last run (a record arrives once, so
-- its pairs are all new), and are added to the counts and dates the edge already had;
-- _loaded_at is the last run that changed the row.
{%- set since = incremental_watermark() %}
with record_identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
    {%- if since is not none %}
    where _loaded_at > {{ since }}
    {%- endif %}
),

link_rules as (
    select * from {{ ref('link_rules') }}
),

pairs as (
    select
        link_rules.link_kind,
        side_a.node as node_a,
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

-- Grouped by the rule (link_kind is the seed's key) and the two nodes only; the rule's other
-- columns are joined back to the groups, not carried through the group-by.
grouped as (
    select
        link_kind,
        node_a,
        node_b,
        count(*) as n_records,
        min(observed_at) as first_seen_at,
        max(observed_at) as last_seen_at
    from pairs
    group by link_kind, node_a, node_b
),

aggregated as (
    select
        {{ hash_key("grouped.link_kind || '|' || grouped.node_a || '|' || grouped.node_b") }} as link_id,
        grouped.link_kind,
        link_rules.merge_level,
        link_rules.confidence,
        -- Typed as int_identity__record_identifiers types them (text on PostgreSQL, where the
        -- seed's are varchar), so that an existing incremental table keeps its column types.
        cast(link_rules.source_table as {{ dbt.type_string() }}) as source_table,
        cast(link_rules.identifier_type_a as {{ dbt.type_string() }}) as identifier_type_a,
        grouped.node_a,
        cast(link_rules.identifier_type_b as {{ dbt.type_string() }}) as identifier_type_b,
        grouped.node_b,
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
        case
            when previous.first_seen_at is null then aggregated.first_seen_at
            when aggregated.first_seen_at is null then previous.first_seen_at
            when previous.first_seen_at < aggregated.first_seen_at then previous.first_seen_at
            else aggregated.first_seen_at
        end as first_seen_at,
        case
            when previous.last_seen_at is null then aggregated.last_seen_at
            when aggregated.last_seen_at is null then previous.last_seen_at
            when previous.last_seen_at > aggregated.last_seen_at then previous.last_seen_at
            else aggregated.last_seen_at
        end as last_seen_at,
        {{ loaded_at() }} as _loaded_at
    from aggregated
    left join previous
        on aggregated.link_id = previous.link_id
)

select * from final
