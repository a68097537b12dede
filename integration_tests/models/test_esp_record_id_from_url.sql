with

source as (

    select * from {{ ref('data_esp_record_id_from_url') }}

),

generated as (

    select generated_rows.* from (
        values
        (null, null),
        ('https://shop.example.com/?x=' || repeat('y', 10240) || '&esp_rid=rid-42', 'rid-42')
    ) as generated_rows (url, expected_esp_rid)

),

inputs as (

    select * from source
    union all
    select * from generated

),

final as (

    select
        url,
        expected_esp_rid,
        {{ identity_resolution.esp_record_id_from_url('url') }} as actual_esp_rid

    from inputs

)

select * from final
