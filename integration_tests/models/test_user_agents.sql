with

source as (

    select * from {{ ref('data_user_agents') }}

),

generated as (

    select generated_rows.* from (
        values
        ('empty string', '', null, null, null),
        ('null', null, null, null, null),
        ('10 kB', repeat('Mozilla/5.0 ', 860), 'desktop', 'other', 'other')
    ) as generated_rows (case_name, user_agent, expected_device_class, expected_os, expected_browser)

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        case_name,
        user_agent,
        expected_device_class,
        expected_os,
        expected_browser,
        {{ identity_resolution.user_agent_device_class('user_agent') }} as actual_device_class,
        {{ identity_resolution.user_agent_os('user_agent') }} as actual_os,
        {{ identity_resolution.user_agent_browser('user_agent') }} as actual_browser

    from inputs

)

select * from final
