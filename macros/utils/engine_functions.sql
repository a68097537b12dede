{#-
    Helper functions some engines need before any model runs, created by the project's on-run-start
    hook (dbt_project.yml). DuckDB and Spark need none. PostgreSQL has no try_cast and, before 16,
    no `is json`: small PL/pgSQL functions give the same NULL-instead-of-error behaviour (used by the
    postgres__ variants of try_cast_as, _utc_timestamp_from_parts, is_valid_json and safe_json_text).
    They live in the target schema and hold no data. Not parallel safe: an exception block needs a
    subtransaction, which a parallel worker cannot start.
-#}
{% macro create_engine_functions() %}
    {{ return(adapter.dispatch('create_engine_functions', 'identity_resolution')()) }}
{% endmacro %}

{% macro default__create_engine_functions() %}
    {{ return('') }}
{% endmacro %}


{#- Type name of try_cast_as -> suffix of the postgres helper function casting text to it. -#}
{% macro _postgres_try_cast_types() %}
    {{ return({
        'date': 'date',
        'timestamp': 'timestamp',
        'timestamptz': 'timestamptz',
        'integer': 'integer',
        'bigint': 'bigint',
        'double precision': 'double precision',
        'decimal(18, 2)': 'numeric(18, 2)',
        'boolean': 'boolean',
    }) }}
{% endmacro %}


{#- Name of the helper function casting text to data_type on postgres (qualified). -#}
{% macro postgres_try_cast_function(data_type) %}
    {%- set key = data_type | lower | trim | replace('numeric', 'decimal') | replace('double', 'double precision') | replace('precision precision', 'precision') -%}
    {%- set types = identity_resolution._postgres_try_cast_types() -%}
    {%- if key not in types -%}
        {{ exceptions.raise_compiler_error(
            "try_cast_as on postgres supports " ~ (types.keys() | list | join(', ')) ~ ", not '" ~ data_type
            ~ "': add it to _postgres_try_cast_types in macros/utils/engine_functions.sql") }}
    {%- endif -%}
    {{ return(adapter.quote(target.schema) ~ '.idr_try_' ~ (key | replace('(', '_') | replace(')', '') | replace(', ', '_') | replace(' ', '_'))) }}
{% endmacro %}


{% macro postgres__create_engine_functions() %}
    {%- set schema = adapter.quote(target.schema) -%}
    {%- set statements = [] -%}
    {%- for key, pg_type in identity_resolution._postgres_try_cast_types().items() -%}
        {%- do statements.append(
            "create or replace function " ~ identity_resolution.postgres_try_cast_function(key)
            ~ "(value text) returns " ~ pg_type ~ " language plpgsql immutable as $fn$ "
            ~ "begin return cast(value as " ~ pg_type ~ "); "
            ~ "exception when others then return null; end $fn$") -%}
    {%- endfor -%}
    {%- do statements.append(
        "create or replace function " ~ schema ~ ".idr_json_valid(value text) returns boolean "
        ~ "language plpgsql immutable as $fn$ "
        ~ "begin if value is null then return null; end if; perform cast(value as json); return true; "
        ~ "exception when others then return false; end $fn$") -%}
    {%- do statements.append(
        "create or replace function " ~ schema ~ ".idr_json_text(value text, json_key text) returns text "
        ~ "language plpgsql immutable as $fn$ "
        ~ "begin if json_typeof(cast(value as json)) <> 'object' then return null; end if; "
        ~ "return cast(value as json) ->> json_key; "
        ~ "exception when others then return null; end $fn$") -%}
    {#- Created (or replaced) in one DO block; a concurrent run creating them at the same moment is not an error. -#}
    {%- set body -%}
        create schema if not exists {{ schema }};
        do $do$
        begin
            {% for statement in statements -%}
            {{ statement }};
            {% endfor -%}
        exception when unique_violation or duplicate_function then null;
        end
        $do$;
    {%- endset -%}
    {{ return(body) }}
{% endmacro %}


{% macro postgres__try_cast_as(expr, data_type) -%}
    {{ identity_resolution.postgres_try_cast_function(data_type) }}({{ expr }})
{%- endmacro %}


{#- Same test as default__ (`is json`, PostgreSQL 16+), on any PostgreSQL version. -#}
{% macro postgres__is_valid_json(expr) -%}
    {{ adapter.quote(target.schema) }}.idr_json_valid({{ expr }})
{%- endmacro %}


{#- Same result as default__ (PostgreSQL 16+), on any PostgreSQL version; a value the json type
    cannot decode (a \u0000 escape) gives NULL instead of failing the query. -#}
{% macro postgres__safe_json_text(expr, key) -%}
    {{ adapter.quote(target.schema) }}.idr_json_text({{ expr }}, {{ identity_resolution.string_literal(key) }})
{%- endmacro %}


{#- As duckdb__: a malformed but well-shaped value (month 13) gives NULL, not an error. -#}
{% macro postgres___utc_timestamp_from_parts(local_text, offset_text) -%}
    case
        when ({{ offset_text }}) is null then {{ identity_resolution.try_cast_as(local_text, 'timestamp') }}
        else {{ identity_resolution.try_cast_as('(' ~ local_text ~ ') || (' ~ offset_text ~ ')', 'timestamptz') }} at time zone 'UTC'
    end
{%- endmacro %}


{#-
    Statements run before and after each model and seed (dbt_project.yml hooks), per engine; none on
    DuckDB. PostgreSQL: the email-context lists are tested with `in (subquery)`, which PostgreSQL
    evaluates once, as a hash table, only when it expects the list to fit in work_mem; its estimate
    of the generated typing-slip list is far above the real size (about 70,000 short strings), so the
    model's transaction raises work_mem (var postgres_work_mem, default 256MB; what is really used
    is the real size). After a model or seed is written it is analysed, so the next model is planned
    on real row counts, not on the defaults of a table autovacuum has not seen yet.
-#}
{% macro engine_pre_hook() %}
    {{ return(adapter.dispatch('engine_pre_hook', 'identity_resolution')()) }}
{% endmacro %}

{% macro default__engine_pre_hook() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__engine_pre_hook() %}
    {{ return("set local work_mem = " ~ identity_resolution.string_literal(var('postgres_work_mem', '256MB'))) }}
{% endmacro %}

{% macro engine_post_hook() %}
    {{ return(adapter.dispatch('engine_post_hook', 'identity_resolution')()) }}
{% endmacro %}

{% macro default__engine_post_hook() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__engine_post_hook() %}
    {{ return('' if config.get('materialized') in ['view', 'ephemeral'] else 'analyze ' ~ this) }}
{% endmacro %}
