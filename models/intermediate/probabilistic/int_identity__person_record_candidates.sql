-- One row per candidate pair of person records (record_key_a < record_key_b) of two different
-- strict persons that agree on every column of at least one blocking rule
-- (var probabilistic_blocking_rules), from blocks no larger than the rule's cap (blocking_rule_cap).
-- blocking_rule is the first rule, in the var's order, that pairs them: each rule's join keeps only
-- the pairs no earlier rule proposes, so every pair comes out once, with no deduplication pass.
-- A view: the comparisons read it once, so the pairs are never written to disk on their way there
-- (int_identity__blocking_rule_counts counts them from the comparisons).
{{ config(materialized='view') }}
{%- set rules = probabilistic_blocking_rules() %}
with blocks as (
    select * from {{ ref('int_identity__person_record_blocks') }}
),
{% for rule in rules %}
    {%- set outer = loop %}
    pairs_{{ outer.index }} as (
        select
            blocks_a.record_key as record_key_a,
            blocks_b.record_key as record_key_b,
            {{ string_literal(rule['name']) }} as blocking_rule
        from blocks as blocks_a
        inner join blocks as blocks_b
            on
                {{ blocking_rule_key_equal(rule, 'blocks_a', 'blocks_b') }}
                and blocks_a.record_key < blocks_b.record_key
                and blocks_a.person_id != blocks_b.person_id
        where
            -- One block, one size: the cap on both sides lets each side be filtered before the join.
            blocks_a.block_size_{{ rule['name'] }} <= {{ blocking_rule_cap(rule) }}
            and blocks_b.block_size_{{ rule['name'] }} <= {{ blocking_rule_cap(rule) }}
            {%- for earlier in rules[:outer.index0] %}
                and not {{ blocking_rule_pairs(earlier, 'blocks_a', 'blocks_b') }}
            {%- endfor %}
    ),
{% endfor %}
final as (
    {%- for rule in rules %}
        select * from pairs_{{ loop.index }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from final
