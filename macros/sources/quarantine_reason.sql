{#-
    The single reason a raw row cannot be staged, or NULL when it can.
    checks:     ordered list of (condition, reason literal); the first true condition wins. A line
                the raw reader could not parse comes first, with its `_reject_reason`
                (malformed:<error type>).
    unique_key: columns that must be unique among the stageable rows; later duplicates get
                'duplicate:<key>'. Only rows passing every check compete for the key, so a broken
                row never pushes a good one out.
    order_by:   which duplicate is kept (the first); make it total so the choice is deterministic.
                Rows of an earlier batch (_source_file) always come first, so an incremental run,
                which quarantines a new row whose key is already staged, keeps the same row as a
                full rebuild.
    row_alias:  the alias the expression is evaluated over (the model's `from`), for that check.
-#}
{% macro quarantine_reason(checks, unique_key, order_by, row_alias='typed') %}
    {%- set failed -%}
        case
            {#- A CSV line the reader could not parse (see raw_table): quarantined first, as it came. #}
            when _reject_reason is not null then _reject_reason
        {%- for condition, reason in checks %}
            when {{ condition }} then {{ reason }}
        {%- endfor %}
        {%- if is_incremental() %}
            when exists (
                select 1
                from {{ this }} as already_loaded
                where
                    already_loaded.quarantine_reason is null
                    {%- for column in unique_key %}
                    and already_loaded.{{ column }} = {{ row_alias }}.{{ column }}
                    {%- endfor %}
            ) then 'duplicate:{{ unique_key | join("+") }}'
        {%- endif %}
        end
    {%- endset -%}
    coalesce(
        {{ failed }},
        case
            when row_number() over (
                partition by ({{ failed }}) is null, {{ unique_key | join(', ') }}
                order by _source_file, {{ order_by }}
            ) > 1 then 'duplicate:{{ unique_key | join("+") }}'
        end
    )
{%- endmacro %}


{#- True when a text expression is NULL or only whitespace. -#}
{% macro is_blank(expr) -%}
    (nullif(trim({{ expr }}), '') is null)
{%- endmacro %}
