{{ config(materialized='incremental', unique_key='metric_id', on_schema_change='fail') }}

-- One row per metric per run (dbt invocation): rows in, staged and quarantined per table and
-- reason, identifiers and match rates per identifier type, cluster sizes per level, shared
-- identifiers, cut links and over-merge suspects. Appended on every run, for dashboards.
with quarantined as (
    select * from {{ ref('quarantined_records') }}
),

identity_map as (
    select * from {{ ref('identity_map') }}
),

links as (
    select * from {{ ref('fct_identity_links') }}
),

personas as (
    select * from {{ ref('dim_personas') }}
),

persons as (
    select * from {{ ref('dim_persons') }}
),

staged_counts as (
    {%- for table in staging_tables() %}
    select '{{ table.source_table }}' as source_table, count(*) as n_rows from {{ ref(table.staged) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

quarantined_counts as (
    select source_table, count(*) as n_rows from quarantined group by source_table
),

size_buckets as (
    select
        'persona' as level,
        {{ size_bucket('n_identifiers') }} as bucket
    from (
        select persona_id, count(*) as n_identifiers from identity_map
        where persona_id is not null group by persona_id
    ) as persona_sizes
    union all
    select
        'person' as level,
        {{ size_bucket('n_personas') }} as bucket
    from persons
),

metrics as (
    select 'staged_rows' as metric_name, source_table as dimension, n_rows as metric_value
    from staged_counts
    union all
    select 'quarantined_rows', source_table, n_rows from quarantined_counts
    union all
    select 'raw_rows', staged_counts.source_table, staged_counts.n_rows + coalesce(quarantined_counts.n_rows, 0)
    from staged_counts
    left join quarantined_counts on staged_counts.source_table = quarantined_counts.source_table
    union all
    select 'quarantined_rows_by_reason', source_table || ':' || reason, count(*)
    from quarantined group by source_table, reason
    union all
    select 'identifiers', identifier_type, count(*) from identity_map group by identifier_type
    union all
    select 'person_match_rate', identifier_type, avg(case when person_id is not null then 1.0 else 0.0 end)
    from identity_map group by identifier_type
    union all
    select 'persona_match_rate', identifier_type, avg(case when persona_id is not null then 1.0 else 0.0 end)
    from identity_map group by identifier_type
    union all
    select 'shared_identifiers', identifier_type || ':' || shared_reason, count(*)
    from identity_map where is_shared group by identifier_type, shared_reason
    union all
    select 'clusters_by_size', level || ':' || bucket, count(*) from size_buckets group by level, bucket
    union all
    select 'devices', 'all', count(*) from {{ ref('dim_devices') }}
    union all
    select 'personas', 'all', count(*) from personas
    union all
    select 'persons', 'all', count(*) from persons
    union all
    select 'links_by_level', merged_at_level, count(*) from links group by merged_at_level
    union all
    select 'links_cut', cut_reason, count(*) from links where cut_reason is not null group by cut_reason
    union all
    select 'overmerge_suspects', 'person', count(*) from persons
    where n_personas > {{ var('overmerge_suspect_personas') }} or n_devices > {{ var('overmerge_suspect_devices') }}
),

final as (
    select
        {{ hash_key("'" ~ invocation_id ~ "|' || metric_name || '|' || coalesce(dimension, '')") }} as metric_id,
        '{{ invocation_id }}' as invocation_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as measured_at,
        metric_name,
        coalesce(dimension, 'none') as dimension,
        cast(metric_value as double) as metric_value
    from metrics
)

select * from final
