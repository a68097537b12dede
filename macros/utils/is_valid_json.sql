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

{#- Spark 4: try_parse_json (the VARIANT parser, strict JSON: no single quotes, no raw control
    characters in strings) is NULL for malformed text. get_json_object, used before, accepts
    {'single': 'quotes'}, which DuckDB and PostgreSQL reject. Left as engine differences: text
    after a complete value ('{} x') passes on Spark; trailing commas and NaN pass on DuckDB. -#}
{% macro spark__is_valid_json(expr) -%}
    case when ({{ expr }}) is not null then try_parse_json({{ expr }}) is not null end
{%- endmacro %}
