with

streets as (

    select * from {{ ref('data_normalize_street') }}

),

postal_codes as (

    select * from {{ ref('data_normalize_postal_code') }}

),

countries as (

    select * from {{ ref('data_normalize_country') }}

),

generated as (

    select generated_rows.* from (
        values
        ('street', '', null),
        ('street', '   ', null),
        ('street', null, null),
        ('street', repeat('Long Street ', 854), trim(repeat('long st ', 854))),
        ('postal_code', '', null),
        ('postal_code', null, null),
        ('country', '', null),
        ('country', '   ', null),
        ('country', null, null),
        ('country', repeat('Germany ', 1280), null)
    ) as generated_rows (part, input_value, expected_value)

),

cases as (

    select
        'street' as part,
        input_value,
        expected_street as expected_value
    from streets

    union all

    select
        'postal_code' as part,
        input_value,
        expected_postal_code as expected_value
    from postal_codes

    union all

    select
        'country' as part,
        input_value,
        expected_country as expected_value
    from countries

    union all

    select
        part,
        input_value,
        expected_value
    from generated

),

final as (

    select
        part,
        input_value,
        expected_value,
        case part
            when 'street' then {{ identity_resolution.normalize_street('input_value') }}
            when 'postal_code' then {{ identity_resolution.normalize_postal_code('input_value') }}
            when 'country' then {{ identity_resolution.normalize_country('input_value') }}
        end as actual_value

    from cases

)

select * from final
