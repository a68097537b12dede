-- One row per retired persona or person key: a key that dashboards or downstream tools may still
-- hold, but that no identifier resolves to any more because its persona or person merged into
-- another (whose key, the oldest, survives). current_id is where its identifiers went (where most
-- of them went, after a split). Derived in full on every run from int_identity__key_history (the
-- append-only record of every key each identifier has had, kept across --full-refresh) and the
-- present keys, so a run that stopped half way cannot lose an alias. A key retired twice points
-- at the latest key; a key that comes back (a merge undone) or whose person is erased is absent.
with history as (
    select * from {{ ref('int_identity__key_history') }}
),

live as (
    select * from {{ ref('int_identity__live_keys') }}
),

node_keys as (
    select * from {{ ref('int_identity__node_keys') }}
    where not is_erased
),

-- Where each node of a key no longer live resolves now, and since when.
moves as (
    select
        history.resolution_level,
        history.key_id as retired_id,
        case
            when history.resolution_level = 'persona' then node_keys.persona_id
            else node_keys.person_id
        end as current_id,
        history.node
    from history
    inner join node_keys
        on history.node = node_keys.node
    left join live
        on history.key_id = live.live_id
    where live.live_id is null
),

current_assigned as (
    select
        node,
        resolution_level,
        key_id,
        assigned_at
    from history
),

retired as (
    select
        moves.resolution_level,
        moves.retired_id,
        moves.current_id,
        count(*) as n_identifiers,
        max(current_assigned.assigned_at) as retired_at
    from moves
    inner join current_assigned
        on
            moves.node = current_assigned.node
            and moves.resolution_level = current_assigned.resolution_level
            and moves.current_id = current_assigned.key_id
    where moves.current_id is not null
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

final as (
    select
        retired_id,
        resolution_level,
        current_id,
        retired_at
    from ranked
    where destination_rank = 1
)

select * from final
