{#-
    Long form of the identifiers the records of every identity source carry (see identity_sources),
    valid values only, grouped so that no row stands for a single record.
    with_values=false gives the graph's sightings, pseudonymised: one row per (source table, node)
    with the identifier type, the email context, how many records carry it and when the first and
    the last were made (n_records, first_seen_at, last_seen_at); a node is '<type>:<keyed hash of
    value>', so that the identity graph never holds a personal value. Spellings that match as one
    value (an email's case) are one node, one row.
    with_values=true gives (source_table, identifier_type, identifier_value, _loaded_at) for the
    value lookup, one row per value each source table holds (the latest _loaded_at of its records),
    without its node: the caller groups the spellings first and hashes each once (identifier_node).
    Either way each source's records are grouped by value before the union (with_values=false then
    hashes each distinct value once). Values are as staged (account ids in the source's case); nodes compare
    them as identifier_match_value says.
    since: a SQL timestamp; when given, only rows staged after it (_loaded_at > since).
-#}
{% macro record_identifiers(with_values=false, since=none) %}
    {%- set parts = [] -%}
    {%- for source in identity_sources() -%}
        {%- if not with_values -%}
            {#- One read of the source per record, one row per identifier it carries (a position per
                identifier column), grouped by value. -#}
            {%- set part -%}
        select
            source_records.source_table,
            source_records.identifier_type,
            source_records.identifier_value,
            count(*) as n_records,
            min(source_records.observed_at) as first_seen_at,
            max(source_records.observed_at) as last_seen_at
        from (
            select
                records.source_table,
                records.observed_at,
                case positions.pos
                    {%- for identifier_type, column_expr in source.identifiers %}
                    when {{ loop.index }} then '{{ identifier_type }}'
                    {%- endfor %}
                end as identifier_type,
                case positions.pos
                    {%- for identifier_type, column_expr in source.identifiers %}
                    when {{ loop.index }} then records.identifier_{{ loop.index }}
                    {%- endfor %}
                end as identifier_value
            from (
{{ identity_source_records(source, since) }}
            ) as records
            cross join (
                values {% for identifier in source.identifiers %}({{ loop.index }}){% if not loop.last %}, {% endif %}{% endfor %}
            ) as positions (pos)
        ) as source_records
        where source_records.identifier_value is not null
        group by
            source_records.source_table,
            source_records.identifier_type,
            source_records.identifier_value
            {%- endset -%}
            {%- do parts.append(part) -%}
        {%- endif -%}
        {#- The value lookup needs the set of values each source holds, not its records. -#}
        {%- for identifier_type, column_expr in source.identifiers if with_values -%}
            {%- set part -%}
        select
            '{{ source.source_table }}' as source_table,
            '{{ identifier_type }}' as identifier_type,
            source_values.identifier_value,
            max(source_values._loaded_at) as _loaded_at
        from (
            select
                {{ column_expr }} as identifier_value,
                _loaded_at
            from {{ ref(source.model) }}
            where {{ column_expr }} is not null
                {%- if since is not none %}
                and _loaded_at > {{ since }}
                {%- endif %}
        ) as source_values
        group by source_values.identifier_value
            {%- endset -%}
            {%- do parts.append(part) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if with_values %}
        {{ parts | join('\n        union all\n') }}
    {%- else %}
    {#- The keyed hash and the email context of each distinct value are computed once, then joined
        back to the grouped values that carry it (materialized: else DuckDB computes them after the
        join, once per row). -#}
    with record_values as (
        {{ parts | join('\n        union all\n') }}
    ),

    hashed_values as {{ materialized_cte() }} (
        select
            distinct_values.identifier_type,
            distinct_values.identifier_value,
            {{ identifier_node('distinct_values.identifier_type', 'distinct_values.identifier_value') }} as node,
            case
                when distinct_values.identifier_type = 'email'
                    then {{ email_context('distinct_values.identifier_value') }}
            end as email_context
        from (
            select distinct
                identifier_type,
                identifier_value
            from record_values
        ) as distinct_values
    )

    select
        record_values.source_table,
        record_values.identifier_type,
        hashed_values.node,
        max(hashed_values.email_context) as email_context,
        cast(sum(record_values.n_records) as bigint) as n_records,
        min(record_values.first_seen_at) as first_seen_at,
        max(record_values.last_seen_at) as last_seen_at
    from record_values
    inner join hashed_values
        on record_values.identifier_type = hashed_values.identifier_type
        and record_values.identifier_value = hashed_values.identifier_value
    group by record_values.source_table, record_values.identifier_type, hashed_values.node
    {%- endif %}
{% endmacro %}


{#- Pseudonymised node id of an identifier in the identity graph: 128 bits, the md5 of
    '<type>:' + keyed SHA-256 of the value (the node's text form before December 2026, so a node of
    an older warehouse maps to its new form by one md5: migrate_node_keys). A uuid on DuckDB, 32
    lowercase hex characters on PostgreSQL and Spark (node_of_text). The key is read from the
    warehouse (see keyed_hash, docs/privacy.md). is_match_value: the value is already in the form
    matching compares (identifier_match_value). -#}
{% macro identifier_node(identifier_type, identifier_value, is_match_value=false) -%}
    {{ node_of_text(identifier_node_text(identifier_type, identifier_value, is_match_value)) }}
{%- endmacro %}


{#- The text a node is the md5 of: '<type>:' + keyed SHA-256 of the value (64 hex characters). Kept
    in no table; int_identity__evidence derives its link_id from it, as before December 2026. -#}
{% macro identifier_node_text(identifier_type, identifier_value, is_match_value=false) -%}
    {%- set match_value = identifier_value if is_match_value else identifier_match_value(identifier_type, identifier_value) -%}
    ({{ identifier_type }} || ':' || {{ keyed_hash(match_value) }})
{%- endmacro %}


{#- The node that stands for a persona in the person graph (int_identity__person_nodes.graph_node):
    the node of the text 'persona:' + its persona_id. Built here only: models tell a persona's graph
    node by the persona_id carried beside it, never by reading the node. -#}
{% macro persona_graph_node(persona_id) -%}
    {{ node_of_text("'persona:' || " ~ persona_id) }}
{%- endmacro %}


{#- A node from a text: its md5, 128 bits, in the engine's node type (node_data_type): a uuid on
    DuckDB (16 bytes: joins and group-bys on it cost a quarter to a half of those on the old text
    nodes), 32 lowercase hex characters elsewhere (PostgreSQL has no min() of a uuid, Spark no
    128-bit type). -#}
{% macro node_of_text(text_expr) -%}
    {{- return(adapter.dispatch('node_of_text', 'identity_resolution')(text_expr)) -}}
{%- endmacro %}

{% macro default__node_of_text(text_expr) -%}
    md5({{ text_expr }})
{%- endmacro %}

{% macro duckdb__node_of_text(text_expr) -%}
    cast(md5({{ text_expr }}) as uuid)
{%- endmacro %}


{#- The SQL type of a node column, lowercased as information_schema names it: uuid on DuckDB, text
    elsewhere (where a node is text like the other keys). -#}
{% macro node_data_type() -%}
    {{- return(adapter.dispatch('node_data_type', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__node_data_type() -%}
    text
{%- endmacro %}

{% macro duckdb__node_data_type() -%}
    uuid
{%- endmacro %}


{#- A node as text, the same on every engine: 32 lowercase hex characters (a uuid without its dashes). -#}
{% macro node_text(node) -%}
    {{- return(adapter.dispatch('node_text', 'identity_resolution')(node)) -}}
{%- endmacro %}

{% macro default__node_text(node) -%}
    {{ node }}
{%- endmacro %}

{% macro duckdb__node_text(node) -%}
    replace(cast({{ node }} as varchar), '-', '')
{%- endmacro %}


{#- The last tie-break of an anchor (the identifier a key is derived from): an ORDER BY list that
    sorts identifiers as their nodes' text form before December 2026 sorted ('<type>:<hash>'): by
    type first, then by node. So anchors, and the keys derived from them, did not move when the
    node's form changed, except between two identifiers of one type first seen at the same instant. -#}
{% macro node_order(identifier_type, node) -%}
    {{ identifier_type }} || ':', {{ node }}
{%- endmacro %}


{#- The form of a value that matching compares: lowercased, unless its type is case-sensitive
    (seeds/identifier_types.csv column case_sensitive, or listed in the var
    case_sensitive_identifier_types). Read at run time from the seed. -#}
{% macro identifier_match_value(identifier_type, identifier_value) -%}
    {%- set listed = var('case_sensitive_identifier_types', []) -%}
    {%- if listed is string -%}
        {%- set listed = [listed] -%}
    {%- endif -%}
    case
        when {{ identifier_type }} in (
            select case_types.identifier_type
            from {{ ref('identity_resolution', 'identifier_types') }} as case_types
            where case_types.case_sensitive
        )
        {%- for listed_type in listed %}
            or {{ identifier_type }} = {{ string_literal(listed_type) }}
        {%- endfor %}
            then {{ identifier_value }}
        else lower({{ identifier_value }})
    end
{%- endmacro %}


{#- Stable public key derived from a text (a probable person from its smallest strict person_id):
    prefix + 24 hex chars of its md5. -#}
{% macro identity_key(prefix, anchor_expr) -%}
    ('{{ prefix }}' || substr({{ hash_key(anchor_expr) }}, 1, 24))
{%- endmacro %}


{#- Stable public key of a device, persona or person from its anchor node: prefix + the first 24 hex
    characters of the node. A node is the md5 of its text form before December 2026, so the key is
    the one identity_key gave that text: keys did not change with the node's form. -#}
{% macro node_identity_key(prefix, anchor_node) -%}
    ('{{ prefix }}' || substr({{ node_text(anchor_node) }}, 1, 24))
{%- endmacro %}


{#- One row per record of an identity source that carries at least one identifier: its kind, time
    and _loaded_at, and each identifier column as identifier_<position> (identity_sources order).
    since: as in record_identifiers. -#}
{% macro identity_source_records(source, since=none) %}
                select
                    '{{ source.source_table }}' as source_table,
                    {{ source.kind }} as record_kind,
                    {{ source.at }} as observed_at,
                    {%- for identifier_type, column_expr in source.identifiers %}
                    {{ column_expr }} as identifier_{{ loop.index }},
                    {%- endfor %}
                    _loaded_at
                from {{ ref(source.model) }}
                where
                    (
                        {%- for identifier_type, column_expr in source.identifiers %}
                        {% if not loop.first %}or {% endif %}{{ column_expr }} is not null
                        {%- endfor %}
                    )
                    {%- if since is not none %}
                    and _loaded_at > {{ since }}
                    {%- endif %}
{%- endmacro %}


{#-
    The evidence pairs of every identity source, read from its records with their identifiers side
    by side (no join of a record's identifiers to each other): one row per (record, link rule of
    its source whose record_kind it matches, both identifiers present), with the rule's link_kind,
    the two identifier types, the two values in the form matching compares (identifier_match_value,
    so that equal match values are one node) and the record's time. Each source carries at most one
    value per identifier type (checked here), so these are the pairs that joining a record's
    identifiers to each other would give. link_rules: the relation of the link_rules seed.
    since: as in record_identifiers.
-#}
{% macro record_identifier_pairs(link_rules, since=none) %}
    {%- set parts = [] -%}
    {%- for source in identity_sources() -%}
        {%- set types = source.identifiers | map('first') | list -%}
        {%- if types | length != types | unique | list | length -%}
            {{ exceptions.raise_compiler_error(
                "identity_sources: " ~ source.source_table ~ " lists an identifier type twice (" ~ types | join(', ')
                ~ "); a record holds one value per type, which record_identifier_pairs relies on") }}
        {%- endif -%}
        {%- set part -%}
        select
            rules.link_kind,
            rules.identifier_type_a,
            case rules.identifier_type_a
                {%- for identifier_type, column_expr in source.identifiers %}
                when '{{ identifier_type }}' then records.identifier_{{ loop.index }}
                {%- endfor %}
            end as identifier_value_a,
            rules.identifier_type_b,
            case rules.identifier_type_b
                {%- for identifier_type, column_expr in source.identifiers %}
                when '{{ identifier_type }}' then records.identifier_{{ loop.index }}
                {%- endfor %}
            end as identifier_value_b,
            records.observed_at
        from (
{{ identity_source_records(source, since) }}
        ) as records
        inner join {{ link_rules }} as rules
            on rules.source_table = '{{ source.source_table }}'
        where rules.record_kind = '*' or rules.record_kind = records.record_kind
        {%- endset -%}
        {%- do parts.append(part) -%}
    {%- endfor %}
    select
        source_pairs.link_kind,
        source_pairs.identifier_type_a,
        {{ identifier_match_value('source_pairs.identifier_type_a', 'source_pairs.identifier_value_a') }} as match_value_a,
        source_pairs.identifier_type_b,
        {{ identifier_match_value('source_pairs.identifier_type_b', 'source_pairs.identifier_value_b') }} as match_value_b,
        source_pairs.observed_at
    from (
        {{ parts | join('\n        union all\n') }}
    ) as source_pairs
    where source_pairs.identifier_value_a is not null and source_pairs.identifier_value_b is not null
{% endmacro %}
