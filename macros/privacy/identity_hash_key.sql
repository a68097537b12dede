{#-
    Keyed pseudonyms (see docs/privacy.md). Every identifier node of the identity graph is
    '<type>:' + SHA-256 over a secret key and the value. The key lives in one table of the warehouse
    (identity_hash_key_relation()), never in a file of this repository, a var, compiled SQL, a log or
    target/: the hashing SQL reads it with a scalar subquery, so compiled SQL names the table only.
    A user supplies their own key by inserting it before the first run; when the table is missing or
    empty, the first run creates a random key inside the warehouse (the SQL that does it holds no key)
    and says so. Back the key up with the warehouse: another key changes every node and every key.
-#}

{#- The table holding the key: one row, one column hash_key, in the schema <target schema>_private. -#}
{% macro identity_hash_key_relation() %}
    {{ return(api.Relation.create(
        database=target.get('database'),
        schema=target.schema ~ '_private',
        identifier='identity_hash_key',
    )) }}
{% endmacro %}


{#- SHA-256 (lowercase hex) over the warehouse's key and expr; NULL when expr is NULL. -#}
{% macro keyed_hash(expr) -%}
    {{- return(adapter.dispatch('keyed_hash', 'identity_resolution')(expr, identity_hash_key_relation())) -}}
{%- endmacro %}

{% macro default__keyed_hash(expr, key_relation) -%}
    encode(sha256(convert_to((select key_table.hash_key from {{ key_relation }} as key_table) || '|' || cast({{ expr }} as {{ dbt.type_string() }}), 'UTF8')), 'hex')
{%- endmacro %}

{% macro duckdb__keyed_hash(expr, key_relation) -%}
    sha256((select key_table.hash_key from {{ key_relation }} as key_table) || '|' || cast({{ expr }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro spark__keyed_hash(expr, key_relation) -%}
    sha2(concat((select key_table.hash_key from {{ key_relation }} as key_table), '|', cast({{ expr }} as string)), 256)
{%- endmacro %}


{#- SQL expression of a fresh random key: SHA-256 over four random UUIDs (64 hex characters). -#}
{% macro random_hash_key_sql() -%}
    {{- return(adapter.dispatch('random_hash_key_sql', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__random_hash_key_sql() -%}
    encode(sha256(convert_to(cast(gen_random_uuid() as text) || cast(gen_random_uuid() as text)
        || cast(gen_random_uuid() as text) || cast(gen_random_uuid() as text), 'UTF8')), 'hex')
{%- endmacro %}

{% macro duckdb__random_hash_key_sql() -%}
    sha256(cast(gen_random_uuid() as varchar) || cast(gen_random_uuid() as varchar)
        || cast(gen_random_uuid() as varchar) || cast(gen_random_uuid() as varchar))
{%- endmacro %}

{% macro spark__random_hash_key_sql() -%}
    sha2(concat(uuid(), uuid(), uuid(), uuid()), 256)
{%- endmacro %}


{#-
    on-run-start: make sure the key table holds exactly one usable key, creating a random one when
    the table is missing or empty, and refuse to mix nodes hashed before this scheme (project version
    0.2.0) with new ones. Runs only SQL that holds no key; prints counts and names only.
-#}
{% macro ensure_identity_hash_key() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- if var('identity_hash_key', none) is not none -%}
        {% do exceptions.raise_compiler_error(
            'The var identity_hash_key is no longer read: a key in a var ends up in logs and target/. '
            ~ 'Remove it from your vars and put your key in the table ' ~ identity_hash_key_relation()
            ~ ' instead (see docs/privacy.md).') %}
    {%- endif -%}
    {%- set key_relation = identity_hash_key_relation() -%}
    {%- set existing = adapter.get_relation(
        database=key_relation.database, schema=key_relation.schema, identifier=key_relation.identifier) -%}
    {%- set key_count = 0 -%}
    {%- if existing is not none -%}
        {%- set stats = run_query(
            'select count(*), min(length(hash_key)), count(hash_key) from ' ~ key_relation) -%}
        {%- set key_count = stats.columns[0].values()[0] | int -%}
        {%- if key_count > 1 -%}
            {% do exceptions.raise_compiler_error(
                'The table ' ~ key_relation ~ ' holds ' ~ key_count ~ ' rows: it must hold exactly one '
                ~ 'key (see docs/privacy.md).') %}
        {%- endif -%}
        {%- if key_count == 1 and ((stats.columns[2].values()[0] | int) == 0
                or (stats.columns[1].values()[0] | int) < 32) -%}
            {% do exceptions.raise_compiler_error(
                'The key in ' ~ key_relation ~ ' is empty or shorter than 32 characters: use a long '
                ~ 'random key (see docs/privacy.md).') %}
        {%- endif -%}
    {%- endif -%}
    {#- Plain SQL, not adapter.create_schema: that would mark the schema as cached with no tables
        in it, and adapter.get_relation would then miss the tables created here. -#}
    {%- set held = erasure_relation('erased_values') -%}
    {%- call statement('create_private_schema') -%}
        create schema if not exists {{ held.include(database=false).without_identifier() }}
    {%- endcall -%}
    {%- call statement('create_erased_values') -%}
        create table if not exists {{ held }} (identifier_value {{ dbt.type_string() }})
    {%- endcall -%}
    {%- do adapter.commit() -%}
    {%- if key_count == 0 -%}
        {{ refuse_tables_hashed_with_another_key(key_relation) }}
        {%- call statement('create_identity_hash_key') -%}
            create table if not exists {{ key_relation }} (hash_key {{ dbt.type_string() }} not null)
        {%- endcall -%}
        {%- call statement('fill_identity_hash_key') -%}
            insert into {{ key_relation }} (hash_key)
            select {{ random_hash_key_sql() }}
        {%- endcall -%}
        {%- do adapter.commit() -%}
        {{ log('identity_resolution: no key in ' ~ key_relation ~ ', so this run created a random one '
            ~ 'inside the warehouse. Back it up with the warehouse; to use your own key, see docs/privacy.md.',
            info=true) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}


{#- A new key with tables already built incrementally: their nodes were hashed another way (before
    project version 0.2.0, or with a key since removed). Mixing them would split every person. -#}
{% macro refuse_tables_hashed_with_another_key(key_relation) %}
    {%- if flags.FULL_REFRESH or not incremental_enabled() -%}
        {{ return('') }}
    {%- endif -%}
    {%- for node in graph.nodes.values()
        if is_own_model(node)
        and node.config.materialized == 'incremental' -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if relation is not none -%}
            {% do exceptions.raise_compiler_error(
                'The incremental table ' ~ relation ~ ' predates the keyed hashing of project version 0.2.0'
                ~ ' (or the key table ' ~ key_relation ~ ' was removed): its identity nodes were hashed '
                ~ 'with another key. Rebuild with `dbt build --full-refresh` (see docs/privacy.md).') %}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
