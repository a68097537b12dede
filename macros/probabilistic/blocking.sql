{#-
    Blocking of probabilistic person linking: the rules of the var probabilistic_blocking_rules
    (a list of {name, columns, max_block_size (optional)}: columns of int_identity__person_records
    that must all be equal and known; the name is a lowercase identifier, unique), with the
    block-size cap of the rule or else of the var probabilistic_max_block_size.
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
        {#- The name becomes a column name (block_size_<name>) and must be unique. -#}
        {%- if not modules.re.match('^[a-z][a-z0-9_]*$', rule['name']) -%}
            {{ exceptions.raise_compiler_error("var probabilistic_blocking_rules: rule name '" ~ rule['name'] ~ "' must be lowercase letters, digits and underscores, starting with a letter (rule " ~ loop.index ~ ")") }}
        {%- endif -%}
        {%- if (rules | selectattr('name', 'equalto', rule['name']) | list | length) > 1 -%}
            {{ exceptions.raise_compiler_error("var probabilistic_blocking_rules: rule name '" ~ rule['name'] ~ "' is used twice") }}
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


{#- The distinct columns of int_identity__person_records that the blocking rules key on, in the rules' order. -#}
{% macro blocking_rule_columns(rules) -%}
    {%- set columns = [] -%}
    {%- for rule in rules -%}
        {%- for column in rule['columns'] if column not in columns -%}
            {%- do columns.append(column) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{#-
    SQL: true when records `left` and `right` (aliases of int_identity__person_record_blocks) share
    a block of `rule` that is within its cap; false otherwise, also when a column of the rule is
    missing on either side (never NULL, so that "not" of it keeps the pair).
-#}
{% macro blocking_rule_pairs(rule, left, right) -%}
    coalesce(
        {{ left }}.block_size_{{ rule['name'] }} <= {{ identity_resolution.blocking_rule_cap(rule) }}
        and {{ identity_resolution.blocking_rule_key_equal(rule, left, right) }},
        false
    )
{%- endmacro %}


{#- SQL condition: `left` and `right` hold the same value in every column of the rule (NULL when one is missing). -#}
{% macro blocking_rule_key_equal(rule, left, right) -%}
    {%- for column in rule['columns'] -%}
        {% if not loop.first %} and {% endif %}{{ left }}.{{ column }} = {{ right }}.{{ column }}
    {%- endfor -%}
{%- endmacro %}
