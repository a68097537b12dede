-- One row per subscription status change. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_marketing__subscriptions') }}
),

final as (
    select
        subscription_event_id,
        email,
        list_name,
        status,
        updated_at,
        subscription_source,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
