-- One row per identifier node to erase: every identifier named in an erasure request, and every
-- identifier and device of the persons they resolve to. Published models drop these nodes and
-- these persons. Pseudonymised nodes only: the list itself holds no personal value.
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

requested as (
    select distinct {{ identifier_node('identifier_type', 'identifier_value') }} as node
    from requests
),

node_persons as (
    select
        person_nodes.node,
        persons.person_id
    from person_nodes
    inner join persons
        on person_nodes.graph_node = persons.graph_node
    union all
    select
        device_node as node,
        person_id
    from devices
    where person_id is not null
),

erased_persons as (
    select distinct node_persons.person_id
    from requested
    inner join node_persons
        on requested.node = node_persons.node
),

erased as (
    select
        node_persons.node,
        node_persons.person_id
    from node_persons
    inner join erased_persons
        on node_persons.person_id = erased_persons.person_id
    union
    -- A requested identifier that resolves to no person (a shared one) is still erased itself.
    select
        requested.node,
        node_persons.person_id
    from requested
    left join node_persons
        on requested.node = node_persons.node
),

final as (
    select distinct
        node,
        person_id
    from erased
)

select * from final
