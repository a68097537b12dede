-- One row per (comparison, level): the u-probability, the chance that two records of different
-- people take that level, measured on every pair of a seeded random sample of
-- probabilistic_u_sample_records person records (probabilistic_u_sample_seed). Random pairs are
-- almost all non-matches, so their level shares estimate u. Add-one smoothing keeps every level's
-- u above zero. With score_distinct_value_pairs() (PostgreSQL and Spark by default) each condition
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

level_counts as (
    {%- for comparison in comparisons %}
        select
            {{ string_literal(comparison['name']) }} as comparison_name,
            level_{{ comparison['name'] }} as comparison_level,
            cast(count(*) as bigint) as n_pairs
        from pairs
        where level_{{ comparison['name'] }} >= 0
        group by level_{{ comparison['name'] }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

levels as (
    {%- for comparison in comparisons %}
        {%- set outer = loop %}
        {%- for level, label in comparison_level_labels(comparison) if level >= 0 %}
            select
                {{ string_literal(comparison['name']) }} as comparison_name,
                {{ level }} as comparison_level,
                {{ string_literal(label) }} as level_label
            {%- if not (outer.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
),

final as (
    select
        levels.comparison_name,
        levels.comparison_level,
        levels.level_label,
        coalesce(level_counts.n_pairs, 0) as n_pairs,
        cast(coalesce(level_counts.n_pairs, 0) + 1 as {{ type_double() }})
        / (
            coalesce(sum(level_counts.n_pairs) over (partition by levels.comparison_name), 0)
            + count(*) over (partition by levels.comparison_name)
        ) as u_probability
    from levels
    left join level_counts
        on
            levels.comparison_name = level_counts.comparison_name
            and levels.comparison_level = level_counts.comparison_level
)

select * from final
