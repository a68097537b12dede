{{ config(materialized=incremental_materialization(), unique_key='link_id', on_schema_change='fail') }}

-- One row per evidence edge: two identifiers seen together under a link rule, with its kind,
-- source, confidence, when and how often, the level at which it merged, or why it was cut.
-- This is the chain-of-evidence table behind "why are these two together?".
-- Incremental: a run recomputes the links of evidence changed since the last run and the links of
-- identifiers whose facts changed (int_identity__link_node_facts writes only those); every other
-- link keeps its row. A full build gives the same rows.
{%- set since = incremental_watermark() %}
with all_evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

-- Erased identifiers have no value any more, so they have no facts and their links drop out of
-- the inner joins below. In an incremental run, the kept facts of an identifier erased in this run
-- stay until the purge at the run's end, which deletes them and any link written from them (by
-- value).
node_facts as (
    select * from {{ ref('int_identity__link_node_facts') }}
),

-- Person-graph edges that the person bounds cut (by graph node: a persona stands for its members).
person_cuts as (
    select * from {{ ref('int_identity__person_cuts') }}
),

device_personas as (
    select * from {{ ref('int_identity__device_personas') }}
),

{%- if since is not none %}

-- Incremental: the identifiers whose facts were written since the last run.
changed_facts as (
    select node from node_facts
    where _loaded_at > {{ since }}
),
{%- endif %}

evidence as (
    select all_evidence.*
    from all_evidence
    {%- if since is not none %}
        left join changed_facts as changed_a
            on all_evidence.node_a = changed_a.node
        left join changed_facts as changed_b
            on all_evidence.node_b = changed_b.node
    where
        all_evidence._loaded_at > {{ since }}
        or changed_a.node is not null
        or changed_b.node is not null
    {%- endif %}
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
        -- Typed as the contract types them: on PostgreSQL the seed's columns are varchar, and an
        -- incremental run's new rows must have the table's types (on_schema_change='fail').
        cast(judged.link_kind as {{ dbt.type_string() }}) as link_kind,
        cast(judged.merge_level as {{ dbt.type_string() }}) as rule_level,
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
        end as cut_reason,
        {{ loaded_at() }} as _loaded_at
    from judged
)

select * from final
