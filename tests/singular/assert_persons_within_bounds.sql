-- Every published person is within the person bounds of seeds/identity_bounds.csv, whatever the
-- input: read from dim_persons (independent of the split that enforces the bounds). Returns one
-- row per person and broken bound, and one per bound this test cannot read from dim_persons.
-- (n_person_identifiers: phones, loyalty cards and payment cards of the person, shared ones aside.)
with bounds as (
    select
        measure,
        max_value
    from {{ ref('identity_bounds') }}
    where level = 'person'
),

persons as (
    select
        person_id,
        n_personas,
        n_accounts,
        n_phones + n_loyalty_numbers + n_card_tokens as n_person_identifiers
    from {{ ref('dim_persons') }}
),

broken as (
    select
        persons.person_id,
        bounds.measure,
        bounds.max_value
    from persons
    cross join bounds
    where
        (bounds.measure = 'n_personas' and persons.n_personas > bounds.max_value)
        or (bounds.measure = 'n_accounts' and persons.n_accounts > bounds.max_value)
        or (bounds.measure = 'n_person_identifiers' and persons.n_person_identifiers > bounds.max_value)
),

unreadable as (
    select
        cast(null as {{ dbt.type_string() }}) as person_id,
        measure,
        max_value
    from bounds
    where measure not in ('n_personas', 'n_accounts', 'n_person_identifiers')
)

select * from broken
union all
select * from unreadable
