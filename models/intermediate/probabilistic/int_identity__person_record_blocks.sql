-- One row per person record with the columns the blocking rules key on (var
-- probabilistic_blocking_rules) and, per rule, block_size_<rule>: how many records share the
-- record's key under that rule (NULL when the record lacks a column of the rule, so the rule does
-- not key it). Block sizes are counted here once, read by the candidate pairs (a block above the
-- rule's cap is skipped) and by int_identity__blocking_rule_counts.
{%- set rules = probabilistic_blocking_rules() %}
{%- set columns = blocking_rule_columns(rules) %}
with records as (
    select * from {{ ref('int_identity__person_records') }}
),
{% for rule in rules %}
    -- Rule {{ rule['name'] }}: one row per block with its size (an aggregate: cheaper than a
    -- window over every record).
    sizes_{{ rule['name'] }} as (
        select
            {%- for column in rule['columns'] %}
                {{ column }},
            {%- endfor %}
            count(*) as block_size
        from records
        where
            {%- for column in rule['columns'] %}
                {% if not loop.first %}and {% endif %}{{ column }} is not null
            {%- endfor %}
        group by {{ rule['columns'] | join(', ') }}
    ),
{% endfor %}
final as (
    select
        records.record_key,
        records.person_id,
        {%- for rule in rules %}
            sizes_{{ rule['name'] }}.block_size as block_size_{{ rule['name'] }},
        {%- endfor %}
        {%- for column in columns %}
            records.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    -- sqlfluff misreads a from clause whose every join comes from a loop (the rendered SQL is
    -- indented as the house style wants).
    -- noqa: disable=LT02
    from records
    {%- for rule in rules %}
        left join sizes_{{ rule['name'] }}
            on
                {{ blocking_rule_key_equal(rule, 'records', 'sizes_' ~ rule['name']) }}
    {%- endfor %}
    -- noqa: enable=LT02
)

select * from final
