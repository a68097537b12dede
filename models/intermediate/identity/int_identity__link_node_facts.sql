{{ config(materialized=incremental_materialization(), unique_key='node', on_schema_change='fail') }}

-- One row per identifier with a value: everything fct_identity_links reads about one side of a
-- link (its value, whether it is shared, its graph node, persona, person, email and account
-- context), looked up once per identifier and joined to both sides of every link (at 1M persons
-- 12.2M links over 9.9M identifiers). Two lookups a link makes by the pair of its sides are
-- carried as fingerprints, so that a change shows on the side it concerns: the person cuts at the
-- identifier's graph node, and the personas a device is attached to.
-- Incremental: every identifier's facts are computed and only the rows that differ from the kept
-- ones are written (with this run's _loaded_at), so fct_identity_links can recompute just the
-- links of identifiers whose facts changed. A full build gives the same facts.
with identifier_values as (
    select * from {{ ref('int_identity__identifier_values') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
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

person_cuts as (
    select * from {{ ref('int_identity__person_cuts') }}
),

account_contexts as (
    select * from {{ ref('int_identity__account_contexts') }}
),

device_personas as (
    select * from {{ ref('int_identity__device_personas') }}
),

-- The person of each identifier, also for identifiers not published in identity_map (name keys).
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

-- Each person cut seen from both of its graph nodes: the other graph node and the reason.
graph_node_cuts as (
    select
        node_a as graph_node,
        {{ node_text('node_b') }} || '=' || cut_reason as cut
    from person_cuts
    union all
    select
        node_b as graph_node,
        {{ node_text('node_a') }} || '=' || cut_reason as cut
    from person_cuts
),

cut_digests as (
    select
        graph_node,
        {{ hash_key(ordered_text_set('cut')) }} as person_cuts_digest
    from graph_node_cuts
    group by graph_node
),

attached_digests as (
    select
        device_node as node,
        {{ hash_key(ordered_text_set('persona_id')) }} as attached_personas_digest
    from device_personas
    group by device_node
),

facts as (
    select
        identifier_values.node,
        identifier_values.identifier_value,
        shared.shared_reason,
        node_persons.graph_node,
        node_persons.persona_id,
        node_persons.person_id,
        identifiers.email_context,
        account_contexts.context as account_context,
        cut_digests.person_cuts_digest,
        attached_digests.attached_personas_digest
    from identifier_values
    left join shared
        on identifier_values.node = shared.node
    left join node_persons
        on identifier_values.node = node_persons.node
    left join identifiers
        on identifier_values.node = identifiers.node
    left join account_contexts
        on identifier_values.node = account_contexts.account_node
    left join cut_digests
        on node_persons.graph_node = cut_digests.graph_node
    left join attached_digests
        on identifier_values.node = attached_digests.node
),

{%- set compared = ['identifier_value', 'shared_reason', 'graph_node', 'persona_id', 'person_id',
    'email_context', 'account_context', 'person_cuts_digest', 'attached_personas_digest'] %}

changed as (
    select facts.*
    from facts
    {%- if is_incremental() %}
        left join {{ this }} as kept
            on facts.node = kept.node
    where
        kept.node is null
        {%- for column in compared %}
            or facts.{{ column }} is distinct from kept.{{ column }}
        {%- endfor %}
    {%- endif %}
),

final as (
    select
        changed.*,
        {{ loaded_at() }} as _loaded_at
    from changed
)

select * from final
