{#-
    True when expr equals a value of column_name in relation (a ref(), a source() or an aliased
    subquery "(select ...) as name"), as an uncorrelated subquery, so a list kept in a seed stays
    the single source of truth.
-#}
{% macro value_in_relation(expr, relation, column_name) -%}
    {{- return(adapter.dispatch('value_in_relation', 'identity_resolution')(expr, relation, column_name)) -}}
{%- endmacro %}

{% macro default__value_in_relation(expr, relation, column_name) -%}
    (({{ expr }}) in (select {{ column_name }} from {{ relation }}))
{%- endmacro %}

{#- Spark accepts IN (subquery) only in filters and joins; a scalar subquery is allowed anywhere. -#}
{% macro spark__value_in_relation(expr, relation, column_name) -%}
    array_contains((select collect_set({{ column_name }}) from {{ relation }}), {{ expr }})
{%- endmacro %}
