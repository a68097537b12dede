with

one_row as (

    select
        1 as id,
        'O''Brien' as last_name,
        cast(null as varchar) as note

),

final as (

    select
        {{ identity_resolution.row_to_json_text('one_row') }} as actual_json,
        '{"id":1,"last_name":"O''Brien","note":null}' as expected_json

    from one_row

)

select * from final
