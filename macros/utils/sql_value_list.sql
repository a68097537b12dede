{#- A Jinja list of strings as a parenthesised list of SQL string literals, for IN ( ... ). -#}
{% macro sql_value_list(values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append(identity_resolution.string_literal(value)) -%}
    {%- endfor -%}
    {{- return('(' ~ (quoted | join(', ')) ~ ')') -}}
{%- endmacro %}


{#-
    True when expr is one of the values (a Jinja list of strings). Engines differ in how they run
    a long IN list: DuckDB turns one (and list_contains) into a mark join against the list, which
    defeats the short-circuit of the CASE around it and re-evaluates the normalised expression for
    every row: 3-4x slower staging at 100k persons. list_position stays a plain scalar function.
-#}
{% macro value_in_list(expr, values) -%}
    {{- return(adapter.dispatch('value_in_list', 'identity_resolution')(expr, values)) -}}
{%- endmacro %}

{% macro default__value_in_list(expr, values) -%}
    (({{ expr }}) in {{ identity_resolution.sql_value_list(values) }})
{%- endmacro %}

{% macro duckdb__value_in_list(expr, values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append(identity_resolution.string_literal(value)) -%}
    {%- endfor -%}
    (list_position([{{ quoted | join(', ') }}], {{ expr }}) is not null)
{%- endmacro %}
