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

{#- The date, or NULL when before 1900-01-01 or after the as_of date. -#}
{% macro plausible_birth_date(date_expr) -%}
    {{- return(adapter.dispatch('plausible_birth_date', 'identity_resolution')(date_expr)) -}}
{%- endmacro %}

{% macro default__plausible_birth_date(date_expr) -%}
    case when ({{ date_expr }}) between cast('1900-01-01' as date) and {{ identity_resolution.as_of_date() }} then {{ date_expr }} end
{%- endmacro %}

{#- The date is written twice above; PostgreSQL would parse it twice (utils/postgres_evaluated_once.sql). -#}
{% macro postgres__plausible_birth_date(date_expr) -%}
    {{ identity_resolution.postgres_evaluated_once(date_expr, identity_resolution.default__plausible_birth_date('idr_once')) }}
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

{#- Spark: parse as timestamp_ntz and shift by the offset, which keeps the session time zone out. -#}
{% macro spark___utc_timestamp_from_parts(local_text, offset_text) -%}
    timestampadd(
        minute,
        -1 * coalesce(
            (case when substr({{ offset_text }}, 1, 1) = '-' then -1 else 1 end)
            * (cast(substr({{ offset_text }}, 2, 2) as int) * 60 + cast(substr({{ offset_text }}, 5, 2) as int)),
            0
        ),
        try_cast({{ local_text }} as timestamp_ntz)
    )
{%- endmacro %}

{% macro timestamp_invalid_reason(expr) -%}
    case when {{ identity_resolution.clean_text(expr) }} is not null and {{ identity_resolution.parse_timestamp(expr) }} is null then 'unparsable' end
{%- endmacro %}
