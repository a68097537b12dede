{#-
    Deleting rows, per engine. `delete_rows(relation, condition)` gives the SQL that deletes the rows
    of `relation` where `condition` holds (DuckDB, PostgreSQL: one DELETE, run by the caller: a hook
    or a statement). Spark tables here are Parquet, which has no DELETE: spark__ runs the rewrite
    itself (the kept rows into a work table, INSERT OVERWRITE from it, drop it) and returns '' (an
    empty hook is skipped; callers run a non-empty result only).
-#}
{% macro delete_rows(relation, condition) %}
    {{ return(adapter.dispatch('delete_rows', 'identity_resolution')(relation, condition)) }}
{% endmacro %}

{% macro default__delete_rows(relation, condition) %}
    {{ return('delete from ' ~ relation ~ ' where ' ~ condition) }}
{% endmacro %}

{% macro spark__delete_rows(relation, condition) %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set kept = api.Relation.create(schema=relation.schema, identifier=relation.identifier ~ '__kept', type='table') -%}
    {%- do run_query('drop table if exists ' ~ kept) -%}
    {%- do run_query('create table ' ~ kept ~ ' using parquet as select * from ' ~ relation
        ~ ' where not coalesce((' ~ condition ~ '), false)') -%}
    {%- do run_query('insert overwrite table ' ~ relation ~ ' select * from ' ~ kept) -%}
    {%- do run_query('drop table if exists ' ~ kept) -%}
    {{ return('') }}
{% endmacro %}


{#- (schema, table, column) of every base table in `schemas` (lowercase names), ordered: the
    tables purge_erased looks at. information_schema where the engine has it; Spark's catalog. -#}
{% macro project_table_columns(schemas) %}
    {{ return(adapter.dispatch('project_table_columns', 'identity_resolution')(schemas)) }}
{% endmacro %}

{% macro default__project_table_columns(schemas) %}
    {%- set columns = run_query(
        "select columns.table_schema, columns.table_name, columns.column_name, lower(columns.data_type)
        from information_schema.columns as columns
        inner join information_schema.tables as tables
            on columns.table_catalog = tables.table_catalog
            and columns.table_schema = tables.table_schema
            and columns.table_name = tables.table_name
        where tables.table_type = 'BASE TABLE'
            and lower(columns.table_catalog) = lower('" ~ target.database ~ "')
            and lower(columns.table_schema) in ('" ~ schemas | join("', '") ~ "')
        order by 1, 2, 3") -%}
    {{ return(columns.rows) }}
{% endmacro %}

{#- Spark: the tables of each existing schema from SHOW TABLES (dbt-spark's relation listing is not
    callable from Jinja), their kind from dbt's relation cache, their columns from the catalog. -#}
{% macro spark__project_table_columns(schemas) %}
    {%- set rows = [] -%}
    {%- set existing = run_query('show schemas').columns[0].values() | map('lower') | list -%}
    {%- for schema in schemas | sort if schema | lower in existing -%}
        {%- set listed = run_query('show tables in ' ~ schema).columns['tableName'].values() -%}
        {%- for name in listed | sort -%}
            {%- set relation = adapter.get_relation(database=none, schema=schema, identifier=name) -%}
            {%- if relation is not none and relation.type == 'table' -%}
                {%- for column in adapter.get_columns_in_relation(relation) | map(attribute='name') | sort -%}
                    {%- do rows.append([relation.schema, relation.identifier, column]) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(rows) }}
{% endmacro %}
