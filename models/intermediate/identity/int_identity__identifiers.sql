{{ config(materialized=incremental_materialization(), unique_key='node', on_schema_change='fail') }}

-- One row per distinct identifier (a pseudonymised node) seen in any source: its type and scope,
-- when it was first and last seen, in how many records, and for emails their context.
-- Incremental: the identifiers seen in records added since the last run are recomputed from all
-- their records; _loaded_at is the last run that changed the row.
{%- set since = incremental_watermark() %}
with record_identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

-- Incremental: only the identifiers whose sightings changed in this run (records added since the
-- last run); each row of record_identifiers already sums one source's records.
in_scope as (
    select *
    from record_identifiers
    {%- if since is not none %}
    where node in (
        select new_records.node
        from record_identifiers as new_records
        where new_records._loaded_at > {{ since }}
    )
    {%- endif %}
),

aggregated as (
    select
        node,
        identifier_type,
        max(email_context) as email_context,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        cast(sum(n_records) as bigint) as n_records,
        count(*) as n_sources,
        max(_loaded_at) as _loaded_at
    from in_scope
    group by node, identifier_type
),

final as (
    select
        aggregated.node,
        aggregated.identifier_type,
        identifier_types.scope,
        aggregated.email_context,
        aggregated.first_seen_at,
        aggregated.last_seen_at,
        aggregated.n_records,
        aggregated.n_sources,
        aggregated._loaded_at
    from aggregated
    inner join identifier_types
        on aggregated.identifier_type = identifier_types.identifier_type
)

select * from final
