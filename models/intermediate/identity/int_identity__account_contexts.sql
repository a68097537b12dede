-- One row per account: its context (business | personal | unknown), read from the emails the
-- customer gave it. A persona never mixes contexts, so this decides which emails may join it.
with evidence as (
    select * from {{ ref('int_identity__evidence') }}
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

accounts as (
    select node as account_node
    from identifiers
    where identifier_type = 'account_id'
),

customer_emails as (
    select
        evidence.node_a as account_node,
        identifiers.email_context,
        min(evidence.first_seen_at) as first_seen_at
    from evidence
    inner join identifiers
        on evidence.node_b = identifiers.node
    where
        evidence.identifier_type_a = 'account_id'
        and evidence.identifier_type_b = 'email'
        and evidence.merge_level = 'persona'
        and identifiers.email_context in ('business', 'personal')
    group by evidence.node_a, identifiers.email_context
),

-- With both contexts on one account (bad data), the one seen first wins.
ranked as (
    select
        account_node,
        email_context,
        row_number() over (
            partition by account_node order by first_seen_at nulls last, email_context
        ) as context_rank,
        count(*) over (partition by account_node) as n_contexts
    from customer_emails
),

final as (
    select
        accounts.account_node,
        coalesce(ranked.email_context, 'unknown') as context,
        coalesce(ranked.n_contexts > 1, false) as has_mixed_contexts
    from accounts
    left join ranked
        on accounts.account_node = ranked.account_node and ranked.context_rank = 1
)

select * from final
