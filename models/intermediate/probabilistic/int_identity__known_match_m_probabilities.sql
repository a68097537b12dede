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

level_counts as (
    {%- for comparison in comparisons %}
        select
            {{ string_literal(comparison['name']) }} as comparison_name,
            level_{{ comparison['name'] }} as comparison_level,
            cast(count(*) as bigint) as n_pairs
        from pairs
        where level_{{ comparison['name'] }} >= 0
        group by level_{{ comparison['name'] }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

levels as (
    {%- for comparison in comparisons %}
        {%- set outer = loop %}
        {%- for level, label in comparison_level_labels(comparison) if level >= 0 %}
            select
                {{ string_literal(comparison['name']) }} as comparison_name,
                {{ level }} as comparison_level,
                {{ string_literal(label) }} as level_label
            {%- if not (outer.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
),

final as (
    select
        levels.comparison_name,
        levels.comparison_level,
        levels.level_label,
        coalesce(level_counts.n_pairs, 0) as n_pairs,
        cast(coalesce(level_counts.n_pairs, 0) + 1 as {{ type_double() }})
        / (
            coalesce(sum(level_counts.n_pairs) over (partition by levels.comparison_name), 0)
            + count(*) over (partition by levels.comparison_name)
        ) as m_probability,
        pair_count.n_known_match_pairs
    from levels
    cross join pair_count
    left join level_counts
        on
            levels.comparison_name = level_counts.comparison_name
            and levels.comparison_level = level_counts.comparison_level
)

select * from final
