{#- JSON object text of a whole row of a CTE or table alias, keys = column names. The batch a raw
    row came in (_source_file, see raw_table) is bookkeeping, not part of the row: it is left out. -#}
{% macro row_to_json_text(relation_alias) -%}
    {{- return(adapter.dispatch('row_to_json_text', 'identity_resolution')(relation_alias)) -}}
{%- endmacro %}

{#- Engines without a way to drop a key keep _source_file in the text. -#}
{% macro default__row_to_json_text(relation_alias) -%}
    cast(row_to_json({{ relation_alias }}) as {{ dbt.type_string() }})
{%- endmacro %}

{#- A NULL row gives NULL (json_merge_patch would turn it into the patch itself). -#}
{% macro duckdb__row_to_json_text(relation_alias) -%}
    case
        when {{ relation_alias }} is not null
            then cast(json_merge_patch(to_json({{ relation_alias }}), '{"_source_file": null}') as varchar)
    end
{%- endmacro %}

{#- Spark drops NULL fields unless told otherwise; the other engines keep them as null. -#}
{% macro spark__row_to_json_text(relation_alias) -%}
    to_json(struct({{ relation_alias }}.*), map('ignoreNullFields', 'false'))
{%- endmacro %}
