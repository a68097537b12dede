-- One row per (comparison, level) of probabilistic person linking: the m-probability measured on
-- known matches, the pairs of person records whose nodes are joined inside one strict person by
-- identifier evidence (int_identity__known_match_components: e-mail, phone, loyalty card, login;
-- never the name + date of birth + address rule, whose pairs would feed the model its own output).
-- They are one person's records, chosen without reading their details, so each level's share among
-- them estimates how often one person's records take that level in this business.
-- A comparison of a field that is also an identifier type (`identifier_type` in
-- probabilistic_comparisons(): the phone, the e-mail) can make the known match itself: two loyalty
-- cards joined by one phone agree on it by construction, which biases its m toward agreement. Its m
-- comes from the known matches of the graph without that type's evidence
-- (int_identity__known_match_components_without_type): one person's records joined by other
-- identifiers, which compare the field without having chosen the pair by it.
-- m_probability = (pairs at the level + 1) / (pairs with the comparison not missing + number of
-- levels). n_known_match_pairs (the same on every row) is the number of known-match pairs of the
-- full graph, among the sampled persons (int_identity__known_match_sample_persons), and
-- known_match_sample_share their share of all strict persons:
-- int_identity__probabilistic_parameters uses these m when n_known_match_pairs reaches the var
-- probabilistic_min_known_match_pairs, and then sets the prior to n_known_match_pairs /
-- known_match_sample_share over all record pairs.
{%- set comparisons = probabilistic_comparisons() %}
{%- set full_graph = [] %}
{%- set own_graph = [] %}
{%- for comparison in comparisons %}
    {%- if comparison.get('identifier_type') %}
        {%- do own_graph.append(comparison) %}
    {%- else %}
        {%- do full_graph.append(comparison) %}
    {%- endif %}
{%- endfor %}
with records as (
    select * from {{ ref('int_identity__person_records') }}
),

components as (
    select * from {{ ref('int_identity__known_match_components') }}
),

components_without_type as (
    select * from {{ ref('int_identity__known_match_components_without_type') }}
),

sample_share as (
    select max(sample_share) as known_match_sample_share
    from {{ ref('int_identity__known_match_sample_persons') }}
),

-- Two records of one node (one account, one loyalty card) are one record typed once; the pairs
-- across two nodes of one component are the known matches.
pairs as (
    {%- set levels %}
        {%- for comparison in comparisons %}
            {{ comparison_level(comparison) }} as level_{{ comparison['name'] }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    {%- endset %}
    {{- identity_resolution.known_match_record_pairs(levels, 'records', 'components') }}
),
{%- for comparison in own_graph %}

    -- {{ comparison['name'] }}: the known matches of the graph without {{ comparison['identifier_type'] }} evidence.
    pairs_{{ comparison['name'] }} as (
        {{- identity_resolution.known_match_record_pairs(
            comparison_level(comparison) ~ ' as level_' ~ comparison['name'], 'records',
            'components_without_type', string_literal(comparison['identifier_type'] ~ '|')) }}
    ),
{%- endfor %}

pair_count as (
    select cast(count(*) as bigint) as n_known_match_pairs
    from pairs
),

shares as (
    {{- smoothed_level_shares(full_graph, 'pairs', 'm_probability') }}
    {%- for comparison in own_graph %}
        union all
        {{- smoothed_level_shares([comparison], 'pairs_' ~ comparison['name'], 'm_probability') }}
    {%- endfor %}
),

final as (
    select
        shares.*,
        pair_count.n_known_match_pairs,
        sample_share.known_match_sample_share
    from shares
    cross join pair_count
    cross join sample_share
)

select * from final
