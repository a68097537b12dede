-- One row per blocking rule (var probabilistic_blocking_rules): how many records it keys, its
-- blocks, the pairs it proposes, the pairs it is first to propose, and the blocks it skipped for
-- exceeding the rule's cap (blocking_rule_cap; with their records), so an oversized block is reported
-- rather than silently exploding the pair count. Block sizes as int_identity__person_record_blocks
-- counts them.
{%- set rules = probabilistic_blocking_rules() %}
with blocks as (
    select * from {{ ref('int_identity__person_record_blocks') }}
),

-- The candidate pairs, as scored (one row per candidate pair, with its first rule).
candidates as (
    select blocking_rule from {{ ref('int_identity__person_record_comparisons') }}
),
{% for rule in rules %}
    block_sizes_{{ loop.index }} as (
        select distinct
            {%- for column in rule['columns'] %}
                {{ column }},
            {%- endfor %}
            block_size_{{ rule['name'] }} as block_size
        from blocks
        where block_size_{{ rule['name'] }} is not null
    ),
{% endfor %}
rule_blocks as (
    {%- for rule in rules %}
        {%- set cap = blocking_rule_cap(rule) %}
        select
            {{ loop.index }} as rule_rank,
            {{ string_literal(rule['name']) }} as blocking_rule,
            {{ string_literal(rule['columns'] | join(', ')) }} as blocking_columns,
            {{ cap }} as max_block_size,
            cast(count(*) as bigint) as n_blocks,
            cast(coalesce(sum(block_size), 0) as bigint) as n_records,
            cast(
                coalesce(sum(case when block_size <= {{ cap }} then block_size * (block_size - 1) / 2 end), 0) as bigint
            )
                as n_proposed_pairs,
            cast(count(case when block_size > {{ cap }} then 1 end) as bigint) as n_skipped_blocks,
            cast(coalesce(sum(case when block_size > {{ cap }} then block_size end), 0) as bigint) as n_skipped_records,
            cast(coalesce(max(block_size), 0) as bigint) as largest_block_size
        from block_sizes_{{ loop.index }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

first_proposed as (
    select
        blocking_rule,
        cast(count(*) as bigint) as n_candidate_pairs
    from candidates
    group by blocking_rule
),

final as (
    select
        rule_blocks.rule_rank,
        rule_blocks.blocking_rule,
        rule_blocks.blocking_columns,
        rule_blocks.max_block_size,
        rule_blocks.n_blocks,
        rule_blocks.n_records,
        rule_blocks.n_proposed_pairs,
        coalesce(first_proposed.n_candidate_pairs, 0) as n_candidate_pairs,
        rule_blocks.n_skipped_blocks,
        rule_blocks.n_skipped_records,
        rule_blocks.largest_block_size
    from rule_blocks
    left join first_proposed
        on rule_blocks.blocking_rule = first_proposed.blocking_rule
)

select * from final
