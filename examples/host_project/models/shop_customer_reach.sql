-- The host's own model on top of the package's marts: how many persons, personas and devices
-- the identity map resolves, per identifier type.
select
    identifier_type,
    count(*) as n_identifiers,
    count(distinct person_id) as n_persons,
    count(distinct persona_id) as n_personas,
    count(distinct device_id) as n_devices
from {{ ref('identity_resolution', 'identity_map') }}
group by identifier_type
