{#-
    dbt --log-level-file none run-operation explain_identity \
        --args '{a: "email:Anne.S@gmail.com", b: "account_id:acc_anne_work"}'

    Prints, for two identifiers given as '<identifier_type>:<value as typed>', where each resolves
    (device, persona, person) and, at each level, the chain of evidence joining them (a shortest
    path over fct_identity_links) or, when they are apart, the cut links that kept them apart;
    then the probable person level with the scored person-record pairs (explain_probable.sql).
    Output goes to stdout (print). dbt itself logs the arguments and queries to logs/dbt.log, so
    run it with --log-level-file none to keep identifier values out of log files.
-#}
{% macro explain_identity(a, b, max_hops=12) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set left = _explain_parse(a) -%}
    {%- set right = _explain_parse(b) -%}
    {%- set identity_map = ref('identity_map') -%}
    {%- set links = ref('fct_identity_links') -%}

    {%- for side in [left, right] -%}
        {%- set row = explain_resolve(identity_map, side) -%}
        {%- if row is none -%}
            {#- An error, not a printed line: the command exits non-zero. -#}
            {{ exceptions.raise_compiler_error(
                side.type ~ ":" ~ side.value ~ " is not in identity_map (unknown, invalid or erased)") }}
        {%- endif -%}
        {%- do side.update({'row': row}) -%}
        {%- do print(side.type ~ ":" ~ side.value ~ "  device=" ~ row[0] ~ "  persona=" ~ row[1]
            ~ "  person=" ~ row[2] ~ "  shared=" ~ row[3]
            ~ (" (" ~ row[4] ~ ")" if row[4] else "")) -%}
    {%- endfor -%}

    {%- for level, allowed, same in [
        ('persona', ['persona', 'device'], left.row[1] is not none and left.row[1] == right.row[1]),
        ('person', ['persona', 'person', 'device'], left.row[2] is not none and left.row[2] == right.row[2]),
    ] -%}
        {%- if not same -%}
            {%- do print("\n" ~ level ~ ": apart.") -%}
        {%- else -%}
            {%- do print("\n" ~ level ~ ": together. Chain of evidence:") -%}
            {%- for step in _explain_path(links, left, right, allowed, max_hops) -%}
                {%- do print("  " ~ step) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}

    {#- Apart at person level although one component of the person graph joined them: the person
        bounds split it (int_identity__person_bounded_components decides, int_identity__person_cuts
        records the cuts). -#}
    {%- if left.row[2] != right.row[2] -%}
        {%- set bounded = run_query(
            "select bounded.unbounded_component_node, bounded.bound_status, bounded.bound_reason from "
            ~ ref('int_identity__identifier_values') ~ " as identifier_values inner join "
            ~ ref('int_identity__person_nodes') ~ " as person_nodes on identifier_values.node = person_nodes.node"
            ~ " inner join " ~ ref('int_identity__person_bounded_components') ~ " as bounded"
            ~ " on person_nodes.graph_node = bounded.node where "
            ~ "(identifier_values.identifier_type = '" ~ left.type ~ "' and identifier_values.identifier_value = " ~ left.value_sql ~ ") or "
            ~ "(identifier_values.identifier_type = '" ~ right.type ~ "' and identifier_values.identifier_value = " ~ right.value_sql ~ ")"
        ) -%}
        {%- if bounded.rows | length == 2 and bounded.rows[0][0] == bounded.rows[1][0] and bounded.rows[0][1] != 'within' -%}
            {%- do print("\nperson: one chain of evidence joined them, but that component broke the person bounds ("
                ~ bounded.rows[0][2] ~ ") and was split along its weakest links (" ~ bounded.rows[0][1]
                ~ "); the cut links are in fct_identity_links with cut_reason 'person_bound:...'.") -%}
        {%- endif -%}
    {%- endif -%}

    {%- set cuts = run_query(
        "select link_kind, rule_level, cut_reason, identifier_type_a || ':' || identifier_value_a, "
        ~ "identifier_type_b || ':' || identifier_value_b from " ~ links
        ~ " where cut_reason is not null and ("
        ~ "(identifier_type_a = '" ~ left.type ~ "' and identifier_value_a = " ~ left.value_sql ~ ") or "
        ~ "(identifier_type_b = '" ~ left.type ~ "' and identifier_value_b = " ~ left.value_sql ~ ") or "
        ~ "(identifier_type_a = '" ~ right.type ~ "' and identifier_value_a = " ~ right.value_sql ~ ") or "
        ~ "(identifier_type_b = '" ~ right.type ~ "' and identifier_value_b = " ~ right.value_sql ~ "))"
        ~ " order by 1, 4, 5 limit 20"
    ) -%}
    {%- if cuts.rows | length > 0 -%}
        {%- do print("\nLinks of these identifiers that were cut (rule, its level, why):") -%}
        {%- for cut in cuts.rows -%}
            {%- do print("  " ~ cut[3] ~ " -- " ~ cut[0] ~ " (" ~ cut[1] ~ ") -- " ~ cut[4] ~ ": " ~ cut[2]) -%}
        {%- endfor -%}
    {%- endif -%}

    {{ _explain_probable(left, right) }}
{% endmacro %}


{#- '<type>:<raw value>' -> {type, value (normalised), value_sql (a SQL literal)}; errors clearly. -#}
{% macro _explain_parse(spec) %}
    {%- set parts = (spec | string).split(':', 1) -%}
    {%- if parts | length != 2 or parts[0] not in identifier_types() -%}
        {{ exceptions.raise_compiler_error(
            "explain_identity: give identifiers as '<type>:<value>' with type one of "
            ~ identifier_types() | join(', ') ~ "; got '" ~ spec ~ "'") }}
    {%- endif -%}
    {%- set literal = "'" ~ parts[1] | replace("'", "''") ~ "'" -%}
    {%- set normalised = run_query("select " ~ normalize_identifier(parts[0], literal)).rows[0][0] -%}
    {%- if normalised is none -%}
        {{ exceptions.raise_compiler_error("explain_identity: '" ~ spec ~ "' is not a valid " ~ parts[0]) }}
    {%- endif -%}
    {#- The published spelling of the value (account ids keep the source's case; matching folds it
        where the type is case-insensitive). -#}
    {%- set type_sql = "'" ~ parts[0] ~ "'" -%}
    {%- set published = run_query(
        "select identifier_value from " ~ ref('identity_map') ~ " where identifier_type = " ~ type_sql
        ~ " and " ~ identifier_match_value(type_sql, 'identifier_value') ~ " = "
        ~ identifier_match_value(type_sql, "'" ~ normalised | replace("'", "''") ~ "'") ~ " limit 1") -%}
    {%- if published.rows | length > 0 -%}
        {%- set normalised = published.rows[0][0] -%}
    {%- endif -%}
    {{ return({'type': parts[0], 'value': normalised,
               'value_sql': "'" ~ normalised | replace("'", "''") ~ "'"}) }}
{% endmacro %}


{#- The chain as printed lines; the search itself is explain_chain (explain_chain.sql, shared with the dashboard). -#}
{% macro _explain_path(links, left, right, allowed, max_hops) %}
    {%- set chain = explain_chain(links, left, right, allowed, max_hops) -%}
    {%- if chain is none -%}
        {{ return(["(no chain within " ~ max_hops ~ " hops over published links; the levels join through a persona anchor)"]) }}
    {%- endif -%}
    {%- set steps = [] -%}
    {%- for step in chain -%}
        {%- do steps.append(step['from'] ~ "  --[" ~ step.label ~ "]-->  " ~ step.to) -%}
    {%- endfor -%}
    {{ return(steps) }}
{% endmacro %}
