{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed and normalised app events with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('app', 'app_events') }}
),

typed as (
    select
        source._source_file,
        source._source_fingerprint,
        source._source_line,
        source._reject_reason,
        trim(event_id) as event_id,
        {{ parse_timestamp('occurred_at') }} as occurred_at,
        {{ normalize_device_id('device_id') }} as device_id,
        {{ device_id_invalid_reason('device_id') }} as device_id_invalid_reason,
        {{ normalize_account_id('app_user_id') }} as account_id,
        {{ account_id_invalid_reason('app_user_id') }} as account_id_invalid_reason,
        case
            when lower(trim(platform)) in ('ios', 'android') then lower(trim(platform))
        end as platform,
        {{ free_text('device_model', 100) }} as device_model,
        {{ free_text('os_version', 50) }} as os_version,
        -- App installs run on phones and tablets; the model name is the only tablet hint.
        case
            when {{ regex_matches('lower(device_model)', 'ipad|tablet|tab [a-z0-9]|sm-t[0-9]') }}
                then 'tablet'
            else 'smartphone'
        end as device_class,
        lower({{ free_text('event_type', 50) }}) as event_type,
        case when {{ is_valid_json('properties') }} then properties end as properties,
        case
            when not {{ is_blank('properties') }} and not {{ is_valid_json('properties') }}
                then 'invalid_json'
        end as properties_invalid_reason,
        lower({{ free_text(safe_json_text('properties', 'content_category'), 100) }}) as content_category,
        {{ raw_record_value('source') }} as raw_record,
        {{ is_blank('occurred_at') }} as is_occurred_at_blank,
        {{ is_blank('device_id') }} as is_device_id_blank
    from source
),

final as (
    select
        *,
        {{ quarantine_reason(
            checks=[
                ("event_id is null or event_id = ''", "'missing:event_id'"),
                ("is_occurred_at_blank", "'missing:occurred_at'"),
                ("occurred_at is null", "'unparsable:occurred_at'"),
                (
                    "not " ~ in_plausible_range('occurred_at', 'app_events', 'occurred_at'),
                    "'out_of_range:occurred_at'"
                ),
                ("is_device_id_blank", "'missing:device_id'"),
                ("device_id is null", "'invalid:device_id:' || device_id_invalid_reason")
            ],
            unique_key=['event_id'],
            order_by='occurred_at, device_id, account_id, event_type, properties'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
