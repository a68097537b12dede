-- A retired key is published nowhere any more, and the key it points at is a published persona or
-- person key (erased persons included: their aliases are dropped).
with aliases as (
    select * from {{ ref('identity_key_aliases') }}
),

published as (
    select
        persona_id as key_id,
        'persona' as resolution_level
    from {{ ref('dim_personas') }}
    union all
    select
        person_id as key_id,
        'person' as resolution_level
    from {{ ref('dim_persons') }}
)

select
    aliases.retired_id,
    aliases.current_id,
    'retired key still published' as problem
from aliases
inner join published
    on aliases.retired_id = published.key_id
union all
select
    aliases.retired_id,
    aliases.current_id,
    'points at a key that is not published' as problem
from aliases
left join published
    on aliases.current_id = published.key_id and aliases.resolution_level = published.resolution_level
where published.key_id is null
