{#- The most frequent non-NULL value of a column in a group; among equally frequent values, the
    smallest, on every engine (so a tie never depends on the order rows arrive in). -#}
{% macro mode_of(column) %}
    {{ return(adapter.dispatch('mode_of', 'identity_resolution')(column)) }}
{% endmacro %}

{#- The ordered-set form (DuckDB, PostgreSQL): the smallest among ties. DuckDB's plain mode(x)
    takes the value seen first, which changes with the threads' order. -#}
{% macro default__mode_of(column) -%}
    mode() within group (order by {{ column }})
{%- endmacro %}

{#- deterministic = true: the smallest among ties. -#}
{% macro spark__mode_of(column) -%}
    mode({{ column }}, true)
{%- endmacro %}
