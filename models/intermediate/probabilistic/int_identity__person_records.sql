-- The similarity functions the comparisons downstream need on engines that lack them (PostgreSQL).
{{ config(pre_hook="{{ identity_resolution.string_similarity_setup() }}") }}

-- One row per source record that describes a person (int_identity__described_records: a CRM
-- account, a loyalty member, a booking guest) with the comparison fields of probabilistic linking:
-- name match keys and their phonetic keys, date of birth (blank or impossible -> NULL: missing, the
-- record stays), street number apart from street name, city, postal code, email local part, phone.
-- Each record keeps the identity-graph node it belongs to and that node's strict person; records
-- of shared or erased identifiers (no person) take no part. tf_* is the share of records holding
-- the same value.
with described as (
    select * from {{ ref('int_identity__described_records') }}
),

node_keys as (
    select * from {{ ref('int_identity__node_keys') }}
    where person_id is not null and not is_erased
),

-- The street number is the first word made of digits (with an optional letter: 12b).
fields as (
    select
        described.source_table,
        described.record_key,
        described.node,
        node_keys.person_id,
        described.first_name,
        described.last_name,
        described.date_of_birth,
        described.birth_year,
        described.birth_month,
        described.birth_day,
        {{ regex_extract('described.street', '(^| )([0-9]+[a-z]?)( |$)', 2) }} as street_number,
        nullif(trim({{ regex_replace_all('described.street', '(^| )[0-9]+[a-z]?( |$)', ' ') }}), '') as street_name,
        lower({{ strip_accents_sql('described.city') }}) as city,
        described.postal_code,
        nullif({{ dbt.split_part('described.email', "'@'", 1) }}, '') as email_local_part,
        described.phone
    from described
    inner join node_keys
        on described.node = node_keys.node
),

-- Each distinct value is keyed once (phonetic key, term frequency: the share of records with the
-- column known that hold this value) and joined back, rather than once per record.
{%- for column in ['first_name', 'last_name', 'postal_code', 'city'] %}

    {{ column }}_values as (
        select
            {{ column }},
            {%- if column in ['first_name', 'last_name'] %}
                {{ phonetic_key(column) }} as {{ column }}_phonetic,
            {%- endif %}
            cast(count(*) as {{ type_double() }}) / sum(count(*)) over () as tf_{{ column }}
        from fields
        where {{ column }} is not null
        group by {{ column }}
    ),
{%- endfor %}

keyed as (
    select
        fields.*,
        first_name_values.first_name_phonetic,
        last_name_values.last_name_phonetic,
        first_name_values.tf_first_name,
        last_name_values.tf_last_name,
        postal_code_values.tf_postal_code,
        city_values.tf_city
    from fields
    left join first_name_values
        on fields.first_name = first_name_values.first_name
    left join last_name_values
        on fields.last_name = last_name_values.last_name
    left join postal_code_values
        on fields.postal_code = postal_code_values.postal_code
    left join city_values
        on fields.city = city_values.city
),

final as (
    select
        source_table,
        record_key,
        node,
        person_id,
        first_name,
        last_name,
        first_name_phonetic,
        last_name_phonetic,
        -- Both phonetic keys in alphabetical order: the same for a record whose first and last
        -- names were typed the other way round (a blocking key; the comparison has its level).
        case
            when first_name_phonetic is not null and last_name_phonetic is not null
                then
                    least(first_name_phonetic, last_name_phonetic) || ' '
                    || greatest(first_name_phonetic, last_name_phonetic)
        end as names_phonetic_either_order,
        -- Both initials in alphabetical order (a blocking key beside the date of birth, the same
        -- whichever way round the names were typed).
        case
            when first_name is not null and last_name is not null
                then
                    least(substr(first_name, 1, 1), substr(last_name, 1, 1))
                    || greatest(substr(first_name, 1, 1), substr(last_name, 1, 1))
        end as initials_either_order,
        substr(first_name, 1, 1) as first_name_initial,
        substr(last_name, 1, 1) as last_name_initial,
        date_of_birth,
        birth_year,
        birth_month,
        birth_day,
        street_number,
        street_name,
        city,
        postal_code,
        email_local_part,
        phone,
        substr(phone, greatest(length(phone) - 5, 1)) as phone_suffix,
        tf_first_name,
        tf_last_name,
        tf_postal_code,
        tf_city
    from keyed
)

select * from final
