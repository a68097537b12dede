with

source as (

    select * from {{ ref('data_parse_date') }}

),

generated as (

    select generated_rows.* from (
        values
        (null, null, null, null),
        ('', null, null, null),
        (repeat('2024-05-01', 1024), null, 'unparsable', null)
    ) as generated_rows (input_value, expected_date, expected_reason, expected_birth_date)

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        input_value,
        cast(expected_date as date) as expected_date,
        expected_reason,
        cast(expected_birth_date as date) as expected_birth_date,
        {{ identity_resolution.parse_date('input_value') }} as actual_date,
        {{ identity_resolution.date_invalid_reason('input_value') }} as actual_reason,
        {{ identity_resolution.plausible_birth_date(identity_resolution.parse_date('input_value')) }}
            as actual_birth_date

    from inputs

)

select * from final
