-- One row per (device, erased persona) for a device an erased person used: erased with them, or
-- shared with somebody else and kept. The purge deletes the evidence of the erased person's use, and
-- a later run would then resolve the device to the person who uses it next: a shared device to the
-- person left (whose next anonymous visits on it might be the erased person's), an erased one to a
-- newcomer, who would then be erased as its person. int_identity__device_uses reads these rows from
-- the run before, so the device keeps the persons and personas a full rebuild counts. Kept like
-- int_privacy__erased_nodes (the rows of earlier runs stay; the purge leaves this suppression record
-- alone). Keyed pseudonyms only: no personal value.
{%- set previous_relation = load_relation(this) %}
with erased as (
    select * from {{ ref('int_privacy__erased_nodes') }}
),

erased_personas as (
    select distinct
        person_nodes.persona_id,
        erased.person_id
    from {{ ref('int_identity__person_nodes') }} as person_nodes
    inner join erased
        on person_nodes.node = erased.node
    where person_nodes.persona_id is not null and erased.person_id is not null
),

this_run as (
    select
        attachments.device_node,
        erased_personas.persona_id,
        erased_personas.person_id
    from {{ ref('int_identity__device_personas') }} as attachments
    inner join erased_personas
        on attachments.persona_id = erased_personas.persona_id
),

-- The uses recorded by earlier runs (none on a first build).
earlier_runs as (
    select
        device_node,
        persona_id,
        person_id
    from {{ previous_rows(previous_relation) if previous_relation is not none else 'this_run' }}
    where {{ 'true' if previous_relation is not none else 'false' }}
),

-- One person per persona (should a persona erased before come back under another person key, the
-- first stays).
uses as (
    select
        device_node,
        persona_id,
        min(person_id) as person_id
    from (
        select * from this_run
        union all
        select * from earlier_runs
    ) as all_uses
    group by device_node, persona_id
),

final as (
    select
        uses.device_node,
        uses.persona_id,
        uses.person_id,
        erased.node is not null as is_device_erased
    from uses
    left join erased
        on uses.device_node = erased.node
)

select * from final
