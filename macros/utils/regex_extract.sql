{#- The text of capture group `group` of the first match, NULL when nothing (or only '') matched. -#}
{% macro regex_extract(expr, pattern, group=1) -%}
    {{- return(adapter.dispatch('regex_extract', 'identity_resolution')(expr, pattern, group)) -}}
{%- endmacro %}

{% macro default__regex_extract(expr, pattern, group=1) -%}
    nullif((regexp_match({{ expr }}, {{ identity_resolution.regex_literal(pattern) }}))[{{ group }}], '')
{%- endmacro %}

{% macro duckdb__regex_extract(expr, pattern, group=1) -%}
    nullif(regexp_extract({{ expr }}, {{ identity_resolution.regex_literal(pattern) }}, {{ group }}), '')
{%- endmacro %}

{% macro spark__regex_extract(expr, pattern, group=1) -%}
    nullif(regexp_extract({{ expr }}, {{ identity_resolution.regex_literal(pattern) }}, {{ group }}), '')
{%- endmacro %}
