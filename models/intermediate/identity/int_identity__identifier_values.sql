{{ config(
    materialized=incremental_materialization(),
    unique_key='node',
    on_schema_change='fail',
    post_hook=[
        "{{ hold_erased_values(this) }}",
        "delete from {{ this }} where node in (select erased.node from {{ ref('int_privacy__erased_nodes') }} as erased)",
    ],
) }}

-- One row per identifier node with its normalised value: the only intermediate model that holds
-- identifier values, read by the published models to show them. Erased identifiers are left out:
-- the post-hooks hand the erased values to this run's purge (hold_erased_values, docs/privacy.md),
-- then delete every value erased so far (also one that an earlier run had added).
-- Incremental: a run adds the values of the records staged since the last one.
-- depends_on: {{ ref('int_privacy__erased_nodes') }}
with record_values as (
    {{ record_identifiers(with_values=true, since=incremental_watermark()) }}
),

final as (
    select
        node,
        identifier_type,
        identifier_value,
        max(_loaded_at) as _loaded_at
    from record_values
    group by node, identifier_type, identifier_value
)

select * from final
