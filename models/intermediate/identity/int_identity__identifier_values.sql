{{ config(
    materialized=incremental_materialization(),
    unique_key='node',
    on_schema_change='fail',
    post_hook=[
        "delete from {{ this }} where node in (select erased.node from {{ ref('int_privacy__erased_nodes') }} as erased)",
    ],
) }}

-- One row per identifier node with its normalised value: the only intermediate model that holds
-- identifier values, read by the published models to show them. Erased identifiers are left out.
-- Incremental: a run adds the values of the records staged since the last one, and the post-hook
-- deletes every value erased so far (also one that an earlier run had added).
with record_values as (
    {{ record_identifiers(with_values=true, since=incremental_watermark()) }}
),

erased as (
    select * from {{ ref('int_privacy__erased_nodes') }}
),

distinct_values as (
    select
        node,
        identifier_type,
        identifier_value,
        max(_loaded_at) as _loaded_at
    from record_values
    group by node, identifier_type, identifier_value
),

final as (
    select distinct_values.*
    from distinct_values
    left join erased
        on distinct_values.node = erased.node
    where erased.node is null
)

select * from final
