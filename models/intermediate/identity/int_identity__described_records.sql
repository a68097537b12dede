-- One row per source record that describes a person (a CRM account, a loyalty member, a booking
-- guest with an email or phone), with the details it states as typed and cleaned by staging: name
-- match keys, date of birth and its parts, street, city, postal code, email, phone, and the
-- identity-graph node it belongs to. Read by the holder rule (int_identity__person_holder_cuts:
-- do two records describe two people?) and by the probable level (int_identity__person_records),
-- so each record is keyed and hashed once per run. No graph state: every record is here, whatever
-- its node's person.
with accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

loyalty_members as (
    select * from {{ ref('stg_loyalty__members') }}
),

booking_guests as (
    select * from {{ ref('stg_travel__booking_guests') }}
),

described as (
    select
        'crm_accounts' as source_table,
        {{ keyed_hash("'crm_accounts|' || account_id") }} as record_key,
        {{ identifier_node("'account_id'", 'account_id') }} as node,
        first_name_key as first_name,
        last_name_key as last_name,
        date_of_birth,
        street,
        city,
        postal_code,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as phone
    from accounts
    union all
    select
        'loyalty_members' as source_table,
        {{ keyed_hash("'loyalty_members|' || loyalty_number") }} as record_key,
        {{ identifier_node("'loyalty_number'", 'loyalty_number') }} as node,
        first_name_key as first_name,
        last_name_key as last_name,
        date_of_birth,
        street,
        city,
        postal_code,
        email,
        phone
    from loyalty_members
    union all
    -- A guest is known by the email typed for them, else the phone.
    select
        'booking_guests' as source_table,
        {{ keyed_hash("'booking_guests|' || booking_guest_id") }} as record_key,
        case
            when email is not null then {{ identifier_node("'email'", 'email') }}
            else {{ identifier_node("'phone'", 'phone') }}
        end as node,
        {{ name_match_key('first_name') }} as first_name,
        {{ name_match_key('last_name') }} as last_name,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as street,
        cast(null as {{ dbt.type_string() }}) as city,
        cast(null as {{ dbt.type_string() }}) as postal_code,
        email,
        phone
    from booking_guests
    where email is not null or phone is not null
),

final as (
    select
        source_table,
        record_key,
        node,
        first_name,
        last_name,
        date_of_birth,
        cast(extract(year from date_of_birth) as integer) as birth_year,
        cast(extract(month from date_of_birth) as integer) as birth_month,
        cast(extract(day from date_of_birth) as integer) as birth_day,
        street,
        city,
        postal_code,
        email,
        phone
    from described
)

select * from final
