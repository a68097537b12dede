-- A shared identifier has no persona and no person.
select
    identifier_type,
    identifier_value
from {{ ref('identity_map') }}
where is_shared and (persona_id is not null or person_id is not null)
