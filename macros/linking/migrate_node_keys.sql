{#-
    on-run-start: nodes became 128 bits in December 2026 (identifier_node: the md5 of the text that
    was the node before). A warehouse built before holds text nodes:
      - int_identity__key_history, kept across --full-refresh, is rewritten once here with each node
        in its new form (node_of_text of the old text), so identity_key_aliases keeps every key a
        node ever had, and keys that moved with the change (two identifiers of one type first seen
        at the same instant) become aliases;
      - any other incremental table would mix both forms: an incremental run refuses to start and
        asks for `dbt build --full-refresh` (which rebuilds them; the key history stays).
    Reads one row of each table; prints names only.
-#}
{% macro migrate_node_keys() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set history = existing_model_relation('int_identity__key_history') -%}
    {%- if history is not none and holds_text_nodes(history, 'node') -%}
        {%- set migrated = history.incorporate(path={'identifier': history.identifier ~ '__node_migration'}) -%}
        {%- do adapter.drop_relation(migrated) -%}
        {%- call statement('migrate_key_history') -%}
            {{ get_create_table_as_sql(False, migrated,
                'select ' ~ node_of_text('history.node') ~ ' as node, history.resolution_level, history.key_id,'
                ~ ' history.assigned_at from ' ~ history ~ ' as history') }}
        {%- endcall -%}
        {%- do adapter.drop_relation(history) -%}
        {%- do adapter.rename_relation(migrated, history) -%}
        {%- do adapter.commit() -%}
        {{ log('identity_resolution: ' ~ history.identifier ~ ' rewritten with 128-bit nodes (once; docs/incremental.md)', info=true) }}
    {%- endif -%}
    {%- if not flags.FULL_REFRESH and incremental_enabled() -%}
        {%- set evidence = existing_model_relation('int_identity__evidence') -%}
        {%- if evidence is not none and holds_text_nodes(evidence, 'node_a') -%}
            {% do exceptions.raise_compiler_error(
                'The incremental tables of this warehouse hold text nodes (built before the 128-bit '
                ~ 'nodes of project version 0.3.0, e.g. ' ~ evidence ~ '): rebuild once with '
                ~ '`dbt build --full-refresh` (the key history is kept and migrated; docs/incremental.md).') %}
        {%- endif -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}


{#- True when a row of `relation` has a `column` that is not a 128-bit node (32 hex characters as
    node_text): a text node of a warehouse built before December 2026. False for an empty table. -#}
{% macro holds_text_nodes(relation, column) %}
    {%- set probe = run_query('select ' ~ node_text('probe.' ~ column) ~ ' from (select ' ~ column
        ~ ' from ' ~ relation ~ ' where ' ~ column ~ ' is not null limit 1) as probe') -%}
    {%- set values = probe.columns[0].values() -%}
    {{ return(values | length > 0 and values[0] | string | length != 32) }}
{% endmacro %}
