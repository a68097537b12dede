{#-
    Long form of the identifiers the records of every identity source carry (see identity_sources):
    one row per (record, identifier), valid values only.
    with_values=false (the graph) gives pseudonymised nodes only: '<type>:<keyed hash of value>',
    plus the email context, so that the identity graph never holds a personal value.
    with_values=true gives (identifier_type, identifier_value, node, _loaded_at) for the value lookup.
    since: a SQL timestamp; when given, only rows staged after it (_loaded_at > since).
-#}
{% macro record_identifiers(with_values=false, since=none) %}
    {%- set parts = [] -%}
    {%- for source in identity_sources() -%}
        {%- for identifier_type, column_expr in source.identifiers -%}
            {%- set part -%}
    select
        {%- if with_values %}
        '{{ identifier_type }}' as identifier_type,
        {{ column_expr }} as identifier_value,
        {{ identifier_node("'" ~ identifier_type ~ "'", column_expr) }} as node,
        _loaded_at
        {%- else %}
        '{{ source.source_table }}' as source_table,
        {{ hash_key(source.key) }} as record_key,
        {{ source.kind }} as record_kind,
        {{ source.at }} as observed_at,
        '{{ identifier_type }}' as identifier_type,
        {{ identifier_node("'" ~ identifier_type ~ "'", column_expr) }} as node,
        {% if identifier_type == 'email' -%}
            {{ email_context(column_expr) }}
        {%- else -%}
            cast(null as {{ dbt.type_string() }})
        {%- endif %} as email_context,
        _loaded_at
        {%- endif %}
    from {{ ref(source.model) }}
    where {{ column_expr }} is not null
        {%- if since is not none %}
        and _loaded_at > {{ since }}
        {%- endif %}
            {%- endset -%}
            {%- do parts.append(part) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ parts | join('\n    union all\n') }}
{% endmacro %}


{#- Pseudonymised node id of an identifier in the identity graph: '<type>:<keyed md5 of value>'.
    The var identity_hash_key keys the hash; set it once per warehouse (changing it changes every key). -#}
{% macro identifier_node(identifier_type, identifier_value) -%}
    ({{ identifier_type }} || ':' || {{ hash_key("'" ~ var('identity_hash_key') ~ "|' || " ~ identifier_value) }})
{%- endmacro %}


{#- Stable public key of a device, persona or person: prefix + 24 hex chars of md5 of its anchor node. -#}
{% macro identity_key(prefix, anchor_expr) -%}
    ('{{ prefix }}' || substr({{ hash_key(anchor_expr) }}, 1, 24))
{%- endmacro %}
