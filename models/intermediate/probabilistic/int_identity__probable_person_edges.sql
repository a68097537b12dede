-- The edges of the probable person graph: two strict persons whose person records score a match
-- probability at or above the var probable_match_threshold on a pair the household rules do not
-- refuse (is_household_refused of int_identity__person_record_pairs: an address shared by a
-- household or a building is no person evidence; relatives at one address differ on their first
-- name or date of birth) and that is not names only (is_names_only: namesakes), with their best
-- pair's probability, plus a self-edge
-- per strict person, so that one with no such pair is a probable person of its own. The nodes are
-- strict persons: a probable link can only join whole strict persons, never split one, never
-- touch a persona, and never feeds back into the strict levels.
with pairs as (
    select * from {{ ref('int_identity__person_record_pairs') }}
    where
        match_probability >= {{ var('probable_match_threshold') }}
        and not is_household_refused
        and not is_names_only
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
