-- One row per node of the person graph (a persona or a person-scope identifier) with what it adds
-- to the size of a person: the measures that seeds/identity_bounds.csv bounds at person level
-- (a column per measure; a bound names its column). Summed over a component by
-- int_identity__person_bounded_components.
with person_nodes as (
    select * from {{ ref('int_identity__person_nodes') }}
    where shared_reason is null
),

final as (
    select
        graph_node as node,
        max(case when persona_id is not null then 1 else 0 end) as n_personas,
        max(case when identifier_type = 'account_id' then 1 else 0 end) as n_accounts,
        max(case when identifier_type = 'name_dob_address' then 1 else 0 end) as n_name_dob_keys,
        -- A person-scope identifier (phone, loyalty card, payment card) stands for itself in the
        -- person graph; a persona's members are counted by n_personas.
        max(
            case when persona_id is null and identifier_type != 'name_dob_address' then 1 else 0 end
        ) as n_person_identifiers
    from person_nodes
    group by graph_node
)

select * from final
