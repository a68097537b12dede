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
