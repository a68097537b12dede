-- Business and personal contexts never fuse: no persona holds both a business and a personal email.
with identity_map as (
    select * from {{ ref('identity_map') }}
),

emails as (
    select
        persona_id,
        {{ email_context('identifier_value') }} as email_context
    from identity_map
    where identifier_type = 'email' and persona_id is not null
)

select persona_id
from emails
group by persona_id
having
    sum(case when email_context = 'business' then 1 else 0 end) > 0
    and sum(case when email_context = 'personal' then 1 else 0 end) > 0
