-- How persons split into personas: the count of persons by number of business and personal
-- personas. A quick look at whether contexts are kept apart (dbt compile, then run the SQL).
with persons as (
    select * from {{ ref('dim_persons') }}
),

final as (
    select
        n_business_personas,
        n_personal_personas,
        count(*) as n_persons
    from persons
    group by n_business_personas, n_personal_personas
)

select * from final
order by n_persons desc
