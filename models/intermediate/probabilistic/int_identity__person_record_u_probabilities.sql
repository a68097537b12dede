-- One row per (comparison, level): the u-probability, the chance that two records of different
-- people take that level, measured on every pair of a seeded random sample of
-- probabilistic_u_sample_records person records (probabilistic_u_sample_seed). Random pairs are
-- almost all non-matches, so their level shares estimate u. Add-one smoothing keeps every level's
-- u above zero. With score_distinct_value_pairs() (Spark by default) each condition
-- of a comparison is scored once per distinct pair of the values it reads among the sampled pairs
-- (comparison_value_pair_plan), then joined back to the pairs.
{%- set comparisons = probabilistic_comparisons() %}
{%- set plan = comparison_value_pair_plan(comparisons) %}
with records as (
    select * from {{ ref('int_identity__person_records') }}
),

sampled as (
    select *
    from records
    order by {{ hash_key("'" ~ var('probabilistic_u_sample_seed') ~ "|' || record_key") }}
    limit {{ var('probabilistic_u_sample_records') }}
),

{%- if score_distinct_value_pairs() %}

    keyed as (
        select
            sampled.*,
            {{- comparison_value_keys(plan) }}
        from sampled
    ),

    pair_keys as (
        select
            {%- for columns in plan['keys'] %}
                l.value_key_{{ loop.index0 }} as value_key_{{ loop.index0 }}_a,
                r.value_key_{{ loop.index0 }} as value_key_{{ loop.index0 }}_b{% if not loop.last %},{% endif %}
            {%- endfor %}
        from keyed as l
        inner join keyed as r
            on l.record_key < r.record_key
    ),

    {{ comparison_value_pair_ctes(plan, 'keyed', 'pair_keys') }}

    pairs as (
        select
            {%- for comparison in comparisons %}
                {{ comparison_level_from_flags(plan, comparison) }}
                    as level_{{ comparison['name'] }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        from pair_keys
        {{- comparison_value_pair_joins(plan, 'pair_keys') }}
    ),

{%- else %}

    pairs as (
        select
            {%- for comparison in comparisons %}
                {{ comparison_level(comparison) }} as level_{{ comparison['name'] }}{% if not loop.last %},{% endif %}
            {%- endfor %}
        from sampled as l
        inner join sampled as r
            on l.record_key < r.record_key
    ),

{%- endif %}

final as (
    {{- smoothed_level_shares(comparisons, 'pairs', 'u_probability') }}
)

select * from final
