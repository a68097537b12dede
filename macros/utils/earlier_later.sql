{#-
    The earlier (later) of two timestamps, either of which may be NULL: the other one then, NULL
    only when both are. For a running first / last sighting that an incremental run merges with
    the row already there. Written as a CASE, not least() / greatest(), which return NULL when
    an argument is NULL on some warehouses (Snowflake, BigQuery).
-#}
{% macro earlier_of(left, right) -%}
    case
        when {{ left }} is null then {{ right }}
        when {{ right }} is null then {{ left }}
        when {{ left }} < {{ right }} then {{ left }}
        else {{ right }}
    end
{%- endmacro %}

{% macro later_of(left, right) -%}
    case
        when {{ left }} is null then {{ right }}
        when {{ right }} is null then {{ left }}
        when {{ left }} > {{ right }} then {{ left }}
        else {{ right }}
    end
{%- endmacro %}
