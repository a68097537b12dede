with

source as (

    select * from {{ ref('data_text_utils') }}

),

generated as (

    select generated_rows.* from (
        values
        ('', '', null, 'd41d8cd98f00b204e9800998ecf8427e'),
        ('   ', '   ', null, '628631f07321b22d8c176c200c855e1b'),
        (null, null, null, null)
    ) as generated_rows (
        input_value, expected_strip_accents, expected_clean_text, expected_hash_key
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
        expected_strip_accents,
        expected_clean_text,
        expected_hash_key,
        {{ identity_resolution.strip_accents_sql('input_value') }} as actual_strip_accents,
        {{ identity_resolution.clean_text('input_value') }} as actual_clean_text,
        {{ identity_resolution.hash_key('input_value') }} as actual_hash_key

    from inputs

)

select * from final
