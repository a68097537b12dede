-- One row per persona: an account context (work, personal, side business) with its account, emails
-- and devices, and the person it belongs to.
with personas as (
    select * from {{ ref('int_identity__personas') }}
    where persona_id is not null
),

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

identifier_values as (
    select * from {{ ref('int_identity__identifier_values') }}
),

erased as (
    select distinct person_id from {{ ref('int_privacy__erased_nodes') }}
    where person_id is not null
),

account_contexts as (
    select * from {{ ref('int_identity__account_contexts') }}
),

persons as (
    select * from {{ ref('int_identity__persons') }}
),

devices as (
    select * from {{ ref('int_identity__devices') }}
),

members as (
    select
        personas.persona_id,
        identifiers.identifier_type,
        identifier_values.identifier_value,
        identifiers.node,
        identifiers.email_context,
        identifiers.first_seen_at,
        identifiers.last_seen_at,
        row_number() over (
            partition by personas.persona_id, identifiers.identifier_type
            order by identifiers.first_seen_at nulls last, identifier_values.identifier_value
        ) as rank_in_type
    from personas
    inner join identifiers
        on personas.node = identifiers.node
    inner join identifier_values
        on personas.node = identifier_values.node
),

aggregated as (
    select
        persona_id,
        max(case when identifier_type = 'account_id' then identifier_value end) as account_id,
        max(case when identifier_type = 'account_id' then node end) as account_node,
        max(
            case when identifier_type = 'email' and rank_in_type = 1 then identifier_value end
        ) as first_email,
        count(case when identifier_type = 'email' then 1 end) as n_emails,
        count(case when identifier_type = 'esp_record_id' then 1 end) as n_esp_records,
        -- A role inbox on a single account (a side business's hello@) marks a business context.
        count(case when email_context in ('business', 'role') then 1 end) as n_business_emails,
        count(case when email_context = 'personal' then 1 end) as n_personal_emails,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at
    from members
    group by persona_id
),

device_counts as (
    select
        persona_id,
        count(*) as n_devices
    from devices
    where persona_id is not null
    group by persona_id
),

final as (
    select
        aggregated.persona_id,
        persons.person_id,
        aggregated.account_id,
        case
            when account_contexts.context in ('business', 'personal') then account_contexts.context
            when aggregated.n_business_emails > 0 and aggregated.n_personal_emails = 0 then 'business'
            when aggregated.n_personal_emails > 0 and aggregated.n_business_emails = 0 then 'personal'
            else 'unknown'
        end as context,
        aggregated.first_email,
        aggregated.n_emails,
        aggregated.n_esp_records,
        coalesce(device_counts.n_devices, 0) as n_devices,
        aggregated.first_seen_at,
        aggregated.last_seen_at
    from aggregated
    left join account_contexts
        on aggregated.account_node = account_contexts.account_node
    left join persons
        on persons.graph_node = {{ persona_graph_node('aggregated.persona_id') }}
    left join device_counts
        on aggregated.persona_id = device_counts.persona_id
    left join erased
        on persons.person_id = erased.person_id
    where erased.person_id is null
)

select * from final
