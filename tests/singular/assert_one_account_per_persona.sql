-- Two accounts never share a persona (the per-persona limit of account_id).
with personas as (
    select * from {{ ref('int_identity__personas') }}
)

select
    persona_id,
    count(*) as n_accounts
from personas
where identifier_type = 'account_id' and persona_id is not null
group by persona_id
having count(*) > 1
