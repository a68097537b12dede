{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='fail',
    post_hook=[
        "{{ delete_rows(this, 'node in (select erased.node from ' ~ ref('int_privacy__erased_nodes') ~ ' as erased)') }}",
    ],
) }}

-- One row per (identifier node, level, key) the node has ever resolved to: the record of key
-- history that identity_key_aliases is derived from. Append-only, and kept across --full-refresh
-- (full_refresh=false): a run appends the (node, key) pairs of int_identity__node_keys it has not
-- seen before, in one statement. A run that stops anywhere (before this model, or after it and
-- before the aliases) loses nothing: the next run appends the same pairs and derives the same
-- aliases. Erased persons are left out (and their earlier rows removed by the post-hook).
with node_keys as (
    select * from {{ ref('int_identity__node_keys') }}
    where not is_erased
),

current_pairs as (
    select
        node,
        'persona' as resolution_level,
        persona_id as key_id
    from node_keys
    where persona_id is not null
    union all
    select
        node,
        'person' as resolution_level,
        person_id as key_id
    from node_keys
    where person_id is not null
),

final as (
    select
        current_pairs.node,
        current_pairs.resolution_level,
        current_pairs.key_id,
        {{ loaded_at() }} as assigned_at
    from current_pairs
    {%- if is_incremental() %}
    left join {{ this }} as seen
        on
            current_pairs.node = seen.node
            and current_pairs.resolution_level = seen.resolution_level
            and current_pairs.key_id = seen.key_id
    where seen.node is null
    {%- endif %}
)

select * from final
