-- One row per (device, persona) the device was used in, by device-level evidence (logins, signups,
-- form entries, ESP clicks). Devices attach to personas and never bridge them. Only the strongest
-- kind of evidence a device has counts: a browser logged in to an account belongs to that
-- account's persona even if a gift email was typed into a form there or a forwarded ESP link was
-- clicked on it; a browser with only a form email attaches through it, one with only ESP clicks
-- through them when it clicked at least weak_device_evidence_min_records times.
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
        max(confidence) over (partition by device_node) as device_top_confidence
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
    where
        confidence = device_top_confidence
        -- Weak evidence alone (an ESP click: links get forwarded) attaches a device only when it
        -- recurs: one click may be a friend's forwarded mail, two are a habit.
        and (is_strong or n_records >= {{ var('weak_device_evidence_min_records') }})
)

select * from final
