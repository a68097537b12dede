with

source as (

    select * from {{ ref('data_names') }}

),

generated as (

    select generated_rows.* from (
        values
        ('empty string', '', null, null),
        ('null', null, null, null),
        ('tab and newline inside', 'Jane' || chr(9) || chr(10) || 'Doe', 'Jane Doe', 'janedoe'),
        ('200 characters is fine', repeat('a', 200), repeat('a', 200), repeat('a', 200)),
        ('201 characters is too long', repeat('a', 201), null, repeat('a', 201)),
        ('10 kB', repeat('Ab ', 3414), null, repeat('ab', 3414))
    ) as generated_rows (case_name, input_value, expected_name, expected_match_key)

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
        expected_name,
        expected_match_key,
        {{ identity_resolution.normalize_name('input_value') }} as actual_name,
        {{ identity_resolution.name_match_key('input_value') }} as actual_match_key

    from inputs

)

select * from final
