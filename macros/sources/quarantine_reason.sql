{#-
    The single reason a raw row cannot be staged, or NULL when it can.
    checks:     ordered list of (condition, reason literal); the first true condition wins.
    unique_key: columns that must be unique among the stageable rows; later duplicates get
                'duplicate:<key>'. Only rows passing every check compete for the key, so a broken
                row never pushes a good one out.
    order_by:   which duplicate is kept (the first); make it total so the choice is deterministic.
-#}
{% macro quarantine_reason(checks, unique_key, order_by) %}
    {%- set failed -%}
        case
        {%- for condition, reason in checks %}
            when {{ condition }} then {{ reason }}
        {%- endfor %}
        end
    {%- endset -%}
    coalesce(
        {{ failed }},
        case
            when row_number() over (
                partition by ({{ failed }}) is null, {{ unique_key | join(', ') }}
                order by {{ order_by }}
            ) > 1 then 'duplicate:{{ unique_key | join("+") }}'
        end
    )
{%- endmacro %}


{#- True when a text expression is NULL or only whitespace. -#}
{% macro is_blank(expr) -%}
    (nullif(trim({{ expr }}), '') is null)
{%- endmacro %}
