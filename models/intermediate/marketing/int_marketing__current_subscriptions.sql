-- One row per (email, list) with its current status: the latest status change wins. Emails of
-- erased persons are left out.
with subscriptions as (
    select * from {{ ref('stg_marketing__subscriptions') }}
),

erased as (
    select * from {{ ref('int_privacy__erased_nodes') }}
),

-- Erased persons' emails stop here, so no model downstream of staging holds them.
kept as (
    select subscriptions.*
    from subscriptions
    left join erased
        on {{ identifier_node("'email'", 'subscriptions.email') }} = erased.node
    where erased.node is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by email, list_name order by updated_at desc nulls last, status desc nulls last
        ) as change_rank,
        min(case when status = 'subscribed' then updated_at end)
            over (partition by email, list_name) as first_subscribed_at
    from kept
),

final as (
    select
        email,
        list_name,
        status,
        updated_at,
        first_subscribed_at as subscribed_at
    from ranked
    where change_rank = 1
)

select * from final
