{{ config(
    materialized=incremental_materialization(),
    unique_key='node',
    on_schema_change='fail',
    post_hook=[
        "{{ hold_erased_values(this) }}",
        "{{ delete_rows(this, 'node in (select erased.node from ' ~ ref('int_privacy__erased_nodes') ~ ' as erased)') }}",
    ],
) }}

-- One row per identifier node with its normalised value (as the source wrote it, trimmed): the
-- only intermediate model that holds identifier values, read by the published models to show
-- them. Erased identifiers are left out: the post-hooks hand the erased values to this run's purge
-- (hold_erased_values, docs/privacy.md), then delete every value erased so far (also one that an
-- earlier run had added).
-- Incremental: a run adds the values of the records staged since the last one.
-- depends_on: {{ ref('int_privacy__erased_nodes') }}
with record_values as (
    {{ record_identifiers(with_values=true, since=incremental_watermark()) }}
),

-- A case-insensitive type (account_id by default) may be written several ways ('S2', 's2') for one
-- node: the one published is the spelling of the identifier's own system (the CRM for account ids,
-- the loyalty system for cards, the ESP for its record ids), then the first in sort order. The
-- choice depends on the set of spellings only, so an incremental run (which weighs the new
-- spellings against the one kept so far) gives what a full rebuild gives.
-- Each spelling once, with its best source, then hashed once into its node (a node is a function
-- of the type and the value, so grouping by them groups by node too).
new_spellings as (
    select
        {{ identifier_node('grouped.identifier_type', 'grouped.identifier_value') }} as node,
        grouped.identifier_type,
        grouped.identifier_value,
        grouped._loaded_at,
        grouped.source_rank
    from (
        select
            identifier_type,
            identifier_value,
            max(_loaded_at) as _loaded_at,
            min(case
                when source_table in ('crm_accounts', 'loyalty_members', 'esp_recipients') then 0 else 1
            end) as source_rank
        from record_values
        group by identifier_type, identifier_value
    ) as grouped
),

spellings as (
    select
        node,
        identifier_type,
        identifier_value,
        _loaded_at,
        source_rank
    from new_spellings
    {%- if is_incremental() %}
    union all
    select
        kept.node,
        kept.identifier_type,
        kept.identifier_value,
        kept._loaded_at,
        kept.source_rank
    from {{ this }} as kept
    where kept.node in (select new_spellings.node from new_spellings)
    {%- endif %}
),

ranked as (
    select
        node,
        identifier_type,
        identifier_value,
        source_rank,
        max(_loaded_at) over (partition by node) as _loaded_at,
        row_number() over (
            partition by node
            order by source_rank, identifier_value
        ) as spelling_rank
    from spellings
),

final as (
    select
        node,
        identifier_type,
        identifier_value,
        source_rank,
        _loaded_at
    from ranked
    where spelling_rank = 1
)

select * from final
