{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed subscription status changes with the reason a row cannot be staged (NULL = stageable).
-- The import CTE is raw_rows, not source: the table has a column named source, which would
-- shadow a CTE of that name in row_to_json_text().
with raw_rows as (
    select *
    from {{ raw_table('marketing', 'subscriptions') }}
),

typed as (
    select
        raw_rows._source_file,
        raw_rows._source_fingerprint,
        raw_rows._source_line,
        raw_rows._reject_reason,
        {{ normalize_email('email') }} as email,
        {{ email_invalid_reason('email') }} as email_invalid_reason,
        lower({{ free_text('list_name', 100) }}) as list_name,
        lower(trim(status)) as status,
        {{ parse_timestamp('updated_at') }} as updated_at,
        {{ free_text('source', 100) }} as subscription_source,
        {{ raw_record_value('raw_rows') }} as raw_record,
        {{ is_blank('email') }} as is_email_blank,
        {{ is_blank('status') }} as is_status_blank,
        {{ is_blank('updated_at') }} as is_updated_at_blank
    from raw_rows
),

final as (
    select
        {{ hash_key(
            "coalesce(email, '') || '|' || coalesce(list_name, '') || '|' || "
            ~ "coalesce(cast(updated_at as " ~ dbt.type_string() ~ "), '')"
        ) }}
            as subscription_event_id,
        *,
        {{ quarantine_reason(
            checks=[
                ("is_email_blank", "'missing:email'"),
                ("email is null", "'invalid:email:' || email_invalid_reason"),
                ("list_name is null or list_name = ''", "'missing:list_name'"),
                ("is_status_blank", "'missing:status'"),
                ("status not in ('subscribed', 'unsubscribed')", "'invalid:status'"),
                ("is_updated_at_blank", "'missing:updated_at'"),
                ("updated_at is null", "'unparsable:updated_at'"),
                (
                    "not " ~ in_plausible_range('updated_at', 'subscriptions', 'updated_at'),
                    "'out_of_range:updated_at'"
                )
            ],
            unique_key=['email', 'list_name', 'updated_at'],
            order_by='status desc nulls last, subscription_source'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
