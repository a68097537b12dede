{#- True when the pattern matches anywhere in expr (search semantics); anchor with ^ and $. -#}
{% macro regex_matches(expr, pattern) -%}
    {{- return(adapter.dispatch('regex_matches', 'identity_resolution')(expr, pattern)) -}}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    (({{ expr }}) ~ {{ identity_resolution.regex_literal(pattern) }})
{%- endmacro %}

{% macro duckdb__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ identity_resolution.regex_literal(pattern) }})
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) -%}
    (({{ expr }}) rlike {{ identity_resolution.regex_literal(pattern) }})
{%- endmacro %}
