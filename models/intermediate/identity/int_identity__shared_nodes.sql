-- One row per identifier node kept from bridging, whatever decided it, with the reason: the one
-- place later models read "shared" from. Sharing is decided where the evidence for it exists:
-- device- and persona-scope identifiers by their degrees before personas exist
-- (int_identity__shared_identifiers), person-scope identifiers by the personas that hold them
-- (int_identity__person_nodes), devices by the persons that use them (int_identity__devices).
with degree_shared as (
    select
        node,
        shared_reason
    from {{ ref('int_identity__shared_identifiers') }}
),

person_scope_shared as (
    select
        node,
        shared_reason
    from {{ ref('int_identity__person_nodes') }}
    where shared_reason is not null
),

device_shared as (
    select
        device_node as node,
        shared_reason
    from {{ ref('int_identity__devices') }}
    where is_shared
),

unioned as (
    select
        node,
        shared_reason,
        'degree' as decided_by
    from degree_shared
    union all
    select
        node,
        shared_reason,
        'person_scope' as decided_by
    from person_scope_shared
    union all
    -- A device shared by its degree is already above.
    select
        device_shared.node,
        device_shared.shared_reason,
        'device_use' as decided_by
    from device_shared
    left join degree_shared
        on device_shared.node = degree_shared.node
    where degree_shared.node is null
),

final as (
    select * from unioned
)

select * from final
