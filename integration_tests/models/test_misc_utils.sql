{%- set personal_domains = ref('identity_resolution', 'personal_email_domains') -%}

with

checks as (

    select
        'as_of_date is the var' as check_name,
        cast({{ identity_resolution.as_of_date() }} as varchar) as actual_value,
        '2026-01-15' as expected_value

    union all

    select
        'try_cast_as converts' as check_name,
        cast({{ identity_resolution.try_cast_as("'2024-05-01'", 'date') }} as varchar) as actual_value,
        '2024-05-01' as expected_value

    union all

    select
        'try_cast_as gives null instead of failing' as check_name,
        cast({{ identity_resolution.try_cast_as("'2024-02-30'", 'date') }} as varchar) as actual_value,
        null as expected_value

    union all

    select
        'string_literal escapes quotes' as check_name,
        {{ identity_resolution.string_literal("it's a \"test\"") }} as actual_value,
        'it''s a "test"' as expected_value

    union all

    select
        'sql_value_list' as check_name,
        cast('b''c' in {{ identity_resolution.sql_value_list(['a', "b'c"]) }} as varchar) as actual_value,
        'true' as expected_value

    union all

    select
        'value_in_relation finds a seed value' as check_name,
        cast({{ identity_resolution.value_in_relation("'gmail.com'", personal_domains, 'domain') }} as varchar)
            as actual_value,
        'true' as expected_value

    union all

    select
        'value_in_relation misses' as check_name,
        cast({{ identity_resolution.value_in_relation("'acme.com'", personal_domains, 'domain') }} as varchar)
            as actual_value,
        'false' as expected_value

),

final as (

    select * from checks

)

select * from final
