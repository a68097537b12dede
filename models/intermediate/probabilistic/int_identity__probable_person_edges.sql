-- The edges of the probable person graph: two strict persons whose person records score a match
-- probability at or above the var probable_match_threshold whose names and date of birth support
-- the match on their own (person_detail_weight > 0: an address shared by a household or a building
-- is no person evidence) and whose first name and date of birth do not both disagree (relatives at
-- one address), with their best pair's probability, plus a self-edge
-- per strict person, so that one with no such pair is a probable person of its own. The nodes are
-- strict persons: a probable link can only join whole strict persons, never split one, never
-- touch a persona, and never feeds back into the strict levels.
{#- The level number of each (comparison, label), e.g. levels['date_of_birth:exact']. -#}
{%- set levels = {} %}
{%- for comparison in probabilistic_comparisons() %}
    {%- for level, label in comparison_level_labels(comparison) %}
        {%- do levels.update({comparison['name'] ~ ':' ~ label: level}) %}
    {%- endfor %}
{%- endfor %}
with pairs as (
    select * from {{ ref('int_identity__person_record_pairs') }}
    where
        match_probability >= {{ var('probable_match_threshold') }}
        and person_detail_weight > 0
        {%- set relatives = [] %}
        {%- for comparison in probabilistic_comparisons() if comparison.get('tells_relatives_apart') %}
            {%- do relatives.append('level_' ~ comparison['name'] ~ ' = 0') %}
        {%- endfor %}
        {%- if relatives | length > 0 %}
            and not ({{ relatives | join(' and ') }})
        {%- endif %}
        -- A first or last name that differs entirely (level 0: not a typo, not the two names
        -- swapped) is a different person unless the same full date of birth says otherwise: a
        -- spouse, a child or a flatmate at one address shares everything else.
        and not (level_first_name = 0 and level_date_of_birth < {{ levels['date_of_birth:exact'] }})
        and not (
            level_last_name = 0
            and level_first_name != {{ levels['first_name:swapped_with_last_name'] }}
            and level_date_of_birth < {{ levels['date_of_birth:exact'] }}
        )
),

persons as (
    select * from {{ ref('int_identity__persons') }}
),

final as (
    select
        least(person_id_a, person_id_b) as node_a,
        greatest(person_id_a, person_id_b) as node_b,
        max(match_probability) as match_probability
    from pairs
    where person_id_a != person_id_b
    group by least(person_id_a, person_id_b), greatest(person_id_a, person_id_b)
    union all
    select distinct
        person_id as node_a,
        person_id as node_b,
        cast(null as {{ type_double() }}) as match_probability
    from persons
)

select * from final
