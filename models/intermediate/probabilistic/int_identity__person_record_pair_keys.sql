{{ config(enabled=score_distinct_value_pairs()) }}

-- One row per candidate pair of person records (int_identity__person_record_candidates) with what
-- int_identity__person_record_comparisons reads of each side when it scores each distinct pair of
-- values once (score_distinct_value_pairs(): Spark by default): the two records' value keys
-- (int_identity__person_record_value_keys), persons, source tables and the term frequencies of
-- the left record. Its own table because the comparisons read it once per group of value columns
-- in one statement, and Spark would otherwise compute the candidate pairs (a view over the
-- blocking joins) and their joins again at each of those reads.
{%- set comparisons = probabilistic_comparisons() %}
{%- set plan = comparison_value_pair_plan(comparisons) %}
with candidates as (
    select * from {{ ref('int_identity__person_record_candidates') }}
),

keyed as (
    select * from {{ ref('int_identity__person_record_value_keys') }}
),

final as (
    select
        candidates.record_key_a,
        candidates.record_key_b,
        l.person_id as person_id_a,
        r.person_id as person_id_b,
        candidates.blocking_rule,
        {%- for comparison in comparisons if comparison['tf'] %}
            l.{{ comparison['tf'] }},
        {%- endfor %}
        {%- for columns in plan['keys'] %}
            l.value_key_{{ loop.index0 }} as value_key_{{ loop.index0 }}_a,
            r.value_key_{{ loop.index0 }} as value_key_{{ loop.index0 }}_b,
        {%- endfor %}
        l.source_table as source_table_a,
        r.source_table as source_table_b
    from candidates
    inner join keyed as l
        on candidates.record_key_a = l.record_key
    inner join keyed as r
        on candidates.record_key_b = r.record_key
)

select * from final
