{{ config(materialized='incremental', unique_key='metric_id', on_schema_change='fail') }}

-- One row per metric per run (dbt invocation): rows in, staged and quarantined per table and
-- reason, identifiers and match rates per identifier type, cluster sizes per level, shared
-- identifiers, cut links, over-merge suspects and optional dates set to NULL as out of their
-- plausible range (per table.column). Appended on every run, for dashboards.
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
        select
            '{{ table.source_table }}' as source_table,
            count(*) as n_rows
        from {{ ref(table.staged) }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

quarantined_counts as (
    select
        source_table,
        count(*) as n_rows
    from quarantined
    group by source_table
),

size_buckets as (
    select
        'persona' as cluster_level,
        {{ size_bucket('n_identifiers') }} as bucket
    from (
        select
            persona_id,
            count(*) as n_identifiers
        from identity_map
        where persona_id is not null
        group by persona_id
    ) as persona_sizes
    union all
    select
        'person' as cluster_level,
        {{ size_bucket('n_personas') }} as bucket
    from persons
),

metrics as (
    select
        'staged_rows' as metric_name,
        source_table as dimension,
        n_rows as metric_value
    from staged_counts
    union all
    select
        'quarantined_rows' as metric_name,
        source_table as dimension,
        n_rows as metric_value
    from quarantined_counts
    union all
    select
        'raw_rows' as metric_name,
        staged_counts.source_table as dimension,
        staged_counts.n_rows + coalesce(quarantined_counts.n_rows, 0) as metric_value
    from staged_counts
    left join quarantined_counts on staged_counts.source_table = quarantined_counts.source_table
    union all
    select
        'quarantined_rows_by_reason' as metric_name,
        source_table || ':' || reason as dimension,
        count(*) as metric_value
    from quarantined
    group by source_table, reason
    union all
    select
        'identifiers' as metric_name,
        identifier_type as dimension,
        count(*) as metric_value
    from identity_map
    group by identifier_type
    union all
    select
        'person_match_rate' as metric_name,
        identifier_type as dimension,
        avg(case when person_id is not null then 1.0 else 0.0 end) as metric_value
    from identity_map
    group by identifier_type
    union all
    select
        'persona_match_rate' as metric_name,
        identifier_type as dimension,
        avg(case when persona_id is not null then 1.0 else 0.0 end) as metric_value
    from identity_map
    group by identifier_type
    union all
    select
        'shared_identifiers' as metric_name,
        identifier_type || ':' || shared_reason as dimension,
        count(*) as metric_value
    from identity_map
    where is_shared
    group by identifier_type, shared_reason
    union all
    select
        'clusters_by_size' as metric_name,
        cluster_level || ':' || bucket as dimension,
        count(*) as metric_value
    from size_buckets
    group by cluster_level, bucket
    union all
    select
        'devices' as metric_name,
        'all' as dimension,
        count(*) as metric_value
    from {{ ref('dim_devices') }}
    union all
    select
        'personas' as metric_name,
        'all' as dimension,
        count(*) as metric_value
    from personas
    union all
    select
        'persons' as metric_name,
        'all' as dimension,
        count(*) as metric_value
    from persons
    union all
    select
        'links_by_level' as metric_name,
        merged_at_level as dimension,
        count(*) as metric_value
    from links
    group by merged_at_level
    union all
    select
        'links_cut' as metric_name,
        -- The bound cuts' reasons carry the component's sizes: one dimension for all of them.
        case when cut_reason like 'person_bound:%' then 'person_bound' else cut_reason end as dimension,
        count(*) as metric_value
    from links
    where cut_reason is not null
    group by case when cut_reason like 'person_bound:%' then 'person_bound' else cut_reason end
    union all
    select
        'person_components_over_bounds' as metric_name,
        bound_status as dimension,
        count(distinct unbounded_component_node) as metric_value
    from {{ ref('int_identity__person_bounded_components') }}
    where bound_status != 'within'
    group by bound_status
    union all
    select
        'overmerge_suspects' as metric_name,
        'person' as dimension,
        count(*) as metric_value
    from persons
    where
        n_personas > {{ var('overmerge_suspect_personas') }}
        or n_devices > {{ var('overmerge_suspect_devices') }}
    {%- for date in optional_date_columns() %}
        union all
        select
            'dates_out_of_range' as metric_name,
            '{{ date.source_table }}.{{ date.column }}' as dimension,
            count(*) as metric_value
        from {{ ref(date.base) }}
        where quarantine_reason is null and {{ date.column }}_invalid_reason = 'out_of_range'
    {%- endfor %}
),

final as (
    select
        {{ hash_key("'" ~ invocation_id ~ "|' || metric_name || '|' || coalesce(dimension, '')") }} as metric_id,
        '{{ invocation_id }}' as invocation_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as measured_at,
        metric_name,
        coalesce(dimension, 'none') as dimension,
        cast(metric_value as {{ type_double() }}) as metric_value
    from metrics
)

select * from final
