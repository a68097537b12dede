{{ config(materialized=incremental_materialization(), on_schema_change='fail') }}

-- Typed erasure requests, the identifier normalised like everywhere else so that it matches,
-- with the reason a row cannot be staged (NULL = stageable).
with source as (
    select *
    from {{ raw_table('privacy', 'erasure_requests') }}
),

typed as (
    select
        source._source_file,
        source._source_fingerprint,
        source._source_line,
        source._reject_reason,
        lower(trim(identifier_type)) as identifier_type,
        case lower(trim(identifier_type))
            {%- for identifier_type in identifier_types() %}
                when '{{ identifier_type }}' then {{ normalize_identifier(identifier_type, 'identifier_value') }}
            {%- endfor %}
        end as identifier_value,
        case lower(trim(identifier_type))
            {%- for identifier_type in identifier_types() %}
                when '{{ identifier_type }}'
                    then {{ identifier_invalid_reason(identifier_type, 'identifier_value') }}
            {%- endfor %}
        end as identifier_value_invalid_reason,
        {{ parse_timestamp('requested_at') }} as requested_at,
        {{ raw_record_value('source') }} as raw_record,
        {{ is_blank('identifier_type') }} as is_identifier_type_blank,
        {{ is_blank('identifier_value') }} as is_identifier_value_blank,
        {{ is_blank('requested_at') }} as is_requested_at_blank
    from source
),

final as (
    select
        {{ hash_key("coalesce(identifier_type, '') || '|' || coalesce(identifier_value, '')") }}
            as erasure_request_id,
        *,
        {{ quarantine_reason(
            checks=[
                ("is_identifier_type_blank", "'missing:identifier_type'"),
                ("identifier_type not in ('" ~ identifier_types() | join("', '") ~ "')", "'invalid:identifier_type'"),
                ("is_identifier_value_blank", "'missing:identifier_value'"),
                ("identifier_value is null", "'invalid:' || identifier_type || ':' || identifier_value_invalid_reason"),
                ("is_requested_at_blank", "'missing:requested_at'"),
                ("requested_at is null", "'unparsable:requested_at'"),
                (
                    "not " ~ in_plausible_range('requested_at', 'erasure_requests', 'requested_at'),
                    "'out_of_range:requested_at'"
                )
            ],
            unique_key=['identifier_type', 'identifier_value'],
            order_by='requested_at'
        ) }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from typed
)

select {{ star_with_raw_record() }} from final
