{#-
    The rows a table model held before this run, for a model that reads its own previous state
    (int_privacy__erased_nodes: the nodes erased by earlier runs). DuckDB and PostgreSQL replace the
    table in one statement that can read the old one: the relation itself. dbt-spark drops a
    Parquet table before it creates the new one, so on Spark the old rows are first copied into
    <table>__previous (replaced on every run) and the model reads that copy.
-#}
{% macro previous_rows(relation) %}
    {{- return(adapter.dispatch('previous_rows', 'identity_resolution')(relation)) -}}
{% endmacro %}

{% macro default__previous_rows(relation) %}
    {{- return(relation) -}}
{% endmacro %}

{% macro spark__previous_rows(relation) %}
    {%- set copy = api.Relation.create(schema=relation.schema, identifier=relation.identifier ~ '__previous',
                                       type='table') -%}
    {%- if execute -%}
        {%- do run_query('drop table if exists ' ~ copy) -%}
        {%- do run_query('create table ' ~ copy ~ ' using parquet as select * from ' ~ relation) -%}
    {%- endif -%}
    {{- return(copy) -}}
{% endmacro %}
