-- One row per candidate pair of person records with its Fellegi-Sunter score: for each comparison
-- its level and partial weight (log2 m/u from int_identity__probabilistic_parameters; at the exact
-- level of a term-frequency comparison log2 m/tf, the share of records holding the agreed value,
-- so a rare surname agreeing weighs more than a common one; 0 when a side is missing), the match
-- weight (prior log-odds + the partial weights) and the match probability. Answers "why did these
-- two records match"; explain_identity prints it. person_id_a/b are the records' strict persons.
-- person_detail_weight: the partial weights of the person's own details (names, date of birth).
{%- set comparisons = probabilistic_comparisons() %}
with comparisons as (
    select * from {{ ref('int_identity__person_record_comparisons') }}
),

parameters as (
    select * from {{ ref('int_identity__probabilistic_parameters') }}
),

prior as (
    select partial_weight as prior_weight
    from parameters
    where comparison_name = 'prior'
),

-- The smallest share a value can have: one record in all of them.
record_count as (
    select cast(count(*) as {{ type_double() }}) as n_records
    from {{ ref('int_identity__person_records') }}
),

weighed as (
    select
        comparisons.record_key_a,
        comparisons.record_key_b,
        comparisons.person_id_a,
        comparisons.person_id_b,
        comparisons.source_table_a,
        comparisons.source_table_b,
        comparisons.blocking_rule,
        {%- for comparison in comparisons %}
            {%- set name = comparison['name'] %}
            comparisons.level_{{ name }},
            case
                when comparisons.level_{{ name }} < 0 then 0.0
                {%- if comparison['tf'] %}
                    when parameters_{{ name }}.has_term_frequency
                        then ln(
                            parameters_{{ name }}.m_probability
                            / greatest(comparisons.{{ comparison['tf'] }}, 1.0 / record_count.n_records)
                        ) / ln(2.0)
                {%- endif %}
                else parameters_{{ name }}.partial_weight
            end as weight_{{ name }},
        {%- endfor %}
        prior.prior_weight
    from comparisons
    cross join prior
    cross join record_count
    {%- for comparison in comparisons %}
        left join parameters as parameters_{{ comparison['name'] }}
            on
                parameters_{{ comparison['name'] }}.comparison_name = {{ string_literal(comparison['name']) }}
                and comparisons.level_{{ comparison['name'] }} = parameters_{{ comparison['name'] }}.comparison_level
    {%- endfor %}
),

scored as (
    select
        *,
        prior_weight
        {%- for comparison in comparisons %}
            + weight_{{ comparison['name'] }}
        {%- endfor %} as match_weight
    from weighed
),

final as (
    select
        record_key_a,
        record_key_b,
        person_id_a,
        person_id_b,
        source_table_a,
        source_table_b,
        blocking_rule,
        {%- for comparison in comparisons %}
            level_{{ comparison['name'] }},
            weight_{{ comparison['name'] }},
        {%- endfor %}
        prior_weight,
        match_weight,
        1.0 / (1.0 + power(2.0, -match_weight)) as match_probability,
        -- The person's own details (names, date of birth) taken alone: a probable link needs them
        -- above zero, so that a shared address (a household, a building) never joins two people.
        0.0
        {%- for comparison in comparisons if comparison.get('person_detail') %}
            + weight_{{ comparison['name'] }}
        {%- endfor %} as person_detail_weight
    from scored
)

select * from final
