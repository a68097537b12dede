{#-
    raw_record of the base models, built only for the rows that end up quarantined.
    The JSON text of every raw row is the widest value of a base model and costs more to build
    and write than all its typed columns together (at 1M persons most of base_web__events' time),
    while only quarantined_records reads it, for the quarantined rows. So, where the engine can
    carry a whole row as one value (DuckDB: the table alias is a struct), the `typed` CTE carries
    `raw_record_value('source') as raw_record` and the model's last select is
    `select {{ star_with_raw_record() }} from final`: raw_record becomes the JSON text of the raw
    row when quarantine_reason is not NULL, and NULL for staged rows. Elsewhere raw_record is the
    JSON text of every row, as before, and the star is a plain `*`.
-#}
{% macro raw_record_value(relation_alias) -%}
    {{- return(adapter.dispatch('raw_record_value', 'identity_resolution')(relation_alias)) -}}
{%- endmacro %}

{% macro default__raw_record_value(relation_alias) -%}
    {{ identity_resolution.row_to_json_text(relation_alias) }}
{%- endmacro %}

{% macro duckdb__raw_record_value(relation_alias) -%}
    {{ relation_alias }}
{%- endmacro %}


{#- True where raw_record_value is the raw row itself (a struct), which a `case` can keep or drop per row. -#}
{% macro raw_record_is_row() -%}
    {{- return(adapter.dispatch('raw_record_is_row', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__raw_record_is_row() -%}
    {{- return(false) -}}
{%- endmacro %}

{% macro duckdb__raw_record_is_row() -%}
    {{- return(true) -}}
{%- endmacro %}


{% macro star_with_raw_record() -%}
    {{- return(adapter.dispatch('star_with_raw_record', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__star_with_raw_record() -%}
    *
{%- endmacro %}

{% macro duckdb__star_with_raw_record() -%}
    * replace (
        case when quarantine_reason is not null then {{ identity_resolution.row_to_json_text('raw_record') }} end
            as raw_record
    )
{%- endmacro %}
