{{ config(
    materialized='incremental',
    unique_key='retired_id',
    full_refresh=false,
    on_schema_change='fail',
    post_hook=[
        "delete from {{ this }}
        where
            retired_id in (select live_id from {{ ref('int_identity__live_keys') }})
            or current_id not in (select live_id from {{ ref('int_identity__live_keys') }})",
    ],
) }}

-- One row per retired persona or person key: a key that dashboards or downstream tools may still
-- hold, but that no identifier resolves to any more because its persona or person merged into
-- another (whose key, the oldest, survives). current_id is where its identifiers went (where most
-- of them went, after a split). History: kept across --full-refresh (full_refresh=false), and a
-- key retired twice points to the latest key. A key that comes back (a merge undone), or whose
-- person is erased, leaves the table.
with kept as (
    select * from {{ ref('int_identity__node_keys') }}
    where not is_erased
),

live as (
    select * from {{ ref('int_identity__live_keys') }}
),

moves as (
    select
        'persona' as resolution_level,
        previous_persona_id as retired_id,
        persona_id as current_id
    from kept
    where previous_persona_id is not null and persona_id is not null and previous_persona_id <> persona_id
    union all
    select
        'person' as resolution_level,
        previous_person_id as retired_id,
        person_id as current_id
    from kept
    where previous_person_id is not null and person_id is not null and previous_person_id <> person_id
),

retired as (
    select
        moves.resolution_level,
        moves.retired_id,
        moves.current_id,
        count(*) as n_identifiers
    from moves
    left join live
        on moves.retired_id = live.live_id
    where live.live_id is null
    group by moves.resolution_level, moves.retired_id, moves.current_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by retired_id order by n_identifiers desc nulls last, current_id asc
        ) as destination_rank
    from retired
),

new_aliases as (
    select
        retired_id,
        resolution_level,
        current_id,
        {{ loaded_at() }} as retired_at
    from ranked
    where destination_rank = 1
),

-- Keys retired earlier that pointed at a key retired now follow it (none on a first build).
repointed as (
    select
        earlier.retired_id,
        earlier.resolution_level,
        new_aliases.current_id,
        earlier.retired_at
    from {{ this if is_incremental() else 'new_aliases' }} as earlier
    inner join new_aliases
        on earlier.current_id = new_aliases.retired_id
    where {{ 'true' if is_incremental() else 'false' }}
),

final as (
    select
        retired_id,
        resolution_level,
        current_id,
        retired_at
    from new_aliases
    union all
    select
        retired_id,
        resolution_level,
        current_id,
        retired_at
    from repointed
)

select * from final
