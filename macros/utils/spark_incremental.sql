{#-
    Incremental models on Spark with Parquet tables. dbt-spark's local session has no Delta or
    Iceberg here (their jars come from Maven at run time), and on Parquet it offers only `append`
    and `insert_overwrite` (whole partitions): a model with a unique_key and no strategy of its own
    (the project's base_* tables, the intermediate identity tables, identity_quality_metrics) would
    get its new rows appended next to the old versions of the same keys. This override of
    dbt-spark's dbt_spark_get_incremental_sql (the root project's macro comes first) gives such a
    model what the other engines give it, delete+insert by key: the kept old rows (no new row with
    the same key, compared null-safe) and the new rows go into a work table, INSERT OVERWRITE
    writes it back (Spark cannot overwrite a table it reads in the same statement), and the main
    statement drops the work table. Every other case is dbt-spark's own code path, unchanged.
-#}
{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
  {%- if strategy == 'append' and unique_key and not config.get('incremental_strategy') -%}
    {{ return(identity_resolution.spark_parquet_upsert_sql(source, target, unique_key)) }}
  {%- elif strategy == 'append' -%}
    {{ return(get_insert_into_sql(source, target)) }}
  {%- elif strategy in ['insert_overwrite', 'microbatch'] -%}
    {%- if strategy == 'microbatch' and not config.get('partition_by') -%}
      {{ exceptions.raise_compiler_error(
          "dbt-spark 'microbatch' incremental strategy requires a `partition_by` config.") }}
    {%- endif -%}
    {{ return(get_insert_overwrite_sql(source, target, existing)) }}
  {%- elif strategy == 'merge' -%}
    {{ return(get_merge_sql(target, source, unique_key, dest_columns=none, incremental_predicates=incremental_predicates)) }}
  {%- endif -%}
  {{ exceptions.raise_compiler_error("No known SQL for the incremental strategy provided: " ~ strategy) }}
{% endmacro %}


{#- Delete+insert by key on a Parquet table (see above); returns the statement that drops the work table. -#}
{% macro spark_parquet_upsert_sql(source, target, unique_key) %}
  {%- set keys = [unique_key] if unique_key is string else unique_key -%}
  {%- set columns = adapter.get_columns_in_relation(target) | map(attribute='quoted') | join(', ') -%}
  {%- set kept = api.Relation.create(schema=target.schema, identifier=target.identifier ~ '__upsert', type='table') -%}
  {%- set matches = [] -%}
  {%- for key in keys -%}
    {%- do matches.append('new_rows.' ~ key ~ ' <=> old_rows.' ~ key) -%}
  {%- endfor -%}
  {%- do run_query('drop table if exists ' ~ kept) -%}
  {%- do run_query('create table ' ~ kept ~ ' using parquet as select ' ~ columns ~ ' from ' ~ target
      ~ ' as old_rows where not exists (select 1 from ' ~ source ~ ' as new_rows where '
      ~ matches | join(' and ') ~ ') union all select ' ~ columns ~ ' from ' ~ source) -%}
  {%- do run_query('insert overwrite table ' ~ target ~ ' select ' ~ columns ~ ' from ' ~ kept) -%}
  {{ return('drop table if exists ' ~ kept) }}
{% endmacro %}
