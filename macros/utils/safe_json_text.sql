{#-
    Text value of a top-level key of a JSON text column: NULL when expr is NULL, is not valid
    JSON, is not an object, lacks the key or holds JSON null there. A nested object or array
    comes back as its JSON text. Never fails on malformed input.
-#}
{% macro safe_json_text(expr, key) -%}
    {{- return(adapter.dispatch('safe_json_text', 'identity_resolution')(expr, identity_resolution._unquote_sql_literal(key))) -}}
{%- endmacro %}

{#- PostgreSQL 16+ -#}
{% macro default__safe_json_text(expr, key) -%}
    case when ({{ expr }}) is json object then cast({{ expr }} as jsonb) ->> {{ identity_resolution.string_literal(key) }} end
{%- endmacro %}

{% macro duckdb__safe_json_text(expr, key) -%}
    case when json_valid({{ expr }}) then json_extract_string({{ expr }}, {{ identity_resolution.string_literal('$."' ~ key ~ '"') }}) end
{%- endmacro %}

{#- get_json_object returns NULL for malformed JSON, but reads single-quoted keys and strings
    ({'email': 'x'}), which is not JSON: guarded by is_valid_json, as on DuckDB. -#}
{% macro spark__safe_json_text(expr, key) -%}
    case when {{ identity_resolution.is_valid_json(expr) }}
        then get_json_object({{ expr }}, {{ identity_resolution.string_literal("$['" ~ key ~ "']") }}) end
{%- endmacro %}
