{#-
    The single reason a raw row cannot be staged, or NULL when it can.
    checks:     ordered list of (condition, reason literal); the first true condition wins. A line
                the raw reader could not parse comes first, with its `_reject_reason`
                (malformed:<error type>).
    unique_key: columns that must be unique among the stageable rows; later duplicates get
                'duplicate:<key>'. Only rows passing every check compete for the key, so a broken
                row never pushes a good one out.
    order_by:   which duplicate is kept (the first); make it total so the choice is deterministic.
                Comma-separated column terms; a term without NULLS FIRST/LAST gets NULLS LAST
                (ordered_nulls_last), since engines differ (Spark puts NULLs first ascending).
                Rows of an earlier batch (_source_file) always come first, so an incremental run,
                which quarantines a new row whose key is already staged, keeps the same row as a
                full rebuild.
    row_alias:  the alias the expression is evaluated over (the model's `from`), for that check.
-#}
{% macro quarantine_reason(checks, unique_key, order_by, row_alias='typed') %}
    {%- set failed = quarantine_check_reason(checks, unique_key, row_alias) -%}
    coalesce(
        {{ failed }},
        {{ quarantine_duplicate_reason(failed, unique_key, order_by) }}
    )
{%- endmacro %}


{#-
    The same reason as quarantine_reason, for a model whose last step is `select *, <reason>,
    <_loaded_at> from <row_alias>`: emits the CTEs `duplicated_keys` and `final` (every column of
    row_alias, quarantine_reason, _loaded_at). Faster on big tables: the duplicate ranking (a
    window that carries the whole wide row through a sort) runs only over the rows whose key
    occurs more than once among the stageable rows (a narrow group-by finds them); every other row
    keeps its check reason, or NULL. Same rows and reasons as quarantine_reason.
    raw_unique_key, raw_alias: the expressions over the raw rows (raw_alias) that each unique_key
    column is computed from, e.g. ['trim(event_id)']. Given, and where raw_record is the raw row
    itself (raw_record_is_row), the rows are read through one more CTE, `checked_rows`, which
    keeps raw_record only on a row that may be quarantined (a check fails, or its raw key occurs
    more than once: a superset of the stageable duplicates), so the CTE DuckDB materialises for
    the two reads below does not carry every raw row a second time. Same rows and reasons.
-#}
{% macro quarantine_ctes(checks, unique_key, order_by, row_alias='typed', raw_unique_key=none, raw_alias='source') %}
    {%- set trims_raw_record = raw_unique_key is not none and identity_resolution.raw_record_is_row() -%}
    {#- Checked on every engine, so that a model which fails to compile on DuckDB fails everywhere. -#}
    {%- if raw_unique_key is not none and raw_unique_key | length != unique_key | length -%}
        {{- exceptions.raise_compiler_error(
            "quarantine_ctes: raw_unique_key needs one raw expression per unique_key column, got "
            ~ raw_unique_key ~ " for " ~ unique_key) -}}
    {%- endif -%}
    {#- The CTE the checks read: checked_rows below, or the model's rows as they are. -#}
    {%- set rows = 'checked_rows' if trims_raw_record else row_alias -%}
    {%- set failed = quarantine_check_reason(checks, unique_key, rows) -%}
    {%- if trims_raw_record -%}
{#- The raw keys that occur more than once, and the typed rows with raw_record only where needed. #}
raw_duplicated_keys as (
    select
        {%- for expression in raw_unique_key %}
        {{ expression }} as {{ unique_key[loop.index0] }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ raw_alias }}
    group by {% for column in unique_key %}{{ loop.index }}{% if not loop.last %}, {% endif %}{% endfor %}
    having count(*) > 1
),

checked_rows as (
    select * replace (
        case
            when ({{ quarantine_check_reason(checks, unique_key, row_alias) }}) is not null
                or {{ quarantine_key_in('raw_duplicated_keys', unique_key, row_alias) }}
                then raw_record
        end as raw_record
    )
    from {{ row_alias }}
),

{% endif -%}
    {%- set is_duplicated_key = quarantine_key_in('duplicated_keys', unique_key, rows) -%}
duplicated_keys as (
    select {{ unique_key | join(', ') }}
    from {{ rows }}
    where ({{ failed }}) is null
    group by {{ unique_key | join(', ') }}
    having count(*) > 1
),

final as (
    select
        *,
        {{ failed }} as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from {{ rows }}
    where not {{ is_duplicated_key }}
    union all
    select
        *,
        coalesce(
            {{ failed }},
            {{ quarantine_duplicate_reason(failed, unique_key, order_by) }}
        ) as quarantine_reason,
        {{ loaded_at() }} as _loaded_at
    from {{ rows }}
    where {{ is_duplicated_key }}
)
{%- endmacro %}


{#- True when the row's unique_key (NULLs equal) is one of the keys listed in keys_cte. -#}
{% macro quarantine_key_in(keys_cte, unique_key, row_alias) -%}
        exists (
            select 1
            from {{ keys_cte }}
            where
                {%- for column in unique_key %}
                {% if not loop.first %}and {% endif %}{{ keys_cte }}.{{ column }} is not distinct from {{ row_alias }}.{{ column }}
                {%- endfor %}
        )
{%- endmacro %}


{#- The first failed check of a row (quarantine_reason), or NULL. -#}
{% macro quarantine_check_reason(checks, unique_key, row_alias) %}
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
{%- endmacro %}


{#- 'duplicate:<key>' for a stageable row (failed, the check reason, is NULL) that is not the first
    of its key in order_by order, else NULL. -#}
{% macro quarantine_duplicate_reason(failed, unique_key, order_by) -%}
        case
            when row_number() over (
                partition by ({{ failed }}) is null, {{ unique_key | join(', ') }}
                order by _source_file, {{ identity_resolution.ordered_nulls_last(order_by) }}
            ) > 1 then 'duplicate:{{ unique_key | join("+") }}'
        end
{%- endmacro %}


{#- True when a text expression is NULL or only whitespace. -#}
{% macro is_blank(expr) -%}
    (nullif(trim({{ expr }}), '') is null)
{%- endmacro %}


{#-
    An ORDER BY list with every term's NULL order written out: a term without NULLS FIRST or NULLS
    LAST gets NULLS LAST, DuckDB's default. Spark puts NULLs first in ascending order and PostgreSQL
    puts them first in descending order, so an unwritten NULL order picks another row there.
    The terms are split at commas: a term must not hold one (a function call is refused).
-#}
{% macro ordered_nulls_last(order_by) -%}
    {%- if '(' in order_by -%}
        {{- exceptions.raise_compiler_error(
            "ordered_nulls_last takes comma-separated column terms, got a function call in: " ~ order_by) -}}
    {%- endif -%}
    {%- set terms = [] -%}
    {%- for term in order_by.split(',') -%}
        {%- set written = term.strip() -%}
        {%- do terms.append(written if ' nulls ' in ' ' ~ written.lower() ~ ' ' else written ~ ' nulls last') -%}
    {%- endfor -%}
    {{- return(terms | join(', ')) -}}
{%- endmacro %}
