-- One row per distinct comparison vector among the candidate pairs, with how many pairs have it:
-- the small table on which the m-probabilities are estimated (int_identity__probabilistic_parameters).
{%- set comparisons = probabilistic_comparisons() %}
with comparisons as (
    select * from {{ ref('int_identity__person_record_comparisons') }}
),

final as (
    select
        {%- for comparison in comparisons %}
            level_{{ comparison['name'] }},
        {%- endfor %}
        cast(count(*) as bigint) as n_pairs
    from comparisons
    group by
        {%- for comparison in comparisons %}
            level_{{ comparison['name'] }}{% if not loop.last %},{% endif %}
        {%- endfor %}
)

select * from final
