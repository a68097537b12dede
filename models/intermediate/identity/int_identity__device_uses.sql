-- One row per (device, persona) a device was used in, with the persona's person: the uses this run
-- sees (int_identity__device_personas) and the uses of persons erased in earlier runs
-- (int_privacy__erased_device_uses, read as the run before left it; is_erased_earlier). The purge
-- deleted the evidence of those, but a full rebuild, which reads it before purging, counts them: a
-- device an erased person used stays theirs, or shared with them, rather than passing to the
-- person who uses it next. int_identity__devices counts these uses; int_privacy__erased_nodes
-- erases a shared device when every person in them is erased.
{%- set erased_uses = existing_model_relation('int_privacy__erased_device_uses') %}
with attachments as (
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

final as (
    select
        attachments.device_node,
        attachments.persona_id,
        persona_persons.person_id,
        false as is_erased_earlier
    from attachments
    left join persona_persons
        on attachments.persona_id = persona_persons.persona_id
    {%- if erased_uses is not none %}
    union all
    -- A persona this run sees on the device counts once, with the person it has now.
    select
        erased_uses.device_node,
        erased_uses.persona_id,
        erased_uses.person_id,
        true as is_erased_earlier
    from {{ erased_uses }} as erased_uses
    left join attachments as seen
        on
            erased_uses.device_node = seen.device_node
            and erased_uses.persona_id = seen.persona_id
    where seen.device_node is null
    {%- endif %}
)

select * from final
