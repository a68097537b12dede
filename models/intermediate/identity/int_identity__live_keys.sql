-- One row per persona or person key that some identifier resolves to after this run, erased
-- persons left out: the keys dashboards can hold now (the key-alias mart retires the others).
with kept as (
    select * from {{ ref('int_identity__node_keys') }}
    where not is_erased
),

final as (
    select persona_id as live_id
    from kept
    where persona_id is not null
    union
    select person_id as live_id
    from kept
    where person_id is not null
)

select * from final
