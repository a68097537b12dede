-- One row per distinct identifier (a pseudonymised node) seen in any source: its type and scope,
-- when it was first and last seen, in how many records, and for emails their context.
with record_identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

identifier_types as (
    select * from {{ ref('identifier_types') }}
),

aggregated as (
    select
        node,
        identifier_type,
        max(email_context) as email_context,
        min(observed_at) as first_seen_at,
        max(observed_at) as last_seen_at,
        count(*) as n_records,
        count(distinct source_table) as n_sources
    from record_identifiers
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
        aggregated.n_sources
    from aggregated
    inner join identifier_types
        on aggregated.identifier_type = identifier_types.identifier_type
)

select * from final
