with

source as (

    select * from {{ ref('data_regex') }}

),

generated as (

    select generated_rows.* from (
        values
        (null, null, null, null, null, null, null)
    ) as generated_rows (
        input_value, expected_is_digits, expected_first_number, expected_dots_to_dashes,
        expected_swapped, expected_has_quote, expected_squished
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
        expected_is_digits,
        expected_first_number,
        expected_dots_to_dashes,
        expected_swapped,
        expected_has_quote,
        expected_squished,
        cast({{ identity_resolution.regex_matches('input_value', '^[0-9]+$') }} as varchar) as actual_is_digits,
        {#- The pattern may also be passed already written as a SQL literal. #}
        cast({{ identity_resolution.regex_matches('input_value', "'^[0-9]+$'") }} as varchar)
            as actual_is_digits_quoted_pattern,
        {{ identity_resolution.regex_extract('input_value', '([0-9]+)') }} as actual_first_number,
        {{ identity_resolution.regex_replace_all('input_value', '[.]', '-') }} as actual_dots_to_dashes,
        {{ identity_resolution.regex_replace_all('input_value', '^([a-z]+)-([0-9]+)$', '$2-$1') }} as actual_swapped,
        cast({{ identity_resolution.regex_matches('input_value', "'") }} as varchar) as actual_has_quote,
        {{ identity_resolution.regex_replace_all('input_value', '[[:space:]]+', ' ') }} as actual_squished

    from inputs

)

select * from final
