-- One row per evidence edge: two identifiers seen together under a link rule, with its kind,
-- source, confidence, when and how often, the level at which it merged, or why it was cut.
-- This is the chain-of-evidence table behind "why are these two together?".
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

-- Erased identifiers have no value any more, so their links drop out of the inner joins below
-- (a link joins the facts of both its identifiers, node_facts, which start from the values).
identifier_values as (
    select * from {{ ref('int_identity__identifier_values') }}
),

person_nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
),

persons as (
    select * from {{ ref('int_identity__persons') }}
),

shared as (
    select * from {{ ref('int_identity__shared_nodes') }}
),

-- Person-graph edges that the person bounds cut (by graph node: a persona stands for its members).
person_cuts as (
    select * from {{ ref('int_identity__person_cuts') }}
),

account_contexts as (
    select * from {{ ref('int_identity__account_contexts') }}
),

device_personas as (
    select * from {{ ref('int_identity__device_personas') }}
),

-- The person of each side, also for identifiers not published in identity_map (name keys).
node_persons as (
    select
        person_nodes.node,
        person_nodes.graph_node,
        persons.person_id,
        person_nodes.persona_id
    from person_nodes
    inner join persons
        on person_nodes.graph_node = persons.graph_node
    where person_nodes.shared_reason is null
),

-- Everything the links need to know about one identifier, looked up once per identifier and
-- joined to each side of each link (a link table is larger than its identifiers: at 1M persons
-- 12.2M links over 9.9M identifiers). Written once and read for both sides: measured alone at 1M,
-- 45 s against 78 s for the same lookups joined per side (docs/benchmarks.md, session 28).
node_facts as {{ materialized_cte() }} (
    select
        identifier_values.node,
        identifier_values.identifier_value,
        shared.shared_reason,
        node_persons.graph_node,
        node_persons.persona_id,
        node_persons.person_id,
        identifiers.email_context,
        account_contexts.context as account_context
    from identifier_values
    left join shared
        on identifier_values.node = shared.node
    left join node_persons
        on identifier_values.node = node_persons.node
    left join identifiers
        on identifier_values.node = identifiers.node
    left join account_contexts
        on identifier_values.node = account_contexts.account_node
),

judged as (
    select
        evidence.*,
        facts_a.identifier_value as identifier_value_a,
        facts_b.identifier_value as identifier_value_b,
        coalesce(facts_a.shared_reason, facts_b.shared_reason) as shared_reason,
        facts_a.persona_id as persona_id_a,
        facts_b.persona_id as persona_id_b,
        facts_a.person_id as person_id_a,
        facts_b.person_id as person_id_b,
        person_cuts.cut_reason as person_cut_reason,
        {{ context_conflict('facts_a.account_context', 'facts_b.email_context') }}
            as is_context_conflict,
        device_personas.persona_id is not null as is_device_attached
    from evidence
    inner join node_facts as facts_a
        on evidence.node_a = facts_a.node
    inner join node_facts as facts_b
        on evidence.node_b = facts_b.node
    left join person_cuts
        on
            least(facts_a.graph_node, facts_b.graph_node) = person_cuts.node_a
            and greatest(facts_a.graph_node, facts_b.graph_node) = person_cuts.node_b
    left join device_personas
        on
            evidence.merge_level = 'device'
            and evidence.node_a = device_personas.device_node
            and facts_b.persona_id = device_personas.persona_id
),

final as (
    select
        judged.link_id,
        judged.link_kind,
        judged.merge_level as rule_level,
        judged.confidence,
        judged.source_table,
        judged.identifier_type_a,
        judged.identifier_value_a,
        judged.identifier_type_b,
        judged.identifier_value_b,
        judged.n_records,
        judged.first_seen_at,
        judged.last_seen_at,
        case
            when judged.shared_reason is not null then 'none'
            when judged.merge_level = 'device' and judged.is_device_attached then 'device'
            when judged.merge_level = 'persona' and judged.persona_id_a = judged.persona_id_b then 'persona'
            when judged.merge_level in ('persona', 'person') and judged.person_id_a = judged.person_id_b then 'person'
            else 'none'
        end as merged_at_level,
        case
            when judged.shared_reason is not null then 'shared_identifier:' || judged.shared_reason
            when judged.merge_level = 'device' and judged.is_device_attached then null
            when judged.merge_level = 'device' then 'device_not_attached'
            when judged.merge_level = 'persona' and judged.persona_id_a = judged.persona_id_b then null
            when judged.merge_level = 'persona' and judged.is_context_conflict then 'context_conflict'
            when
                judged.merge_level = 'persona' and judged.person_cut_reason is null
                and judged.confidence < {{ var('person_evidence_strong_confidence') }}
                then 'persona_limit:weak_evidence'
            when judged.merge_level = 'persona' and judged.person_cut_reason is null then 'persona_limit'
            -- A cut link whose two sides one person holds through other evidence did merge there.
            when judged.merge_level = 'person' and judged.person_id_a = judged.person_id_b then null
            when judged.person_cut_reason is not null then judged.person_cut_reason
            when judged.merge_level = 'none' then 'rule_does_not_merge'
        end as cut_reason
    from judged
)

select * from final
