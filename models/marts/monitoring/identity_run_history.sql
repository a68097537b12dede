{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='fail',
) }}

-- Run history for trend charts: each build appends one row per published mart (its row count)
-- and one row per quality metric of the latest identity_quality_metrics run. Append-only, and kept
-- across `dbt build --full-refresh` (full_refresh=false): a full refresh rebuilds the marts and
-- appends one more run here, it does not erase the history. Holds counts and rates only, no
-- identifier. To start the history over: drop the table, then build.
with marts as (
    select * from {{ ref('published_marts') }}
),

metrics as (
    select * from {{ ref('identity_quality_metrics') }}
),

latest_run as (
    select max(measured_at) as measured_at
    from metrics
),

latest_metrics as (
    select metrics.*
    from metrics
    inner join latest_run on metrics.measured_at = latest_run.measured_at
),

measures as (
    select
        'mart_rows' as measure_kind,
        mart_name as measure_name,
        'all' as dimension,
        cast(n_rows as {{ type_double() }}) as measure_value
    from marts
    union all
    select
        'quality_metric' as measure_kind,
        metric_name as measure_name,
        dimension,
        metric_value as measure_value
    from latest_metrics
),

final as (
    select
        {{ hash_key(
            "'" ~ invocation_id ~ "|' || measure_kind || '|' || measure_name || '|' || dimension"
        ) }} as history_id,
        '{{ invocation_id }}' as invocation_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as run_at,
        measure_kind,
        measure_name,
        dimension,
        measure_value
    from measures
)

select * from final
