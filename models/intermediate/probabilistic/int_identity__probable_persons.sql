-- One row per strict person with its probable person: the connected component of strict persons
-- joined by above-threshold person-record pairs. person_probable_id is 'ppr_' + hash of the
-- component's smallest strict person key: a strict person with no such pair gets a key derived from
-- its own person_id, and the same input gives the same keys.
with components as (
    select * from {{ ref('int_identity__probable_person_components') }}
),

final as (
    select
        node as person_id,
        {{ identity_key('ppr_', 'component_node') }} as person_probable_id,
        count(*) over (partition by component_node) as n_strict_persons
    from components
)

select * from final
