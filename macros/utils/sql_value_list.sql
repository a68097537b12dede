{#- A Jinja list of strings as a parenthesised list of SQL string literals, for IN ( ... ). -#}
{% macro sql_value_list(values) -%}
    {%- set quoted = [] -%}
    {%- for value in values -%}
        {%- do quoted.append(identity_resolution.string_literal(value)) -%}
    {%- endfor -%}
    {{- return('(' ~ (quoted | join(', ')) ~ ')') -}}
{%- endmacro %}
