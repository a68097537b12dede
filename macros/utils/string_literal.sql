{#-
    Render a Jinja string as a SQL string literal of the current engine.
    Standard SQL doubles a single quote; Spark SQL instead treats '' as two adjacent
    literals and unescapes backslashes, so its literal escapes both with a backslash.
-#}
{% macro string_literal(value) -%}
    {{- return(adapter.dispatch('string_literal', 'identity_resolution')(value)) -}}
{%- endmacro %}

{% macro default__string_literal(value) -%}
    {{- return("'" ~ (value | string | replace("'", "''")) ~ "'") -}}
{%- endmacro %}

{% macro spark__string_literal(value) -%}
    {{- return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") -}}
{%- endmacro %}


{#- A value already written as a SQL string literal ('...') is turned back into plain text. -#}
{% macro _unquote_sql_literal(value) -%}
    {%- set text = value | string -%}
    {%- if text | length >= 2 and text.startswith("'") and text.endswith("'") -%}
        {{- return(text[1:-1] | replace("''", "'")) -}}
    {%- endif -%}
    {{- return(text) -}}
{%- endmacro %}
