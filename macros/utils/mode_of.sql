{#- The most frequent non-NULL value of a column in a group. -#}
{% macro mode_of(column) %}
    {{ return(adapter.dispatch('mode_of', 'identity_resolution')(column)) }}
{% endmacro %}

{% macro default__mode_of(column) -%}
    mode({{ column }})
{%- endmacro %}

{% macro spark__mode_of(column) -%}
    mode({{ column }}, true)
{%- endmacro %}

{#- PostgreSQL's mode is an ordered-set aggregate; among equally frequent values it takes the smallest. -#}
{% macro postgres__mode_of(column) -%}
    mode() within group (order by {{ column }})
{%- endmacro %}
