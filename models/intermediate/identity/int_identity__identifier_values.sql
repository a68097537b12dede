-- One row per identifier node with its normalised value: the only intermediate model that holds
-- identifier values, read by the published models to show them. Erased identifiers are left out.
with record_values as (
    {{ record_identifiers(with_values=true) }}
),

erased as (
    select * from {{ ref('int_privacy__erased_nodes') }}
),

distinct_values as (
    select distinct
        node,
        identifier_type,
        identifier_value
    from record_values
),

final as (
    select distinct_values.*
    from distinct_values
    left join erased
        on distinct_values.node = erased.node
    where erased.node is null
)

select * from final
