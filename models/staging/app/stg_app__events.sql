-- One row per app event. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_app__events') }}
),

final as (
    select
        event_id,
        occurred_at,
        device_id,
        account_id,
        account_id_invalid_reason,
        platform,
        device_model,
        os_version,
        device_class,
        event_type,
        properties,
        properties_invalid_reason,
        content_category,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
