{#-
    A free-text attribute as it may be published: control characters (NUL, escape, ...; every
    character below U+0020 and U+007F) become a space, white space is trimmed from both ends
    (clean_text: NULL when nothing is left), and the value is cut to max_length characters, so
    that no NUL byte or megabyte string reaches a mart.
-#}
{% macro free_text(expr, max_length) -%}
    {%- set printable = identity_resolution.regex_replace_all(expr, '[[:cntrl:]]+', ' ') -%}
    substring({{ identity_resolution.clean_text(printable) }}, 1, {{ max_length }})
{%- endmacro %}


{#- The timestamp, or NULL when outside the plausible range of an event (default 1970-01-01 up to,
    not including, 2100-01-01): typing slips like 0001-01-01 or 9999-12-31 are not dates of events. -#}
{% macro plausible_timestamp(ts_expr, earliest='1970-01-01', before='2100-01-01') -%}
    {{- return(adapter.dispatch('plausible_timestamp', 'identity_resolution')(ts_expr, earliest, before)) -}}
{%- endmacro %}

{% macro default__plausible_timestamp(ts_expr, earliest, before) -%}
    case
        when ({{ ts_expr }}) >= cast('{{ earliest }}' as {{ dbt.type_timestamp() }})
            and ({{ ts_expr }}) < cast('{{ before }}' as {{ dbt.type_timestamp() }})
            then {{ ts_expr }}
    end
{%- endmacro %}

{#- The timestamp is written three times above; PostgreSQL would compute it three times. -#}
{% macro postgres__plausible_timestamp(ts_expr, earliest, before) -%}
    {{ identity_resolution.postgres_evaluated_once(ts_expr, identity_resolution.default__plausible_timestamp('idr_once', earliest, before)) }}
{%- endmacro %}
