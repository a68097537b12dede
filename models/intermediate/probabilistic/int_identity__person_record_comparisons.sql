-- One row per candidate pair of person records (int_identity__person_record_candidates) with its
-- comparison vector: the level of each comparison of probabilistic_comparisons() (-1 missing,
-- 0 else, higher = closer) and, for comparisons weighed by term frequency, the share of records
-- holding the agreed value. No personal value: keys, levels and frequencies only.
{%- set comparisons = probabilistic_comparisons() %}
with candidates as (
    select * from {{ ref('int_identity__person_record_candidates') }}
),

records as (
    select * from {{ ref('int_identity__person_records') }}
),

final as (
    select
        candidates.record_key_a,
        candidates.record_key_b,
        l.person_id as person_id_a,
        r.person_id as person_id_b,
        candidates.blocking_rule,
        {%- for comparison in comparisons %}
            {{ comparison_level(comparison) }} as level_{{ comparison['name'] }},
            {%- if comparison['tf'] %}
                l.{{ comparison['tf'] }},
            {%- endif %}
        {%- endfor %}
        l.source_table as source_table_a,
        r.source_table as source_table_b
    from candidates
    inner join records as l
        on candidates.record_key_a = l.record_key
    inner join records as r
        on candidates.record_key_b = r.record_key
)

select * from final
