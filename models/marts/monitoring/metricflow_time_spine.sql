-- One row per day, 2020 to 2035: the time spine MetricFlow needs for metrics (semantic layer in
-- models/marts/_semantic_models.yml).
with days as (
    {{ dbt.date_spine('day', "cast('2020-01-01' as date)", "cast('2036-01-01' as date)") }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
