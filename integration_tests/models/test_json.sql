with

source as (

    select * from {{ ref('data_json') }}

),

generated as (

    select generated_rows.* from (
        values
        (null, null, null),
        ('{"email": "' || repeat('a', 10240) || '@x.com"}', repeat('a', 10240) || '@x.com', 'true'),
        ('{"email": "' || repeat('a', 10240), null, 'false')
    ) as generated_rows (
        input_value, expected_email, expected_is_valid
    )

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        input_value,
        expected_email,
        expected_is_valid,
        {{ identity_resolution.safe_json_text('input_value', 'email') }} as actual_email,
        cast({{ identity_resolution.is_valid_json('input_value') }} as varchar) as actual_is_valid

    from inputs

)

select * from final
