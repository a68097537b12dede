-- One row per candidate pair of person records (int_identity__person_record_candidates) with its
-- comparison vector: the level of each comparison of probabilistic_comparisons() (-1 missing,
-- 0 else, higher = closer) and, for comparisons weighed by term frequency, the share of records
-- holding the agreed value. No personal value: keys, levels and frequencies only.
-- With score_distinct_value_pairs() (var probabilistic_score_distinct_value_pairs; by default on
-- Spark, not DuckDB or PostgreSQL) each condition of a comparison is scored once per distinct pair
-- of the values it reads, then joined back to the record pairs (comparison_value_pair_plan): the
-- same levels as comparison_level() on every pair, at the cost of the distinct pairs of values.
{%- set comparisons = probabilistic_comparisons() %}
{%- set plan = comparison_value_pair_plan(comparisons) %}
with
{%- if score_distinct_value_pairs() %}

    keyed as (
        select * from {{ ref('int_identity__person_record_value_keys') }}
    ),

    pair_keys as (
        select * from {{ ref('int_identity__person_record_pair_keys') }}
    ),

    {{ comparison_value_pair_ctes(plan, 'keyed', 'pair_keys') }}

    final as (
        select
            pair_keys.record_key_a,
            pair_keys.record_key_b,
            pair_keys.person_id_a,
            pair_keys.person_id_b,
            pair_keys.blocking_rule,
            {%- for comparison in comparisons %}
                {{ comparison_level_from_flags(plan, comparison) }} as level_{{ comparison['name'] }},
                {%- if comparison['tf'] %}
                    pair_keys.{{ comparison['tf'] }},
                {%- endif %}
            {%- endfor %}
            pair_keys.source_table_a,
            pair_keys.source_table_b
        from pair_keys
        {{- comparison_value_pair_joins(plan, 'pair_keys') }}
    )

{%- else %}

    candidates as (
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

{%- endif %}

select * from final
