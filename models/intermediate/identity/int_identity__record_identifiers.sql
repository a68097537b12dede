{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- The sightings of each identifier in each source: one row per (source table, identifier type,
-- value as staged) with how many records carry it and when, pseudonymised: the identity graph is
-- built from hashed nodes only, so no personal value lives in it (see identity_sources for the
-- sources). Incremental: a run appends the sightings in the records staged since the last one.
with unioned as (
    {{ record_identifiers(with_values=false, since=incremental_watermark()) }}
),

final as (
    select * from unioned
)

select * from final
