-- One row per (device, persona) the device was used in, by device-level evidence (logins, signups,
-- form entries, ESP clicks). Devices attach to personas and never bridge them. Weak evidence
-- (below the var device_attach_min_confidence, e.g. a forwarded ESP click) counts only for a
-- device with no strong evidence at all.
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

personas as (
    select * from {{ ref('int_identity__personas') }}
    where persona_id is not null
),

shared as (
    select * from {{ ref('int_identity__shared_identifiers') }}
),

attachments as (
    select
        evidence.node_a as device_node,
        personas.persona_id,
        max(evidence.confidence) as confidence,
        sum(evidence.n_records) as n_records,
        min(evidence.first_seen_at) as first_seen_at,
        max(evidence.last_seen_at) as last_seen_at
    from evidence
    inner join personas
        on evidence.node_b = personas.node
    left join shared
        on evidence.node_a = shared.node
    where
        evidence.merge_level = 'device'
        and evidence.identifier_type_a in ('anonymous_id', 'device_id')
        and shared.node is null
    group by evidence.node_a, personas.persona_id
),

strength as (
    select
        *,
        confidence >= {{ var('device_attach_min_confidence') }} as is_strong,
        max(
            case when confidence >= {{ var('device_attach_min_confidence') }} then 1 else 0 end
        ) over (partition by device_node) = 1 as device_has_strong
    from attachments
),

final as (
    select
        device_node,
        persona_id,
        confidence,
        is_strong,
        n_records,
        first_seen_at,
        last_seen_at
    from strength
    where is_strong or not device_has_strong
)

select * from final
