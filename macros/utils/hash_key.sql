{#- md5 hex digest (32 lowercase hex characters) of expr cast to text; NULL stays NULL. -#}
{% macro hash_key(expr) -%}
    {{- return(adapter.dispatch('hash_key', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{% macro default__hash_key(expr) -%}
    md5(cast({{ expr }} as {{ dbt.type_string() }}))
{%- endmacro %}
