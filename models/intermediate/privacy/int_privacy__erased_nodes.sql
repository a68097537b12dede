-- The one decision on erasure: one row per identifier node to erase, with its reason ('requested':
-- named in an erasure request; 'same_person': another identifier or device of the person a
-- requested identifier resolves to; 'shared_by_erased_persons': a device several persons used, all
-- of them erased). Published models drop these nodes and persons by reading this
-- model, and the on-run-end purge (purge_erased, docs/privacy.md) deletes their rows from every
-- table the project writes. This table itself is the suppression list that keeps the request
-- honoured in later runs: a run starts from the nodes erased before (read from this table before
-- it is replaced), so a later record that joins an erased node to a new one (a new browser logged
-- in to the erased account) erases the new one too, as a full rebuild would. Keyed pseudonyms only:
-- no personal value.
{%- set previous_relation = load_relation(this) %}
with requests as (
    select * from {{ ref('stg_privacy__erasure_requests') }}
),

person_nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
),

persons as (
    select * from {{ ref('int_identity__persons') }}
),

devices as (
    select * from {{ ref('int_identity__devices') }}
),

device_uses as (
    select * from {{ ref('int_identity__device_uses') }}
),

requested as (
    select distinct
        {{ identifier_node('identifier_type', 'identifier_value') }} as node,
        'requested' as reason
    from requests
),

-- The nodes erased by earlier runs (none on a first build).
previously_erased as (
    select
        node,
        reason
    from {{ previous_rows(previous_relation) if previous_relation is not none else 'requested' }}
    where {{ 'true' if previous_relation is not none else 'false' }}
),

-- Where erasure starts: the requested nodes and the nodes erased before (with their reason then).
starting_points as (
    select
        node,
        reason
    from requested
    union all
    select
        node,
        reason
    from previously_erased
),

node_persons as (
    select
        person_nodes.node,
        persons.person_id,
        false as is_device
    from person_nodes
    inner join persons
        on person_nodes.graph_node = persons.graph_node
    union all
    select
        device_node as node,
        person_id,
        true as is_device
    from devices
    where person_id is not null
),

-- A device erased before does not carry the erasure to the person it resolves to now (devices
-- attach, never bridge): that may be somebody who used it since, for instance on a device erased
-- before its uses were recorded (int_privacy__erased_device_uses). The erased person coming back is
-- found through their own identifiers (the account they log in to).
erased_persons as (
    select distinct node_persons.person_id
    from starting_points
    inner join node_persons
        on starting_points.node = node_persons.node
    where starting_points.reason = 'requested' or not node_persons.is_device
),

-- A device several persons used resolves to none of them, so erasing one of them neither erases
-- it nor carries the erasure to the others. It is erased when every person who used it is erased
-- (a use an earlier erasure recorded counts as erased), and only then: a device erased before as
-- one person's, which somebody else has used since, is not erased any more, as in a full rebuild
-- (which counts both uses and finds it shared), and the newcomer is not erased with it.
shared_devices as (
    select
        device_uses.device_node,
        min(
            case when device_uses.is_erased_earlier or erased_persons.person_id is not null then 1 else 0 end
        ) = 1 as is_used_by_erased_persons_only
    from device_uses
    inner join devices
        on device_uses.device_node = devices.device_node
    left join erased_persons
        on device_uses.person_id = erased_persons.person_id
    where devices.shared_reason = 'several_persons'
    group by device_uses.device_node
),

erased as (
    select
        node_persons.node,
        node_persons.person_id,
        'same_person' as reason
    from node_persons
    inner join erased_persons
        on node_persons.person_id = erased_persons.person_id
    union all
    -- A requested identifier that resolves to no person (a shared one) is still erased itself,
    -- and a node erased before stays erased, but for a device another person has used since.
    -- (with its person only when that person is erased: not a newcomer's, above).
    select
        starting_points.node,
        erased_persons.person_id,
        starting_points.reason
    from starting_points
    left join node_persons
        on starting_points.node = node_persons.node
    left join erased_persons
        on node_persons.person_id = erased_persons.person_id
    left join shared_devices as kept_devices
        on
            starting_points.node = kept_devices.device_node
            and not kept_devices.is_used_by_erased_persons_only
    where starting_points.reason = 'requested' or kept_devices.device_node is null
    union all
    select
        device_node as node,
        cast(null as {{ dbt.type_string() }}) as person_id,
        'shared_by_erased_persons' as reason
    from shared_devices
    where is_used_by_erased_persons_only
),

-- One row per node: 'requested' wins over the other reasons (alphabetical order).
final as (
    select
        node,
        min(person_id) as person_id,
        min(reason) as reason
    from erased
    group by node
)

select * from final
