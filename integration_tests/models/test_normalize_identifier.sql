with

source as (

    select * from {{ ref('data_normalize_identifier') }}

),

identifier_types as (

    select identifier_type_rows.* from (
        values
        ('email'), ('phone'), ('account_id'), ('anonymous_id'),
        ('device_id'), ('esp_record_id'), ('loyalty_number'), ('card_token')
    ) as identifier_type_rows (identifier_type)

),

blank_and_huge as (

    select blank_and_huge_rows.* from (
        values
        ('', false),
        ('   ', false),
        (null, false),
        (repeat('9', 10240), true)
    ) as blank_and_huge_rows (input_value, is_huge)

),

generated as (

    select
        identifier_types.identifier_type,
        blank_and_huge.input_value,
        cast(null as varchar) as expected_value,
        case
            -- a phone has no length cap of its own: 10 kB of one digit is a placeholder
            when blank_and_huge.is_huge and identifier_types.identifier_type = 'phone' then 'placeholder'
            when blank_and_huge.is_huge then 'too_long'
        end as expected_reason

    from identifier_types
    cross join blank_and_huge

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        identifier_type,
        input_value,
        expected_value,
        expected_reason,
        case identifier_type
            {%- for identifier_type in identity_resolution.identifier_types() %}
                when '{{ identifier_type }}'
                    then {{ identity_resolution.normalize_identifier(identifier_type, 'input_value') }}
            {%- endfor %}
        end as actual_value,
        case identifier_type
            {%- for identifier_type in identity_resolution.identifier_types() %}
                when '{{ identifier_type }}'
                    then {{ identity_resolution.identifier_invalid_reason(identifier_type, 'input_value') }}
            {%- endfor %}
        end as actual_reason

    from inputs

)

select * from final
