{#-
    The probable person level of explain_identity: whether the two identifiers' strict persons
    share a probable person, and the scored person-record pairs between them (each comparison's
    level label and partial weight, the match weight and probability, from
    int_identity__person_record_pairs), or, when no pair joins the two persons directly, the
    strongest pairs of each. left/right: parsed sides with their identity_map row ('row').
-#}
{% macro _explain_probable(left, right, limit=5) %}
    {%- set probable = run_query(
        "select identifier_type, identifier_value, person_probable_id from " ~ ref('identity_map')
        ~ " where (identifier_type = '" ~ left.type ~ "' and identifier_value = " ~ left.value_sql ~ ")"
        ~ " or (identifier_type = '" ~ right.type ~ "' and identifier_value = " ~ right.value_sql ~ ")") -%}
    {%- set keys = {} -%}
    {%- for row in probable.rows -%}
        {%- do keys.update({row[0] ~ ':' ~ row[1]: row[2]}) -%}
    {%- endfor -%}
    {%- set left_key = keys.get(left.type ~ ':' ~ left.value) -%}
    {%- set right_key = keys.get(right.type ~ ':' ~ right.value) -%}
    {%- set persons = [left.row[2], right.row[2]] | reject('none') | list -%}
    {%- if left_key is not none and left_key == right_key -%}
        {%- do print("\nprobable person: together (" ~ left_key ~ "; threshold "
            ~ var('probable_match_threshold') ~ "; analytics only, never contact routing).") -%}
    {%- else -%}
        {%- do print("\nprobable person: apart.") -%}
    {%- endif -%}
    {%- if persons | length == 0 or left.row[2] == right.row[2] -%}
        {{ return('') }}
    {%- endif -%}
    {%- set comparisons = probabilistic_comparisons() -%}
    {%- set columns = [] -%}
    {%- for comparison in comparisons -%}
        {%- do columns.append("level_" ~ comparison['name']) -%}
        {%- do columns.append("weight_" ~ comparison['name']) -%}
    {%- endfor -%}
    {%- set person_list = "('" ~ persons | join("', '") ~ "')" -%}
    {%- set both = left.row[2] is not none and right.row[2] is not none -%}
    {%- set where = ("least(person_id_a, person_id_b) = '" ~ ([left.row[2], right.row[2]] | min) ~ "' and greatest(person_id_a, person_id_b) = '" ~ ([left.row[2], right.row[2]] | max) ~ "'")
        if both else ("person_id_a in " ~ person_list ~ " or person_id_b in " ~ person_list) -%}
    {%- set pairs = run_query(
        "select match_probability, match_weight, prior_weight, blocking_rule, source_table_a, source_table_b, "
        ~ columns | join(', ') ~ " from " ~ ref('int_identity__person_record_pairs')
        ~ " where " ~ where ~ " order by match_weight desc limit " ~ limit) -%}
    {%- if pairs.rows | length == 0 and both -%}
        {%- set pairs = run_query(
            "select match_probability, match_weight, prior_weight, blocking_rule, source_table_a, source_table_b, "
            ~ columns | join(', ') ~ " from " ~ ref('int_identity__person_record_pairs')
            ~ " where person_id_a in " ~ person_list ~ " or person_id_b in " ~ person_list
            ~ " order by match_weight desc limit " ~ limit) -%}
        {%- do print("No person-record pair joins their two persons directly; the strongest pairs of either:") -%}
    {%- elif pairs.rows | length == 0 -%}
        {%- do print("No scored person-record pair (no blocking rule put their records side by side).") -%}
    {%- else -%}
        {%- do print("Person-record pairs (comparison=level label:partial weight in bits):") -%}
    {%- endif -%}
    {%- for pair in pairs.rows -%}
        {%- set parts = [] -%}
        {%- for comparison in comparisons -%}
            {%- set level = pair[6 + 2 * loop.index0] -%}
            {%- set labels = comparison_level_labels(comparison) -%}
            {%- set label = (labels | selectattr(0, 'equalto', level) | map(attribute=1) | first) if level is not none else 'none' -%}
            {%- do parts.append(comparison['name'] ~ "=" ~ label ~ ":" ~ "%.2f" | format(pair[7 + 2 * loop.index0] | float)) -%}
        {%- endfor -%}
        {%- do print("  " ~ pair[4] ~ " ~ " ~ pair[5] ~ "  p=" ~ "%.4f" | format(pair[0] | float)
            ~ "  weight=" ~ "%.2f" | format(pair[1] | float) ~ " (prior " ~ "%.2f" | format(pair[2] | float)
            ~ ", blocked by " ~ pair[3] ~ ")") -%}
        {%- do print("    " ~ parts | join("  ")) -%}
    {%- endfor -%}
{% endmacro %}
