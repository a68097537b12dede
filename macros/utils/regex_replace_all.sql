{#-
    Replace every match of pattern in expr. The replacement is plain text in which $1 .. $9
    stand for capture groups (translated to \1 .. \9 where the engine wants that).
-#}
{% macro regex_replace_all(expr, pattern, replacement) -%}
    {{- return(adapter.dispatch('regex_replace_all', 'identity_resolution')(expr, pattern, replacement)) -}}
{%- endmacro %}

{% macro _regex_replacement_backslash_groups(replacement) -%}
    {%- set ns = namespace(text=identity_resolution._unquote_sql_literal(replacement)) -%}
    {%- for n in range(1, 10) -%}
        {%- set ns.text = ns.text | replace('$' ~ n, '\\' ~ n) -%}
    {%- endfor -%}
    {{- return(ns.text) -}}
{%- endmacro %}

{% macro default__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ identity_resolution.regex_literal(pattern) }}, {{ identity_resolution.string_literal(identity_resolution._regex_replacement_backslash_groups(replacement)) }}, 'g')
{%- endmacro %}

{% macro duckdb__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ identity_resolution.regex_literal(pattern) }}, {{ identity_resolution.string_literal(identity_resolution._regex_replacement_backslash_groups(replacement)) }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
    {#- java.util.regex already reads $1 as a group reference and replaces every match. -#}
    regexp_replace({{ expr }}, {{ identity_resolution.regex_literal(pattern) }}, {{ identity_resolution.string_literal(identity_resolution._unquote_sql_literal(replacement)) }})
{%- endmacro %}
