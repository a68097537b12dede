-- One row per candidate pair of person records with its Fellegi-Sunter score: for each comparison
-- its level and partial weight (log2 m/u from int_identity__probabilistic_parameters; at the exact
-- level of a term-frequency comparison log2 m/tf, the share of records holding the agreed value,
-- so a rare surname agreeing weighs more than a common one; 0 when a side is missing), the match
-- weight (prior log-odds + the partial weights) and the match probability. Answers "why did these
-- two records match"; explain_identity prints it. person_id_a/b are the records' strict persons.
-- person_detail_weight: the partial weights of the person's own details (names, date of birth).
-- is_names_only: no comparison flagged corroborates agrees at its corroborating level (the names,
-- perhaps the city, are all the two records share): namesakes, never linked
-- (int_identity__probable_person_edges).
-- is_household_refused: the household rules hold the two records apart whatever their probability
-- (int_identity__probable_person_edges never joins such a pair; scripts re-clustering at other
-- thresholds read it so that only the threshold moves).
{%- set comparisons = probabilistic_comparisons() %}
{#- The level number of each (comparison, label), e.g. levels['date_of_birth:exact']. -#}
{%- set levels = {} %}
{%- for comparison in comparisons %}
    {%- for level, label in comparison_level_labels(comparison) %}
        {%- do levels.update({comparison['name'] ~ ':' ~ label: level}) %}
    {%- endfor %}
{%- endfor %}
{%- set relatives = [] %}
{%- set relatives_unknown = [] %}
{%- set corroborating = [] %}
{%- for comparison in comparisons if comparison.get('corroborates') %}
    {%- set weakest = comparison['corroborates'] %}
    {%- if weakest is sameas true %}
        {%- do corroborating.append('level_' ~ comparison['name'] ~ ' > 0') %}
    {%- elif (comparison['name'] ~ ':' ~ weakest) in levels %}
        {%- set weakest_level = levels[comparison['name'] ~ ':' ~ weakest] %}
        {%- do corroborating.append('level_' ~ comparison['name'] ~ ' >= ' ~ weakest_level) %}
    {%- else %}
        {{ exceptions.raise_compiler_error("probabilistic_comparisons: comparison " ~ comparison['name'] ~ " corroborates from level '" ~ weakest ~ "', which it does not have") }}
    {%- endif %}
{%- endfor %}
{%- if corroborating | length == 0 %}
    {{ exceptions.raise_compiler_error("probabilistic_comparisons: no comparison is flagged corroborates, so every pair would be names only") }}
{%- endif %}
{%- for comparison in comparisons if comparison.get('tells_relatives_apart') %}
    {%- do relatives.append('level_' ~ comparison['name'] ~ ' = 0') %}
    {%- do relatives_unknown.append('level_' ~ comparison['name'] ~ ' = -1') %}
{%- endfor %}
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

detailed as (
    select
        *,
        -- The person's own details (names, date of birth) taken alone: a probable link needs them
        -- above zero, so that a shared address (a household, a building) never joins two people.
        0.0
        {%- for comparison in comparisons if comparison.get('person_detail') %}
            + weight_{{ comparison['name'] }}
        {%- endfor %} as person_detail_weight
    from scored
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
        person_detail_weight,
        -- Namesakes (docs/identity-rules.md, "Probable persons"): names, however rare, are not
        -- one person unless a date of birth, an address or a contact agrees as well.
        case
            when {{ corroborating | join(' or ') }} then false
            else true
        end as is_names_only,
        -- The household rules (docs/identity-rules.md, "Probable persons"): the person's own
        -- details do not support the match on their own; or every detail that tells relatives
        -- at one address apart disagrees; or none of them can be compared (each missing on a
        -- side: a surname and a place are all a person shares with a relative); or a first or
        -- last name differs entirely (level 0: not a typo, not the two names swapped) without the
        -- same full date of birth to vouch for it (a spouse, a child or a flatmate at one address
        -- shares everything else).
        (
            person_detail_weight <= 0
            {%- if relatives | length > 0 %}
                or ({{ relatives | join(' and ') }})
                or ({{ relatives_unknown | join(' and ') }})
            {%- endif %}
            or (level_first_name = 0 and level_date_of_birth < {{ levels['date_of_birth:exact'] }})
            or (
                level_last_name = 0
                and level_first_name != {{ levels['first_name:swapped_with_last_name'] }}
                and level_date_of_birth < {{ levels['date_of_birth:exact'] }}
            )
        ) as is_household_refused
    from detailed
)

select * from final
