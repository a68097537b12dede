-- One row per CRM account. Rows that cannot be staged are in quarantined_records.
with base as (
    select * from {{ ref('base_crm__accounts') }}
),

final as (
    select
        account_id,
        created_at,
        first_name,
        last_name,
        first_name_key,
        last_name_key,
        company_name,
        date_of_birth,
        date_of_birth_invalid_reason,
        street,
        city,
        postal_code,
        country,
        _loaded_at
    from base
    where quarantine_reason is null
)

select * from final
