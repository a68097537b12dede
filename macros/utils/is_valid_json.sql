{#- True when expr is well-formed JSON text, false when not, NULL when expr is NULL. -#}
{% macro is_valid_json(expr) -%}
    {{- return(adapter.dispatch('is_valid_json', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{#- PostgreSQL 16+ -#}
{% macro default__is_valid_json(expr) -%}
    (({{ expr }}) is json)
{%- endmacro %}

{% macro duckdb__is_valid_json(expr) -%}
    json_valid({{ expr }})
{%- endmacro %}

{#- get_json_object returns NULL for malformed JSON instead of failing. -#}
{% macro spark__is_valid_json(expr) -%}
    case when ({{ expr }}) is not null then get_json_object({{ expr }}, '$') is not null end
{%- endmacro %}
