{#- cast(expr as data_type) that yields NULL instead of failing when the value does not convert. -#}
{% macro try_cast_as(expr, data_type) -%}
    {{- return(adapter.dispatch('try_cast_as', 'identity_resolution')(expr, data_type)) -}}
{%- endmacro %}

{% macro default__try_cast_as(expr, data_type) -%}
    {{ dbt.safe_cast(expr, data_type) }}
{%- endmacro %}

{% macro duckdb__try_cast_as(expr, data_type) -%}
    try_cast({{ expr }} as {{ data_type }})
{%- endmacro %}

{% macro spark__try_cast_as(expr, data_type) -%}
    try_cast({{ expr }} as {{ data_type }})
{%- endmacro %}


{#- The SQL name of a double-precision float: 'double precision' (DuckDB, PostgreSQL); Spark
    has only 'double'. -#}
{% macro type_double() %}
    {{- return(adapter.dispatch('type_double', 'identity_resolution')()) -}}
{% endmacro %}

{% macro default__type_double() -%}
    {{- return('double precision') -}}
{%- endmacro %}

{% macro spark__type_double() -%}
    {{- return('double') -}}
{%- endmacro %}
