-- One row per candidate pair of person records (record_key_a < record_key_b) of two different
-- strict persons that agree on every column of at least one blocking rule
-- (var probabilistic_blocking_rules), from blocks no larger than the rule's cap (blocking_rule_cap).
-- blocking_rule is the first rule, in the var's order, that pairs them.
{%- set rules = probabilistic_blocking_rules() %}
with records as (
    select * from {{ ref('int_identity__person_records') }}
),
{% for rule in rules %}
    blocks_{{ loop.index }} as (
        {{ blocking_rule_blocks(rule, 'records') }}
    ),

    pairs_{{ loop.index }} as (
        select
            blocks_a.record_key as record_key_a,
            blocks_b.record_key as record_key_b,
            {{ loop.index }} as rule_rank
        from blocks_{{ loop.index }} as blocks_a
        inner join blocks_{{ loop.index }} as blocks_b
            on
                {%- for column in rule['columns'] %}
                    {% if not loop.first %}and {% endif %}blocks_a.{{ column }} = blocks_b.{{ column }}
                {%- endfor %}
                and blocks_a.record_key < blocks_b.record_key
                and blocks_a.person_id != blocks_b.person_id
        where blocks_a.block_size <= {{ blocking_rule_cap(rule) }}
    ),
{% endfor %}
unioned as (
    {%- for rule in rules %}
        select * from pairs_{{ loop.index }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

deduplicated as (
    select
        record_key_a,
        record_key_b,
        min(rule_rank) as rule_rank
    from unioned
    group by record_key_a, record_key_b
),

final as (
    select
        record_key_a,
        record_key_b,
        case rule_rank
            {%- for rule in rules %}
                when {{ loop.index }} then {{ string_literal(rule['name']) }}
            {%- endfor %}
        end as blocking_rule
    from deduplicated
)

select * from final
