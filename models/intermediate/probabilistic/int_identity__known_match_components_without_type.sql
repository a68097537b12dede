{{ config(materialized='connected_components', node_a='node_a', node_b='node_b', incremental=false) }}

-- The known-match graph of int_identity__known_match_components once per identifier type that a
-- comparison also compares (probabilistic_comparisons(): `identifier_type`, the phone and the
-- e-mail), each time without the evidence edges that touch that type. Two loyalty cards joined by
-- one phone agree on the phone by construction, so their pair says nothing about how often one
-- person's records agree on it; joined by a login, an order or a payment card instead, it does.
-- int_identity__known_match_m_probabilities takes such a comparison's m from the known matches of
-- its own graph. The graphs are kept apart in one run of the components: each node id is prefixed
-- with the excluded type ('<identifier_type>|<node as text>', node_text: the same text on every
-- engine), so no component spans two graphs.
{%- set excluded_types = [] %}
{%- for comparison in probabilistic_comparisons() if comparison.get('identifier_type') %}
    {%- if comparison['identifier_type'] not in excluded_types %}
        {%- do excluded_types.append(comparison['identifier_type']) %}
    {%- endif %}
{%- endfor %}
with known_match_edges as (
    select * from {{ ref('int_identity__known_match_edges') }}
),

final as (
    {%- for identifier_type in excluded_types %}
        select
            {{ string_literal(identifier_type ~ '|') }} || {{ node_text('node_a') }} as node_a,
            {{ string_literal(identifier_type ~ '|') }} || {{ node_text('node_b') }} as node_b
        from known_match_edges
        where
            identifier_type_a != {{ string_literal(identifier_type) }}
            and identifier_type_b != {{ string_literal(identifier_type) }}
        union all
    {%- endfor %}
    -- A graph with no edge at all still needs a well-typed empty select.
    select
        cast(null as {{ dbt.type_string() }}) as node_a,
        cast(null as {{ dbt.type_string() }}) as node_b
    from known_match_edges
    where 1 = 0
)

select * from final
