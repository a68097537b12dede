-- One row per (comparison, level) of probabilistic person linking: the m-probability measured on
-- known matches, the pairs of person records whose nodes are joined inside one strict person by
-- identifier evidence (int_identity__known_match_components: e-mail, phone, loyalty card, login;
-- never the name + date of birth + address rule, whose pairs would feed the model its own output).
-- They are one person's records, chosen without reading their details, so each level's share among
-- them estimates how often one person's records take that level in this business.
-- m_probability = (pairs at the level + 1) / (pairs with the comparison not missing + number of
-- levels). n_known_match_pairs (the same on every row) is the number of known-match pairs:
-- int_identity__probabilistic_parameters uses these m when it reaches the var
-- probabilistic_min_known_match_pairs, and then sets the prior to their share of all record pairs.
{%- set comparisons = probabilistic_comparisons() %}
with records as (
    select * from {{ ref('int_identity__person_records') }}
),

components as (
    select * from {{ ref('int_identity__known_match_components') }}
),

component_records as (
    select
        records.*,
        components.component_node
    from records
    inner join components
        on records.node = components.node
),

-- Two records of one node (one account, one loyalty card) are one record typed once; the pairs
-- across two nodes of one component are the known matches.
pairs as (
    select
        {%- for comparison in comparisons %}
            {{ comparison_level(comparison) }} as level_{{ comparison['name'] }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from component_records as l
    inner join component_records as r
        on
            l.person_id = r.person_id
            and l.component_node = r.component_node
            and l.record_key < r.record_key
            and l.node != r.node
),

pair_count as (
    select cast(count(*) as bigint) as n_known_match_pairs
    from pairs
),

shares as (
    {{- smoothed_level_shares(comparisons, 'pairs', 'm_probability') }}
),

final as (
    select
        shares.*,
        pair_count.n_known_match_pairs
    from shares
    cross join pair_count
)

select * from final
