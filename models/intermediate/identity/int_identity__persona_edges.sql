-- The edges of the persona graph: persona-level evidence between persona-scope identifiers, minus
-- shared identifiers and minus emails of the other context than their account (those link at
-- person level only). Every usable persona-scope identifier also gets a self-edge, so that an
-- identifier with no evidence is still a persona of its own.
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

shared as (
    select * from {{ ref('int_identity__shared_identifiers') }}
),

account_contexts as (
    select * from {{ ref('int_identity__account_contexts') }}
),

usable as (
    select identifiers.*
    from identifiers
    left join shared
        on identifiers.node = shared.node
    where identifiers.scope = 'persona' and shared.node is null
),

persona_evidence as (
    select
        evidence.node_a,
        evidence.node_b,
        usable_a.identifier_type as identifier_type_a,
        usable_b.identifier_type as identifier_type_b,
        {{ context_conflict('account_contexts.context', 'usable_b.email_context') }} as is_context_conflict
    from evidence
    inner join usable as usable_a
        on evidence.node_a = usable_a.node
    inner join usable as usable_b
        on evidence.node_b = usable_b.node
    left join account_contexts
        on evidence.node_a = account_contexts.account_node
    where evidence.merge_level = 'persona'
),

final as (
    select
        node_a,
        node_b,
        identifier_type_a,
        identifier_type_b
    from persona_evidence
    where not is_context_conflict
    union all
    select
        node as node_a,
        node as node_b,
        identifier_type as identifier_type_a,
        identifier_type as identifier_type_b
    from usable
)

select * from final
