-- One row per device identifier (cookie or app install) with its device key and, when its use is
-- unambiguous, its persona and person. A device used by several personas of one person belongs
-- to the person only; one used by several persons (a family tablet, a library PC) is shared.
-- The uses of persons erased in earlier runs count too (int_identity__device_uses): a device shared
-- with an erased person stays shared.
with identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
    where scope = 'device'
),

shared as (
    select * from {{ ref('int_identity__shared_identifiers') }}
),

uses as (
    select * from {{ ref('int_identity__device_uses') }}
),

per_device as (
    select
        device_node,
        count(distinct persona_id) as n_personas,
        count(distinct person_id) as n_persons,
        min(persona_id) as persona_id,
        min(person_id) as person_id
    from uses
    group by device_node
),

final as (
    select
        identifiers.node as device_node,
        {{ node_identity_key('dev_', 'identifiers.node') }} as device_id,
        case when per_device.n_personas = 1 then per_device.persona_id end as persona_id,
        case when per_device.n_persons = 1 then per_device.person_id end as person_id,
        coalesce(per_device.n_personas, 0) as n_personas,
        coalesce(per_device.n_persons, 0) as n_persons,
        shared.node is not null or coalesce(per_device.n_persons, 0) > 1 as is_shared,
        coalesce(
            shared.shared_reason,
            case when per_device.n_persons > 1 then 'several_persons' end
        ) as shared_reason
    from identifiers
    left join shared
        on identifiers.node = shared.node
    left join per_device
        on identifiers.node = per_device.device_node
)

select * from final
