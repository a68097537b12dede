{#-
    Dates and timestamps as typed. Parsing never fails: anything that does not parse is NULL,
    and *_invalid_reason says 'unparsable' (NULL for a blank input, which is missing).
-#}

{#- Accepted date layouts: regex with year, month, day groups (day-first for the slash and dot forms). -#}
{% macro _date_formats() -%}
    {{- return([
        {'pattern': '^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})([T ].*)?$', 'year': 1, 'month': 2, 'day': 3},
        {'pattern': '^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$', 'year': 1, 'month': 2, 'day': 3},
        {'pattern': '^([0-9]{4})([0-9]{2})([0-9]{2})$', 'year': 1, 'month': 2, 'day': 3},
        {'pattern': '^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$', 'year': 3, 'month': 2, 'day': 1},
        {'pattern': '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})$', 'year': 3, 'month': 2, 'day': 1},
    ]) -}}
{%- endmacro %}

{#- YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, DD/MM/YYYY, DD.MM.YYYY or a timestamp starting YYYY-MM-DD; else NULL. -#}
{% macro parse_date(expr) -%}
    {{- return(adapter.dispatch('parse_date', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{% macro default__parse_date(expr) -%}
    {%- set text = identity_resolution.clean_text(expr) -%}
    {%- set canonical -%}
        case
        {%- for format in identity_resolution._date_formats() %}
            when {{ identity_resolution.regex_matches(text, format['pattern']) }}
                then {{ identity_resolution.regex_extract(text, format['pattern'], format['year']) }}
                || '-' || lpad({{ identity_resolution.regex_extract(text, format['pattern'], format['month']) }}, 2, '0')
                || '-' || lpad({{ identity_resolution.regex_extract(text, format['pattern'], format['day']) }}, 2, '0')
        {%- endfor %}
        end
    {%- endset -%}
    {{ identity_resolution.try_cast_as(canonical, 'date') }}
{%- endmacro %}

{#-
    PostgreSQL evaluates every copy of a repeated sub-expression (it has no common-subexpression
    elimination), and default__parse_date repeats the cleaned text in each of 20 regex calls. Here
    the text is cleaned once and each layout matched once, in a scalar subquery over a one-row
    derived table (`offset 0` keeps the planner from inlining it back into copies): set-based SQL,
    evaluated once per row. Same layouts, same result as default__.
-#}
{% macro postgres__parse_date(expr) -%}
    {%- set formats = identity_resolution._date_formats() -%}
    (select
        {{ identity_resolution.try_cast_as(identity_resolution._postgres_date_canonical(formats), 'date') }}
    from (
        select
        {%- for format in formats %}
            regexp_match(idr_date_text, {{ identity_resolution.regex_literal(format['pattern']) }}) as m{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
        from (select {{ identity_resolution.clean_text(expr) }} as idr_date_text offset 0) as idr_cleaned
        offset 0
    ) as idr_date_matches)
{%- endmacro %}

{%- macro _postgres_date_canonical(formats) -%}
    case
    {%- for format in formats %}
        {%- set m = 'm' ~ loop.index %}
        when {{ m }} is not null
            then nullif({{ m }}[{{ format['year'] }}], '')
            || '-' || lpad(nullif({{ m }}[{{ format['month'] }}], ''), 2, '0')
            || '-' || lpad(nullif({{ m }}[{{ format['day'] }}], ''), 2, '0')
    {%- endfor %}
    end
{%- endmacro %}

{% macro date_invalid_reason(expr) -%}
    case when {{ identity_resolution.clean_text(expr) }} is not null and {{ identity_resolution.parse_date(expr) }} is null then 'unparsable' end
{%- endmacro %}

{#- The date, or NULL outside the plausible range of a birth date (1900-01-01 to as_of by default). -#}
{% macro plausible_birth_date(date_expr) -%}
    {{ identity_resolution.plausible_value(date_expr, kind='birth') }}
{%- endmacro %}

{#-
    Plausible ranges of dates and timestamps. The var plausible_date_ranges gives each kind of date
    (birth, event, travel) its earliest date and its latest day, counted in days after as_of; the
    `dates` of a raw table in the var raw_tables give each date column of the contract its kind.
    The defaults here are those of dbt_project.yml, for a host project whose models call these
    macros outside this project's vars.
-#}
{% macro plausible_date_range(kind) -%}
    {%- set ranges = var('plausible_date_ranges', {
        'birth': {'earliest': '1900-01-01', 'days_after_as_of': 0},
        'event': {'earliest': '2000-01-01', 'days_after_as_of': 1},
        'travel': {'earliest': '2000-01-01', 'days_after_as_of': 731},
    }) -%}
    {%- if kind not in ranges -%}
        {{- exceptions.raise_compiler_error(
            "plausible_date_ranges has no kind '" ~ kind ~ "' (kinds: " ~ ranges.keys() | join(', ') ~ ")") -}}
    {%- endif -%}
    {%- set bounds = ranges[kind] -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', bounds.earliest | string)
        or not (bounds.days_after_as_of | string).lstrip('-').isdigit() -%}
        {{- exceptions.raise_compiler_error(
            "plausible_date_ranges." ~ kind ~ " needs earliest: YYYY-MM-DD and days_after_as_of: a whole number, got "
            ~ bounds) -}}
    {%- endif -%}
    {{- return(bounds) -}}
{%- endmacro %}

{#- The kind of date of a column of a raw table (its `dates` in the var raw_tables). -#}
{% macro raw_date_kind(table_name, column) -%}
    {%- set dates = identity_resolution.raw_table_contract(table_name).get('dates') or {} -%}
    {%- if column not in dates -%}
        {{- exceptions.raise_compiler_error(
            "raw table " ~ table_name ~ ": column " ~ column ~ " has no kind of date in its `dates` (var raw_tables)") -}}
    {%- endif -%}
    {{- return(dates[column]) -}}
{%- endmacro %}

{#- True when the date or timestamp expression lies in the plausible range of its kind (from the
    earliest date to the end of the day days_after_as_of after as_of); NULL when it is NULL. Give
    the kind, or the raw table and column whose kind it is. -#}
{% macro in_plausible_range(expr, table_name=none, column=none, kind=none) -%}
    {%- set bounds = identity_resolution.plausible_date_range(kind or identity_resolution.raw_date_kind(table_name, column)) -%}
    (
        ({{ expr }}) >= cast('{{ bounds.earliest }}' as {{ dbt.type_timestamp() }})
        and ({{ expr }}) < cast({{ dbt.dateadd('day', bounds.days_after_as_of | int + 1, identity_resolution.as_of_date()) }} as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}

{#- The value when it lies in its plausible range, else NULL (an optional date). -#}
{% macro plausible_value(expr, table_name=none, column=none, kind=none) -%}
    {{- return(adapter.dispatch('plausible_value', 'identity_resolution')(expr, table_name, column, kind)) -}}
{%- endmacro %}

{% macro default__plausible_value(expr, table_name, column, kind) -%}
    case when {{ identity_resolution.in_plausible_range(expr, table_name, column, kind) }} then {{ expr }} end
{%- endmacro %}

{#- The value is written three times above; PostgreSQL would compute (parse) it three times
    (utils/postgres_evaluated_once.sql). -#}
{% macro postgres__plausible_value(expr, table_name, column, kind) -%}
    {{ identity_resolution.postgres_evaluated_once(expr, identity_resolution.default__plausible_value('idr_once', table_name, column, kind)) }}
{%- endmacro %}

{#- Why a non-blank raw date is not kept: 'unparsable', 'out_of_range' (parsed, outside its
    plausible range), else NULL. parsed_expr is the raw value parsed (parse_date or parse_timestamp). -#}
{% macro date_range_invalid_reason(raw_expr, parsed_expr, table_name=none, column=none, kind=none) -%}
    {{- return(adapter.dispatch('date_range_invalid_reason', 'identity_resolution')(raw_expr, parsed_expr, table_name, column, kind)) -}}
{%- endmacro %}

{% macro default__date_range_invalid_reason(raw_expr, parsed_expr, table_name, column, kind) -%}
    case
        when {{ identity_resolution.clean_text(raw_expr) }} is null then null
        when ({{ parsed_expr }}) is null then 'unparsable'
        when not {{ identity_resolution.in_plausible_range(parsed_expr, table_name, column, kind) }} then 'out_of_range'
    end
{%- endmacro %}

{#- The parsed value is written three times above; PostgreSQL would parse it three times. -#}
{% macro postgres__date_range_invalid_reason(raw_expr, parsed_expr, table_name, column, kind) -%}
    {{ identity_resolution.postgres_evaluated_once(parsed_expr,
        identity_resolution.default__date_range_invalid_reason(raw_expr, 'idr_once', table_name, column, kind)) }}
{%- endmacro %}


{#-
    ISO 8601 date-time: YYYY-MM-DD, then optionally T or space and hh:mm[:ss[.fraction]], then
    optionally Z, UTC, +hh, +hhmm or +hh:mm. The result is the UTC wall-clock time as a timestamp
    without time zone; no offset means UTC. The session time zone plays no part.
-#}
{% macro _timestamp_pattern() -%}
    {#- groups (engines stop at 9): 1 date, 2 hh:mm, 3 ss, 4 fraction, 5 zone, 6 sign, 7 offset hours, 8 offset minutes -#}
    {{- return('^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}:[0-9]{2})(?::([0-9]{2}))?(?:[.,]([0-9]+))?)?[[:space:]]*(Z|UTC|([+-])([0-9]{2})(?::?([0-9]{2}))?)?$') -}}
{%- endmacro %}

{% macro parse_timestamp(expr) -%}
    {{- return(adapter.dispatch('parse_timestamp', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{#-
    DuckDB: the common shapes go straight to a cast (timestamptz when an offset is written, so the
    offset is applied and the session time zone plays no part; timestamp otherwise, which means UTC);
    only what the cast refuses (a comma fraction, odd spacing) takes the general regex path.
    coalesce evaluates the general path only for the rows the fast one left NULL.
-#}
{% macro duckdb__parse_timestamp(expr) -%}
    {%- set text = 'upper(trim(' ~ expr ~ '))' -%}
    {%- set local = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$' -%}
    {%- set zoned = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?[[:space:]]*(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)$' -%}
    coalesce(
        case
            when {{ identity_resolution.regex_matches(text, local) }}
                then try_cast({{ text }} as timestamp)
            when {{ identity_resolution.regex_matches(text, zoned) }}
                then cast(try_cast({{ text }} as timestamptz) at time zone 'UTC' as timestamp)
        end,
        {{ identity_resolution.default__parse_timestamp(expr) }}
    )
{%- endmacro %}

{#-
    PostgreSQL: as default__, but the cleaned text is matched once (default__ runs the pattern once
    per capture group, and PostgreSQL, without common-subexpression elimination, runs each copy):
    the match array comes from a scalar subquery over a one-row derived table (`offset 0` keeps it
    from being inlined back into copies). Same pattern, same groups, same result.
-#}
{% macro postgres__parse_timestamp(expr) -%}
    {%- set group = [] -%}
    {%- for n in range(1, 9) -%}
        {%- do group.append("nullif(idr_ts_match[" ~ n ~ "], '')") -%}
    {%- endfor -%}
    {%- set local_text -%}
        {{ group[0] }} || ' ' || coalesce({{ group[1] }}, '00:00') || ':' || coalesce({{ group[2] }}, '00')
        || coalesce('.' || substr({{ group[3] }}, 1, 6), '')
    {%- endset -%}
    {%- set offset_text -%}
        case
            when {{ group[4] }} in ('Z', 'UTC') then '+00:00'
            else {{ group[5] }} || {{ group[6] }} || ':' || coalesce({{ group[7] }}, '00')
        end
    {%- endset -%}
    (select
        {{ identity_resolution._utc_timestamp_from_parts(local_text, offset_text) }}
    from (
        select regexp_match(
            upper({{ identity_resolution.clean_text(expr) }}),
            {{ identity_resolution.regex_literal(identity_resolution._timestamp_pattern()) }}
        ) as idr_ts_match
        offset 0
    ) as idr_parsed_timestamp)
{%- endmacro %}

{% macro default__parse_timestamp(expr) -%}
    {%- set text = 'upper(' ~ identity_resolution.clean_text(expr) ~ ')' -%}
    {%- set pattern = identity_resolution._timestamp_pattern() -%}
    {%- set local_text -%}
        {{ identity_resolution.regex_extract(text, pattern, 1) }}
        || ' ' || coalesce({{ identity_resolution.regex_extract(text, pattern, 2) }}, '00:00')
        || ':' || coalesce({{ identity_resolution.regex_extract(text, pattern, 3) }}, '00')
        || coalesce('.' || substr({{ identity_resolution.regex_extract(text, pattern, 4) }}, 1, 6), '')
    {%- endset -%}
    {%- set offset_text -%}
        case
            when {{ identity_resolution.regex_extract(text, pattern, 5) }} in ('Z', 'UTC') then '+00:00'
            else {{ identity_resolution.regex_extract(text, pattern, 6) }}
                || {{ identity_resolution.regex_extract(text, pattern, 7) }}
                || ':' || coalesce({{ identity_resolution.regex_extract(text, pattern, 8) }}, '00')
        end
    {%- endset -%}
    {{ identity_resolution._utc_timestamp_from_parts(local_text, offset_text) }}
{%- endmacro %}

{#- local_text: 'YYYY-MM-DD hh:mm:ss[.ffffff]'; offset_text: '+hh:mm' or NULL (= UTC). -#}
{% macro _utc_timestamp_from_parts(local_text, offset_text) -%}
    {{- return(adapter.dispatch('_utc_timestamp_from_parts', 'identity_resolution')(local_text, offset_text)) -}}
{%- endmacro %}

{#- PostgreSQL: no try_cast, so a malformed but well-shaped value (month 13) fails the query there. -#}
{% macro default___utc_timestamp_from_parts(local_text, offset_text) -%}
    case
        when ({{ offset_text }}) is null then cast({{ local_text }} as timestamp)
        else cast(({{ local_text }}) || ({{ offset_text }}) as timestamptz) at time zone 'UTC'
    end
{%- endmacro %}

{% macro duckdb___utc_timestamp_from_parts(local_text, offset_text) -%}
    case
        when ({{ offset_text }}) is null then try_cast({{ local_text }} as timestamp)
        else try_cast(({{ local_text }}) || ({{ offset_text }}) as timestamptz) at time zone 'UTC'
    end
{%- endmacro %}

{#- Spark: parse as timestamp_ntz and shift by the offset, which keeps the session time zone out.
    24:00:00 (ISO 8601's end of a day) is the next midnight, as DuckDB and PostgreSQL read it;
    Spark's cast refuses it. -#}
{% macro spark___utc_timestamp_from_parts(local_text, offset_text) -%}
    timestampadd(
        minute,
        -1 * coalesce(
            (case when substr({{ offset_text }}, 1, 1) = '-' then -1 else 1 end)
            * (cast(substr({{ offset_text }}, 2, 2) as int) * 60 + cast(substr({{ offset_text }}, 5, 2) as int)),
            0
        ),
        coalesce(
            try_cast({{ local_text }} as timestamp_ntz),
            case when ({{ local_text }}) rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2} 24:00:00([.]0*)?$'
                then timestampadd(day, 1, try_cast(substr({{ local_text }}, 1, 10) as timestamp_ntz)) end
        )
    )
{%- endmacro %}

{% macro timestamp_invalid_reason(expr) -%}
    case when {{ identity_resolution.clean_text(expr) }} is not null and {{ identity_resolution.parse_timestamp(expr) }} is null then 'unparsable' end
{%- endmacro %}
