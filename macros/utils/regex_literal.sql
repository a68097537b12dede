{#-
    Render a regular expression as a string literal for the current engine's regex functions.
    The portable pattern language is the common subset of RE2 (DuckDB), POSIX ERE (PostgreSQL)
    and java.util.regex (Spark), plus the POSIX classes [:space:], [:punct:], [:digit:],
    [:alpha:], [:alnum:], [:upper:], [:lower:], [:cntrl:] inside brackets, which are translated for Spark.
    Write no backslashes: use [.], [+], [0-9].
-#}
{% macro regex_literal(pattern) -%}
    {{- return(adapter.dispatch('regex_literal', 'identity_resolution')(pattern)) -}}
{%- endmacro %}

{% macro default__regex_literal(pattern) -%}
    {{- return(identity_resolution.string_literal(identity_resolution._unquote_sql_literal(pattern))) -}}
{%- endmacro %}

{% macro spark__regex_literal(pattern) -%}
    {%- set text = identity_resolution._unquote_sql_literal(pattern) -%}
    {#- java.util.regex has no POSIX bracket classes; its ASCII \p{...} classes match the same characters. -#}
    {%- set posix_to_java = {
        '[:space:]': '\\s',
        '[:punct:]': '\\p{Punct}',
        '[:digit:]': '0-9',
        '[:alpha:]': '\\p{Alpha}',
        '[:alnum:]': '\\p{Alnum}',
        '[:upper:]': '\\p{Upper}',
        '[:lower:]': '\\p{Lower}',
        '[:cntrl:]': '\\p{Cntrl}',
    } -%}
    {%- set ns = namespace(text=text) -%}
    {%- for posix, java in posix_to_java.items() -%}
        {%- set ns.text = ns.text | replace(posix, java) -%}
    {%- endfor -%}
    {{- return(identity_resolution.string_literal(ns.text)) -}}
{%- endmacro %}
