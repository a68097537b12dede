{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- One row per (source record, identifier it carries), pseudonymised: the identity graph is built
-- from hashed nodes only, so no personal value lives in it (see identity_sources for the sources
-- and seeds/link_rules.csv for which pairs within a record are evidence). Incremental: a run
-- appends the records staged since the last one.
with unioned as (
    {{ record_identifiers(with_values=false, since=incremental_watermark()) }}
),

final as (
    select * from unioned
)

select * from final
