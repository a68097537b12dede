-- The strict persons whose nodes make the known-match graphs: a seeded sample of
-- probabilistic_known_match_sample_persons of them (var probabilistic_known_match_sample_seed;
-- every person when there are fewer). The known matches estimate a few dozen level shares, which a
-- sample measures as well as every person does, so the graphs stop growing with the business.
-- sample_share (the same on every row) is the sampled persons' share of all strict persons:
-- int_identity__probabilistic_parameters divides the sample's known-match pairs by it for the prior.
with node_keys as (
    select * from {{ ref('int_identity__node_keys') }}
    where person_id is not null and not is_erased
),

persons as (
    select distinct person_id
    from node_keys
),

sampled as (
    select person_id
    from persons
    order by {{ hash_key("'" ~ var('probabilistic_known_match_sample_seed') ~ "|' || person_id") }}
    limit {{ var('probabilistic_known_match_sample_persons') }}
),

counts as (
    select
        (select cast(count(*) as {{ type_double() }}) from sampled)
        / nullif((select cast(count(*) as {{ type_double() }}) from persons), 0) as sample_share
),

final as (
    select
        sampled.person_id,
        counts.sample_share
    from sampled
    cross join counts
)

select * from final
