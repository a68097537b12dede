{#-
    Blocking of probabilistic person linking: the rules of the var probabilistic_blocking_rules
    (a list of {name, columns, max_block_size (optional)}: columns of int_identity__person_records
    that must all be equal and known), with the block-size cap of the rule or else of the var
    probabilistic_max_block_size.
-#}
{% macro probabilistic_blocking_rules() %}
    {%- set rules = var('probabilistic_blocking_rules', []) -%}
    {%- if rules | length == 0 -%}
        {{ exceptions.raise_compiler_error("var probabilistic_blocking_rules is empty: probabilistic linking needs at least one blocking rule") }}
    {%- endif -%}
    {%- for rule in rules -%}
        {%- if rule.get('name') is none or (rule.get('columns') or []) | length == 0 -%}
            {{ exceptions.raise_compiler_error("var probabilistic_blocking_rules: each rule needs a name and a list of columns (rule " ~ loop.index ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rules) }}
{% endmacro %}


{#- The block-size cap of a blocking rule: its own max_block_size, else the var probabilistic_max_block_size. -#}
{% macro blocking_rule_cap(rule) -%}
    {%- set cap = rule.get('max_block_size', var('probabilistic_max_block_size')) -%}
    {%- if cap is not number or cap < 2 -%}
        {{ exceptions.raise_compiler_error("var probabilistic_blocking_rules: the block-size cap of rule " ~ rule['name'] ~ " must be a whole number of at least 2, not " ~ cap) }}
    {%- endif -%}
    {{ return(cap | int) }}
{%- endmacro %}


{#- The records of `records_relation` that carry every column of the rule, each with the size of its block. -#}
{% macro blocking_rule_blocks(rule, records_relation) -%}
    select
        record_key,
        person_id,
        {%- for column in rule['columns'] %}
        {{ column }},
        {%- endfor %}
        count(*) over (partition by {{ rule['columns'] | join(', ') }}) as block_size
    from {{ records_relation }}
    where {% for column in rule['columns'] %}{{ column }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
{%- endmacro %}
