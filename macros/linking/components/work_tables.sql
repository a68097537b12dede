{#- Work tables and small helpers shared by every step (and by bounded_components).
    Part of the connected-components materialization: see connected_components.sql in this folder. -#}


{#- A table name past 63 characters (PostgreSQL's limit: a long model name and a long work
    suffix) cut to 54 and given 8 characters of its md5, so it stays unique and the same in every
    step and run; a shorter name as it is. -#}
{% macro cc_table_identifier(identifier) %}
    {{ return(identifier if identifier | length <= 63 else identifier[:54] ~ '_' ~ local_md5(identifier)[:8]) }}
{% endmacro %}

{#- Relation for a work table (its name through cc_table_identifier). DuckDB: a temporary table,
    kept in memory (spills if it must). -#}
{% macro cc_work_relation(relation, identifier) %}
    {%- set identifier = identity_resolution.cc_table_identifier(identifier) -%}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_work_relation(relation, identifier)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_work_relation', 'identity_resolution')(relation, identifier)) }}
{% endmacro %}

{% macro default__cc_work_relation(relation, identifier) %}
    {{ return(relation.incorporate(path={'identifier': identifier}, type='table')) }}
{% endmacro %}

{% macro duckdb__cc_work_relation(relation, identifier) %}
    {{ return(api.Relation.create(identifier=identifier, type='table')) }}
{% endmacro %}


{% macro cc_create_work_table(relation, sql) %}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_create_work_table(relation, sql)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_create_work_table', 'identity_resolution')(relation, sql)) }}
{% endmacro %}

{% macro default__cc_create_work_table(relation, sql) %}
    {% call statement('cc_create_work_table', auto_begin=False) -%}
        create table {{ relation }} as
        {{ sql }}
    {%- endcall %}
{% endmacro %}

{% macro duckdb__cc_create_work_table(relation, sql) %}
    {% call statement('cc_create_work_table', auto_begin=False) -%}
        create or replace temporary table {{ relation }} as
        {{ sql }}
    {%- endcall %}
{% endmacro %}


{% macro cc_drop_work_tables(work) %}
    {%- for part in work -%}
        {%- do adapter.drop_relation(work[part]) -%}
    {%- endfor -%}
{% endmacro %}


{#- A row number over the distinct nodes. Portable SQL needs an order; DuckDB numbers without one,
    which saves a sort of every node string (the id only has to be unique). -#}
{% macro cc_node_row_number(node_column) %}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_node_row_number(node_column)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_node_row_number', 'identity_resolution')(node_column)) }}
{% endmacro %}

{% macro default__cc_node_row_number(node_column) -%}
    row_number() over (order by {{ node_column }})
{%- endmacro %}

{% macro duckdb__cc_node_row_number(node_column) -%}
    row_number() over ()
{%- endmacro %}


{#- Swaps the 16-bit halves of an integer in [0, 2^32): a bijection, in portable arithmetic. -#}
{% macro cc_swap_halves(x) -%}
    (({{ x }} % 65536) * 65536 + cast(floor({{ x }} / 65536) as bigint))
{%- endmacro %}


{% macro cc_count_rows(relation) %}
    {%- set result = run_query('select count(*) as n from ' ~ relation) -%}
    {{ return(result.columns[0].values()[0] | int) }}
{% endmacro %}


{% macro cc_seconds_since(started_at) %}
    {{ return('%.2f' | format((modules.datetime.datetime.now() - started_at).total_seconds())) }}
{% endmacro %}


{#- The end of a table-like materialization, as dbt's `table` does it: the new relation in place of
    the old one (kept as a backup until the commit). -#}
{% macro cc_swap_into_place(existing_relation, intermediate_relation, target_relation, backup_relation) %}
    {%- if existing_relation is not none -%}
        {#- It may have been dropped since it was first looked up. -#}
        {%- set existing_relation = load_cached_relation(existing_relation) -%}
        {%- if existing_relation is not none -%}
            {%- do adapter.rename_relation(existing_relation, backup_relation) -%}
        {%- endif -%}
    {%- endif -%}
    {%- do adapter.rename_relation(intermediate_relation, target_relation) -%}
{% endmacro %}


{#- Post-hooks, grants, docs, commit and the backup dropped: the rest of dbt's `table`
    materialization, shared by connected_components and bounded_components. -#}
{% macro cc_finish_table(existing_relation, target_relation, backup_relation, grant_config, post_hooks, model) %}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {%- set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) -%}
    {%- do apply_grants(target_relation, grant_config, should_revoke=should_revoke) -%}
    {%- do persist_docs(target_relation, model) -%}
    {%- do adapter.commit() -%}
    {{ drop_relation_if_exists(backup_relation) }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
{% endmacro %}
