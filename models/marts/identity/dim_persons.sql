-- One row per person: personas joined by person-level evidence, with how many personas, accounts,
-- devices and contact points they hold. The personas inside stay separate (see dim_personas).
-- person_probable_id: the probable person it belongs to (see int_identity__probable_persons).
with identity_map as (
    select * from {{ ref('identity_map') }}
),

personas as (
    select * from {{ ref('dim_personas') }}
),

erased as (
    select distinct person_id from {{ ref('int_privacy__erased_nodes') }}
    where person_id is not null
),

persons as (
    select distinct persons.person_id
    from {{ ref('int_identity__persons') }} as persons
    left join erased
        on persons.person_id = erased.person_id
    where erased.person_id is null
),

probable_persons as (
    select * from {{ ref('int_identity__probable_persons') }}
),

persona_counts as (
    select
        person_id,
        count(*) as n_personas,
        count(case when account_id is not null then 1 end) as n_accounts,
        count(case when context = 'business' then 1 end) as n_business_personas,
        count(case when context = 'personal' then 1 end) as n_personal_personas
    from personas
    group by person_id
),

identifier_counts as (
    select
        person_id,
        count(case when identifier_type in ('anonymous_id', 'device_id') then 1 end) as n_devices,
        count(case when identifier_type = 'email' then 1 end) as n_emails,
        count(case when identifier_type = 'phone' then 1 end) as n_phones,
        count(case when identifier_type = 'loyalty_number' then 1 end) as n_loyalty_numbers,
        count(case when identifier_type = 'card_token' then 1 end) as n_card_tokens,
        count(*) as n_identifiers,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at
    from identity_map
    where person_id is not null
    group by person_id
),

final as (
    select
        persons.person_id,
        probable_persons.person_probable_id,
        coalesce(persona_counts.n_personas, 0) as n_personas,
        coalesce(persona_counts.n_accounts, 0) as n_accounts,
        coalesce(persona_counts.n_business_personas, 0) as n_business_personas,
        coalesce(persona_counts.n_personal_personas, 0) as n_personal_personas,
        coalesce(identifier_counts.n_devices, 0) as n_devices,
        coalesce(identifier_counts.n_emails, 0) as n_emails,
        coalesce(identifier_counts.n_phones, 0) as n_phones,
        coalesce(identifier_counts.n_loyalty_numbers, 0) as n_loyalty_numbers,
        coalesce(identifier_counts.n_card_tokens, 0) as n_card_tokens,
        coalesce(identifier_counts.n_identifiers, 0) as n_identifiers,
        identifier_counts.first_seen_at,
        identifier_counts.last_seen_at
    from persons
    left join persona_counts
        on persons.person_id = persona_counts.person_id
    left join identifier_counts
        on persons.person_id = identifier_counts.person_id
    left join probable_persons
        on persons.person_id = probable_persons.person_id
)

select * from final
