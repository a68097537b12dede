with

source as (

    select * from {{ ref('data_normalize_email') }}

),

generated as (

    select generated_rows.* from (
        values
        ('empty string', '', null, null, null, null),
        ('spaces only', '   ', null, null, null, null),
        ('null', null, null, null, null, null),
        ('10 kB address', repeat('a', 10000) || '@acme.com', null, 'too_long', null, null),
        ('10 kB junk', repeat('x', 10240), null, 'too_long', null, null)
    ) as generated_rows (
        case_name, input_value, expected_value, expected_reason, expected_domain, expected_local_part
    )

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
        expected_value,
        expected_reason,
        expected_domain,
        expected_local_part,
        {{ identity_resolution.normalize_email('input_value') }} as actual_value,
        {{ identity_resolution.email_invalid_reason('input_value') }} as actual_reason,
        {{ identity_resolution.email_domain(identity_resolution.normalize_email('input_value')) }}
            as actual_domain,
        {{ identity_resolution.email_local_part(identity_resolution.normalize_email('input_value')) }}
            as actual_local_part

    from inputs

)

select * from final
