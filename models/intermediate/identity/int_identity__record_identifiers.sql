-- One row per (source record, identifier it carries), pseudonymised: the identity graph is built
-- from hashed nodes only, so no personal value lives in it (see identity_sources for the sources
-- and seeds/link_rules.csv for which pairs within a record are evidence).
with unioned as (
    {{ record_identifiers(with_values=false) }}
),

final as (
    select * from unioned
)

select * from final
