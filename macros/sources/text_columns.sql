{#- `cast(<col> as <text type>) as <col>` for each column: raw columns are read as text whatever the file says. -#}
{% macro text_columns(columns) %}
    {%- for column in columns %}
        cast({{ adapter.quote(column) }} as {{ dbt.type_string() }}) as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{% endmacro %}
