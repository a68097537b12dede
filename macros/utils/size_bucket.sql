{#- Cluster-size bucket label for size distributions: 1, 2, 3, 4, 5-9, 10-49, 50+. -#}
{% macro size_bucket(size_expr) -%}
    case
        when {{ size_expr }} <= 4 then cast({{ size_expr }} as {{ dbt.type_string() }})
        when {{ size_expr }} < 10 then '5-9'
        when {{ size_expr }} < 50 then '10-49'
        else '50+'
    end
{%- endmacro %}
