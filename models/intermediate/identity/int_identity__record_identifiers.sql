{{ config(materialized=incremental_materialization(), unique_key=['source_table', 'node'], on_schema_change='fail') }}

-- One row per (source table, identifier its records carry), pseudonymised: the identity graph is
-- built from hashed nodes only, so no personal value lives in it (see identity_sources for the
-- sources). How many records carry it and when the first and the last were made.
-- Incremental: the records staged since the last run are grouped the same way and added to the
-- counts and dates the row already had; _loaded_at is the last run that changed the row.
{%- set since = incremental_watermark() %}
with sightings as (
    {{ record_identifiers(with_values=false, since=since) }}
),

-- Incremental: what the rows of the new sightings held before (nothing in a full build).
previous as (
    select
        source_table,
        node,
        email_context,
        n_records,
        first_seen_at,
        last_seen_at
    from {{ this if since is not none else 'sightings' }}
    where {{ 'node in (select sightings.node from sightings)' if since is not none else 'false' }}
),

final as (
    select
        sightings.source_table,
        sightings.identifier_type,
        sightings.node,
        coalesce(sightings.email_context, previous.email_context) as email_context,
        sightings.n_records + coalesce(previous.n_records, 0) as n_records,
        {{ earlier_of('previous.first_seen_at', 'sightings.first_seen_at') }} as first_seen_at,
        {{ later_of('previous.last_seen_at', 'sightings.last_seen_at') }} as last_seen_at,
        {{ loaded_at() }} as _loaded_at
    from sightings
    left join previous
        on
            sightings.source_table = previous.source_table
            and sightings.node = previous.node
)

select * from final
