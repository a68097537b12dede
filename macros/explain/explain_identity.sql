{#-
    dbt --log-level-file none run-operation explain_identity \
        --args '{a: "email:Anne.S@gmail.com", b: "account_id:acc_anne_work"}'

    Prints, for two identifiers given as '<identifier_type>:<value as typed>', where each resolves
    (device, persona, person) and, at each level, the chain of evidence joining them (a shortest
    path over fct_identity_links) or, when they are apart, the cut links that kept them apart.
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
        {%- set row = run_query(
            "select device_id, persona_id, person_id, is_shared, shared_reason from " ~ identity_map
            ~ " where identifier_type = '" ~ side.type ~ "' and identifier_value = " ~ side.value_sql
        ) -%}
        {%- if row.rows | length == 0 -%}
            {#- An error, not a printed line: the command exits non-zero. -#}
            {{ exceptions.raise_compiler_error(
                side.type ~ ":" ~ side.value ~ " is not in identity_map (unknown, invalid or erased)") }}
        {%- endif -%}
        {%- do side.update({'row': row.rows[0]}) -%}
        {%- do print(side.type ~ ":" ~ side.value ~ "  device=" ~ row.rows[0][0] ~ "  persona=" ~ row.rows[0][1]
            ~ "  person=" ~ row.rows[0][2] ~ "  shared=" ~ row.rows[0][3]
            ~ (" (" ~ row.rows[0][4] ~ ")" if row.rows[0][4] else "")) -%}
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
    {{ return({'type': parts[0], 'value': normalised,
               'value_sql': "'" ~ normalised | replace("'", "''") ~ "'"}) }}
{% endmacro %}


{#- Breadth-first search over merged links of the allowed levels, one query per hop. -#}
{% macro _explain_path(links, left, right, allowed, max_hops) %}
    {%- set start = left.type ~ ':' ~ left.value -%}
    {%- set goal = right.type ~ ':' ~ right.value -%}
    {%- set parent = {start: none} -%}
    {%- set frontier = [start] -%}
    {%- for hop in range(max_hops) if goal not in parent and frontier | length > 0 -%}
        {%- set quoted = [] -%}
        {%- for node in frontier -%}
            {%- do quoted.append("'" ~ node | replace("'", "''") ~ "'") -%}
        {%- endfor -%}
        {%- set found = run_query(
            "select identifier_type_a || ':' || identifier_value_a, identifier_type_b || ':' || identifier_value_b, "
            ~ "link_kind || ' (' || source_table || ', ' || merged_at_level || ' level, ' || n_records || ' records)' from "
            ~ links ~ " where merged_at_level in ('" ~ allowed | join("', '") ~ "') and ("
            ~ "identifier_type_a || ':' || identifier_value_a in (" ~ quoted | join(', ') ~ ") or "
            ~ "identifier_type_b || ':' || identifier_value_b in (" ~ quoted | join(', ') ~ "))"
            ~ " order by 1, 2, 3"
        ) -%}
        {%- set next_frontier = [] -%}
        {%- for row in found.rows -%}
            {%- for here, there in [(row[0], row[1]), (row[1], row[0])] -%}
                {%- if here in frontier and there not in parent -%}
                    {%- do parent.update({there: (here, row[2])}) -%}
                    {%- do next_frontier.append(there) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- do frontier.clear() -%}
        {%- do frontier.extend(next_frontier) -%}
    {%- endfor -%}
    {%- if goal not in parent -%}
        {{ return(["(no chain within " ~ max_hops ~ " hops over published links; the levels join through a persona anchor)"]) }}
    {%- endif -%}
    {%- set steps = [] -%}
    {%- set cursor = [goal] -%}
    {%- for _ in range(max_hops + 1) if parent[cursor[0]] is not none -%}
        {%- set link = parent[cursor[0]] -%}
        {%- do steps.insert(0, link[0] ~ "  --[" ~ link[1] ~ "]-->  " ~ cursor[0]) -%}
        {%- do cursor.clear() -%}
        {%- do cursor.append(link[0]) -%}
    {%- endfor -%}
    {{ return(steps) }}
{% endmacro %}
