{#-
    Erasure that is complete (docs/privacy.md). int_privacy__erased_nodes decides once which nodes
    and persons are erased; int_identity__identifier_values hands their values to the run
    (hold_erased_values); at the end of `dbt run` / `dbt build`, purge_erased deletes, from every
    table in the project's schemas (models, their incremental state tables such as
    <model>__cc_input, and tables added later), the rows that follow the column convention:
      node-like columns   node, node_*, *_node                   holding an erased node
      value-like columns  identifier_value*, contact_value, an identifier type (email, phone,
                          account_id, ...) or *_<identifier type> holding an erased value
      person columns      person_id, *_person_id                 holding an erased person
      raw text columns    raw_record, raw_line                   containing an erased value (normalised or as typed)
    It writes counts only (never a value) to the append-only erasure_log, then empties the
    held values. The suppression record is left alone: the models tagged erasure_suppression_record
    (the erasure requests' own staging table, int_privacy__erased_nodes with the keyed pseudonyms of
    every erased node, int_privacy__erased_device_uses with the shared devices they used).
    The var erasure_purge: false turns the purge off (the tests' negative control).
-#}

{#- A table of the project's private schema (next to the key): erased_values, erasure_log. -#}
{% macro erasure_relation(name) %}
    {{ return(api.Relation.create(database=target.get('database'), schema=target.schema ~ '_private', identifier=name)) }}
{% endmacro %}


{#- Post-hook of int_identity__identifier_values: keep this run's erased values (normalised,
    lowercased) in erased_values until purge_erased has used and emptied it. -#}
{% macro hold_erased_values(values_relation) %}
    {%- set held = erasure_relation('erased_values') -%}
    insert into {{ held }} (identifier_value)
    select distinct lower(trim(held_values.identifier_value))
    from {{ values_relation }} as held_values
    inner join {{ ref('int_privacy__erased_nodes') }} as erased
        on held_values.node = erased.node
{% endmacro %}


{#- The convention: which kind of erased data a column holds, or none. -#}
{% macro erasure_column_kind(column_name) %}
    {%- set name = column_name | lower -%}
    {%- set types = identifier_types() -%}
    {%- if name == 'node' or name.startswith('node_') or name.endswith('_node') -%}
        {{ return('node') }}
    {%- elif name == 'person_id' or name.endswith('_person_id') -%}
        {{ return('person') }}
    {%- elif name in ['raw_record', 'raw_line'] -%}
        {{ return('raw') }}
    {%- elif name.startswith('identifier_value') or name == 'contact_value' or name in types -%}
        {{ return('value') }}
    {%- endif -%}
    {%- for identifier_type in types if name.endswith('_' ~ identifier_type) -%}
        {{ return('value') }}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}


{#- SQL condition true for a row holding erased data in `column_name` (raw text: searched in the
    rows of `relation` that pass `row_filter`, see erasure_raw_condition). -#}
{% macro erasure_condition(kind, column_name, erased_nodes, held, relation=none, row_filter=none) %}
    {%- set column = adapter.quote(column_name) -%}
    {%- if kind == 'node' -%}
        {{ return(column ~ ' in (select erased.node from ' ~ erased_nodes ~ ' as erased)') }}
    {%- elif kind == 'person' -%}
        {{ return(column ~ ' in (select erased.person_id from ' ~ erased_nodes
            ~ ' as erased where erased.person_id is not null)') }}
    {%- elif kind == 'value' -%}
        {{ return('lower(trim(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))) in (select held.identifier_value from '
            ~ held ~ ' as held)') }}
    {%- else -%}
        {{ return(erasure_raw_condition(column, relation, held, row_filter)) }}
    {%- endif -%}
{% endmacro %}


{#- SQL condition true when the raw text `column` (lowercased) contains a held value of 6 characters
    or more (shorter ones, a 3-digit card suffix, would match unrelated text) whose alphanumeric runs
    are all whole runs of the text: `zed.z@x.com` does not purge the text of `xzed.z@x.com` or of
    `zed.z@x.community`, which are someone else's. Not texts x held values: each distinct text is
    split once into its runs; each held value is keyed by its run that the fewest texts hold, and
    only the texts holding that run are searched for the value (so the work is the texts' runs plus,
    per value, the texts sharing its rarest run: a value made only of common runs meets many). The subquery is
    uncorrelated: the engine computes the matched texts once. `row_filter` (a condition on the
    table's columns, or none) limits the rows searched. -#}
{% macro erasure_raw_condition(column, relation, held, row_filter=none) %}
    {%- set text = 'lower(cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {%- set searched = column ~ ' is not null' ~ ((' and ' ~ row_filter) if row_filter else '') -%}
    {#- (raw_text, run): each distinct run of each distinct searched text. -#}
    {%- set text_runs -%}
        select distinct split_texts.raw_text, split_texts.run
        from (
            select distinct_texts.raw_text, {{ alphanumeric_runs('distinct_texts.raw_text') }} as run
            from (select distinct {{ text }} as raw_text from {{ relation }} where {{ searched }}) as distinct_texts
        ) as split_texts
        where split_texts.run <> ''
    {%- endset -%}
    {#- (identifier_value, run): each distinct run of each held value long enough. -#}
    {%- set held_runs -%}
        select distinct split_values.identifier_value, split_values.run
        from (
            select held.identifier_value, {{ alphanumeric_runs('held.identifier_value') }} as run
            from {{ held }} as held
            where length(held.identifier_value) >= 6
        ) as split_values
        where split_values.run <> ''
    {%- endset -%}
    {%- set matched_texts -%}
        select candidates.raw_text
        from (
            select text_runs.raw_text, held_keys.identifier_value
            from ({{ text_runs }}) as text_runs
            inner join (
                select ranked.identifier_value, ranked.run
                from (
                    select
                        held_runs.identifier_value,
                        held_runs.run,
                        row_number() over (
                            partition by held_runs.identifier_value
                            order by coalesce(run_counts.n_texts, 0), length(held_runs.run) desc, held_runs.run
                        ) as rarity_rank
                    from ({{ held_runs }}) as held_runs
                    left join (
                        select counted.run, count(*) as n_texts
                        from ({{ text_runs }}) as counted
                        group by counted.run
                    ) as run_counts
                        on held_runs.run = run_counts.run
                ) as ranked
                where ranked.rarity_rank = 1
            ) as held_keys
                on text_runs.run = held_keys.run
            where {{ dbt.position('held_keys.identifier_value', 'text_runs.raw_text') }} > 0
        ) as candidates
        inner join ({{ held_runs }}) as value_runs
            on candidates.identifier_value = value_runs.identifier_value
        left join ({{ text_runs }}) as present
            on
                candidates.raw_text = present.raw_text
                and value_runs.run = present.run
        group by candidates.raw_text, candidates.identifier_value
        having count(present.run) = count(*)
    {%- endset -%}
    {{ return('(' ~ searched ~ ' and ' ~ text ~ ' in (select matched.raw_text from (' ~ matched_texts
        ~ ') as matched))') }}
{% endmacro %}


{#- A select-list expression giving one row per maximal run of letters a-z and digits of a
    lowercased text (empty strings possible at the ends: callers drop them). -#}
{% macro alphanumeric_runs(expr) -%}
    {{- return(adapter.dispatch('alphanumeric_runs', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{#- PostgreSQL -#}
{% macro default__alphanumeric_runs(expr) -%}
    regexp_split_to_table({{ expr }}, '[^a-z0-9]+')
{%- endmacro %}

{% macro duckdb__alphanumeric_runs(expr) -%}
    unnest(string_split_regex({{ expr }}, '[^a-z0-9]+'))
{%- endmacro %}

{% macro spark__alphanumeric_runs(expr) -%}
    explode(split({{ expr }}, '[^a-z0-9]+'))
{%- endmacro %}


{#- Deletes the rows of `relation` where `where` holds and returns how many there were. DuckDB's
    DELETE returns its count and PostgreSQL's counts through `returning`: one pass over the table,
    the condition evaluated once. Spark counts first and rewrites a table only when it has rows to
    lose (0: nothing run). -#}
{% macro purge_rows(relation, where) %}
    {{ return(adapter.dispatch('purge_rows', 'identity_resolution')(relation, where)) }}
{% endmacro %}

{% macro default__purge_rows(relation, where) %}
    {%- set counted = run_query('select count(*) from ' ~ relation ~ ' where ' ~ where) -%}
    {%- set n_rows = counted.columns[0].values()[0] | int -%}
    {%- if n_rows > 0 -%}
        {%- set delete_sql = delete_rows(relation, where) -%}
        {%- if delete_sql | trim -%}
            {%- call statement('purge_erased_rows') -%}{{ delete_sql }}{%- endcall -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(n_rows) }}
{% endmacro %}

{% macro duckdb__purge_rows(relation, where) %}
    {%- set deleted = run_query(delete_rows(relation, where)) -%}
    {{ return(deleted.columns[0].values()[0] | int) }}
{% endmacro %}

{% macro postgres__purge_rows(relation, where) %}
    {%- set counted = run_query('with purged as (delete from ' ~ relation ~ ' where ' ~ where
        ~ ' returning 1) select count(*) from purged') -%}
    {{ return(counted.columns[0].values()[0] | int) }}
{% endmacro %}


{% macro purge_erased() %}
    {%- if not execute or flags.WHICH not in ['run', 'build'] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set wanted = var('erasure_purge', true) -%}
    {%- if wanted is string -%}
        {%- set wanted = wanted | trim | lower in ['true', '1', 'yes', 'on'] -%}
    {%- endif -%}
    {%- set schemas = [] -%}
    {#- The suppression record (models tagged erasure_suppression_record, and Spark's copies of their
        previous rows) keeps the requests honoured in later runs: the purge leaves it alone. -#}
    {%- set suppression = [] -%}
    {%- for node in graph.nodes.values()
        if is_own_model(node) -%}
        {%- if 'erasure_suppression_record' in node.tags -%}
            {%- do suppression.extend([node.alias | lower, node.alias | lower ~ '__previous']) -%}
        {%- endif -%}
        {%- if node.schema | lower not in schemas -%}
            {%- do schemas.append(node.schema | lower) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- erased_values exists: ensure_identity_hash_key (on-run-start) creates it. -#}
    {%- set held = erasure_relation('erased_values') -%}
    {%- set erased_nodes = existing_model_relation('int_privacy__erased_nodes') -%}
    {%- if not wanted or erased_nodes is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set log_relation = erasure_relation('erasure_log') -%}
    {%- call statement('create_erasure_log') -%}
        create table if not exists {{ log_relation }} (
            invocation_id {{ dbt.type_string() }},
            run_started_at {{ dbt.type_timestamp() }},
            relation_name {{ dbt.type_string() }},
            n_rows {{ dbt.type_bigint() }}
        )
    {%- endcall -%}

    {#- Every table in the project's schemas, with the columns the convention names. -#}
    {%- set column_rows = project_table_columns(schemas) -%}
    {%- set tables = {} -%}
    {%- set with_source_table = [] -%}
    {%- set with_quarantine_reason = [] -%}
    {%- for row in column_rows -%}
        {%- if row[2] | lower == 'source_table' -%}
            {%- do with_source_table.append(row[0] ~ '.' ~ row[1]) -%}
        {%- elif row[2] | lower == 'quarantine_reason' -%}
            {%- do with_quarantine_reason.append(row[0] ~ '.' ~ row[1]) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- A base table's raw_record is searched in its quarantined rows only. Its staged rows are found
        by their typed columns; their raw_record is NULL on DuckDB (raw_record_value) and elsewhere a
        JSON copy of the fields those columns were typed from. So every engine purges the same rows,
        and the search costs the quarantined rows, not every row. -#}
    {%- set staged_rows_filter = adapter.quote('quarantine_reason') ~ ' is not null' -%}
    {%- for row in column_rows -%}
        {%- set kind = erasure_column_kind(row[2]) -%}
        {#- Where nodes have a type of their own (uuid on DuckDB), a node-like name on a column of
            another type (a probabilistic graph's node is a record or person key, text) holds no
            identifier node. -#}
        {%- if kind == 'node' and node_data_type() | trim | lower == 'uuid'
                and (row[3] if row | length > 3 else '') | trim | lower != 'uuid' -%}
            {%- set kind = none -%}
        {%- endif -%}
        {%- set name = row[0] ~ '.' ~ row[1] -%}
        {%- if kind is not none and row[1] | lower not in suppression -%}
            {%- if name not in tables -%}
                {%- do tables.update({name: {'schema': row[0], 'table': row[1], 'columns': []}}) -%}
            {%- endif -%}
            {%- do tables[name]['columns'].append((kind, row[2])) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- As typed: every field of the raw text of each row about to go that is an erased value
        written another way ('+1 (415) 555-0190', ' Zed.Z@Gmail.com'): equal once lowercased and
        stripped to letters and digits. Quarantined copies that were typed that way are then found. -#}
    {%- for name, table in tables.items() -%}
        {%- set relation = api.Relation.create(database=target.get('database'), schema=table.schema, identifier=table.table) -%}
        {%- set raw_columns = [] -%}
        {%- set matched = [] -%}
        {%- for kind, column in table.columns -%}
            {%- if kind == 'raw' -%}
                {%- do raw_columns.append(column) -%}
            {%- elif kind != 'raw' -%}
                {%- do matched.append(erasure_condition(kind, column, erased_nodes, held)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if raw_columns and matched -%}
            {%- call statement('hold_as_typed') -%}
                insert into {{ held }} (identifier_value)
                select distinct lower(trim(fields.field_value))
                from (
                    select {{ raw_field_values(adapter.quote(raw_columns[0])) }} as field_value
                    from {{ relation }}
                    where ({{ matched | join(') or (') }})
                ) as fields
                where {{ alphanumeric_key('fields.field_value') }} in (
                    select {{ alphanumeric_key('held.identifier_value') }} from {{ held }} as held
                )
            {%- endcall -%}
        {%- endif -%}
    {%- endfor -%}

    {%- set purged = namespace(rows=0, tables=0) -%}
    {%- for name, table in tables.items() -%}
        {%- set relation = api.Relation.create(database=target.get('database'), schema=table.schema, identifier=table.table) -%}
        {%- set conditions = [] -%}
        {%- for kind, column in table.columns -%}
            {%- do conditions.append(erasure_condition(kind, column, erased_nodes, held, relation,
                staged_rows_filter if name in with_quarantine_reason else none)) -%}
        {%- endfor -%}
        {%- set where = '((' ~ conditions | join(')\n or (') ~ '))' -%}
        {%- if name in with_source_table -%}
            {#- The quarantined copies of erasure requests belong to the suppression record too. -#}
            {%- set where = where ~ " and coalesce(cast(source_table as " ~ dbt.type_string()
                ~ "), '') <> 'erasure_requests'" -%}
        {%- endif -%}
        {%- set n_rows = purge_rows(relation, where) -%}
        {%- if n_rows > 0 -%}
            {%- call statement('log_purged_rows') -%}
                insert into {{ log_relation }} (invocation_id, run_started_at, relation_name, n_rows)
                values ('{{ invocation_id }}', {{ loaded_at() }}, '{{ table.table | lower }}', {{ n_rows }})
            {%- endcall -%}
            {%- set purged.rows = purged.rows + n_rows -%}
            {%- set purged.tables = purged.tables + 1 -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set empty_sql = delete_rows(held, '1 = 1') -%}
    {%- if empty_sql | trim -%}
        {%- call statement('empty_erased_values') -%}{{ empty_sql }}{%- endcall -%}
    {%- endif -%}
    {%- do adapter.commit() -%}
    {{ log('identity_resolution: purged ' ~ purged.rows ~ ' rows of erased persons from '
        ~ purged.tables ~ ' tables (counts in ' ~ log_relation ~ ')', info=true) }}
    {{ return('') }}
{% endmacro %}


{#- Rows of a base table purged since the table was last built in full (for the accounting
    raw = staged + quarantined + purged); 0 when nothing was ever purged. -#}
{% macro purged_rows(base_relation, table_name) %}
    {%- set log_relation = erasure_relation('erasure_log') -%}
    {%- if execute and adapter.get_relation(database=log_relation.database, schema=log_relation.schema,
            identifier=log_relation.identifier) is not none -%}
        (select coalesce(sum(log.n_rows), 0) from {{ log_relation }} as log
        where log.relation_name = '{{ table_name | lower }}'
            and log.run_started_at >= coalesce(
                (select min(base._loaded_at) from {{ base_relation }} as base), log.run_started_at))
    {%- else -%}
        0
    {%- endif -%}
{% endmacro %}


{#- Lowercased letters and digits of a text: how an erased value and its raw spelling are compared. -#}
{% macro alphanumeric_key(expr) -%}
    {{ regex_replace_all('lower(' ~ expr ~ ')', '[^a-z0-9]', '') }}
{%- endmacro %}


{#- A select-list expression giving one row per top-level field value of a JSON object text
    (no row for invalid JSON). -#}
{% macro raw_field_values(expr) -%}
    {{- return(adapter.dispatch('raw_field_values', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{#- PostgreSQL -#}
{% macro default__raw_field_values(expr) -%}
    (jsonb_each_text(case when ({{ expr }}) is json object then cast({{ expr }} as jsonb) end)).value
{%- endmacro %}

{#- PostgreSQL before 16 has no `is json`, and jsonb refuses some texts json accepts (a \u0000
    escape): the raw text split at its double quotes gives every string value of the object as one
    piece (a value with an escaped quote in it is not found; identifiers have none). -#}
{% macro postgres__raw_field_values(expr) -%}
    regexp_split_to_table({{ expr }}, '"')
{%- endmacro %}

{% macro duckdb__raw_field_values(expr) -%}
    unnest(map_values(json_transform(
        case when json_valid({{ expr }}) and json_type({{ expr }}) = 'OBJECT' then {{ expr }} end,
        '"MAP(VARCHAR, VARCHAR)"')))
{%- endmacro %}

{% macro spark__raw_field_values(expr) -%}
    explode(map_values(from_json({{ expr }}, 'map<string,string>')))
{%- endmacro %}
