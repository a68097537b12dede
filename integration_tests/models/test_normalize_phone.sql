with

source as (

    select * from {{ ref('data_normalize_phone') }}

),

generated as (

    select generated_rows.* from (
        values
        ('empty string', '', 'US', null, null),
        ('spaces only', '  ', null, null, null),
        ('null', null, 'GB', null, null),
        ('10 kB of one digit', repeat('4', 10240), null, null, 'placeholder'),
        ('10 kB of a number', '+' || repeat('12', 5120), null, null, 'invalid_length'),
        ('10 kB of text', repeat('call me ', 1280), null, null, 'not_a_number')
    ) as generated_rows (case_name, input_value, country, expected_value, expected_reason)

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        case_name,
        input_value,
        country,
        expected_value,
        expected_reason,
        {{ identity_resolution.normalize_phone('input_value', 'country') }} as actual_value,
        {{ identity_resolution.phone_invalid_reason('input_value', 'country') }} as actual_reason

    from inputs

)

select * from final
