{{ config(enabled=score_distinct_value_pairs()) }}

-- One row per person record (int_identity__person_records) with its value keys: for each tuple of
-- columns that a comparison's condition reads (comparison_value_pair_plan), a number shared by the
-- records holding the same values in those columns (NULLs included). Built only when the
-- comparisons score each distinct pair of values once (score_distinct_value_pairs(): Spark by
-- default), whose value pairs and flags read these keys many times in one statement: Spark
-- computes a common table expression again at each reference, here once.
{%- set plan = comparison_value_pair_plan(probabilistic_comparisons()) %}
with records as (
    select * from {{ ref('int_identity__person_records') }}
),

final as (
    select
        records.*,
        {{- comparison_value_keys(plan) }}
    from records
)

select * from final
