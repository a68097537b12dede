{#- An aggregate: the texts of a group sorted and joined with '|' into one text, the same on every
    engine for the same set of rows (a fingerprint of the group to compare between runs). -#}
{% macro ordered_text_set(expr) -%}
    {{- return(adapter.dispatch('ordered_text_set', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{% macro default__ordered_text_set(expr) -%}
    string_agg({{ expr }}, '|' order by {{ expr }})
{%- endmacro %}

{#- Spark has no ordered string aggregate: the collected list is sorted instead. -#}
{% macro spark__ordered_text_set(expr) -%}
    concat_ws('|', array_sort(collect_list({{ expr }})))
{%- endmacro %}
