with

source as (

    select * from {{ ref('data_email_context') }}

),

generated as (

    select generated_rows.* from (
        values
        (null, null)
    ) as generated_rows (input_value, expected_context)

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        input_value,
        expected_context,
        {{ identity_resolution.email_context('input_value') }} as actual_context

    from inputs

)

select * from final
