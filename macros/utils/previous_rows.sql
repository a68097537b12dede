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


{#-
    True for a model of this project (by its package name, which is the root project's only when
    the project runs on its own: in a host project that installs it as a package, project_name is
    the host's).
-#}
{% macro is_own_model(node) %}
    {{- return(node.resource_type == 'model' and node.package_name == 'identity_resolution') -}}
{% endmacro %}


{#-
    The table another model of this project left in the warehouse, or none (not built yet, or at
    parse time). For a model that reads what a later model wrote in the run before without
    depending on it: int_identity__device_uses reads int_privacy__erased_device_uses, which is built
    from it. Found through the graph, so the model's schema and alias settings are honoured.
-#}
{% macro existing_model_relation(model_name) %}
    {%- if not execute -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- for node in graph.nodes.values() if is_own_model(node) and node.name == model_name -%}
        {{- return(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) -}}
    {%- endfor -%}
    {{- exceptions.raise_compiler_error('existing_model_relation: no model ' ~ model_name ~ ' in identity_resolution') -}}
{% endmacro %}
