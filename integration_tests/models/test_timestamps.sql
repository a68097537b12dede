-- Built in a session whose time zone is Europe/Berlin (profiles.yml): no offset must still mean UTC.
with

source as (

    select * from {{ ref('data_parse_timestamp') }}

),

generated as (

    select generated_rows.* from (
        values
        (null, null, null),
        ('   ', null, null),
        ('2026-03-01T10:00:00' || repeat('0', 10240) || 'Z', null, 'unparsable')
    ) as generated_rows (input_value, expected_utc, expected_reason)

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        input_value,
        cast(expected_utc as timestamp) as expected_utc,
        expected_reason,
        {{ identity_resolution.parse_timestamp('input_value') }} as actual_utc,
        {{ identity_resolution.timestamp_invalid_reason('input_value') }} as actual_reason

    from inputs

)

select * from final
