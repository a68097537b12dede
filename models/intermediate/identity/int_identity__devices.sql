-- One row per device identifier (cookie or app install) with its device key and, when its use is
-- unambiguous, its persona and person. A device used by several personas of one person belongs
-- to the person only; one used by several persons (a family tablet, a library PC) is shared.
-- The uses of persons erased in earlier runs still count (int_privacy__erased_device_uses, read as
-- the run before left it): the purge deleted their evidence, but a full rebuild, which reads it
-- before purging, counts them, and a device shared with an erased person must stay shared.
{%- set erased_uses = existing_model_relation('int_privacy__erased_device_uses') %}
with identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
    where scope = 'device'
),

shared as (
    select * from {{ ref('int_identity__shared_identifiers') }}
),

attachments as (
    select * from {{ ref('int_identity__device_personas') }}
),

persona_persons as (
    select
        personas.persona_id,
        min(persons.person_id) as person_id
    from {{ ref('int_identity__person_nodes') }} as personas
    inner join {{ ref('int_identity__persons') }} as persons
        on personas.graph_node = persons.graph_node
    where personas.persona_id is not null
    group by personas.persona_id
),

uses as (
    select
        attachments.device_node,
        attachments.persona_id,
        persona_persons.person_id
    from attachments
    left join persona_persons
        on attachments.persona_id = persona_persons.persona_id
    {%- if erased_uses is not none %}
    union all
    -- A persona this run sees on the device counts once, with the person it has now.
    select
        erased_uses.device_node,
        erased_uses.persona_id,
        erased_uses.person_id
    from {{ erased_uses }} as erased_uses
    left join attachments as seen
        on
            erased_uses.device_node = seen.device_node
            and erased_uses.persona_id = seen.persona_id
    where seen.device_node is null
    {%- endif %}
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
        {{ identity_key('dev_', 'identifiers.node') }} as device_id,
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
