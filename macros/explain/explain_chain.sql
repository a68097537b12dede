{#-
    The evidence-chain queries shared by the explain_identity run-operation and the dashboard's
    explorer (dashboard/warehouse.py renders this same file with plain Jinja, giving it its own
    run_query and return), so both give the same answer from one implementation. Keep these
    macros free of dbt-only context (no ref, adapter, var): relations come in as arguments.
    A side is {type, value (normalised), value_sql (a SQL string literal)}.
-#}

{#- Where one identifier resolves: (device_id, persona_id, person_id, is_shared, shared_reason), or none. -#}
{% macro explain_resolve(identity_map, side) %}
    {%- set found = run_query(
        "select device_id, persona_id, person_id, is_shared, shared_reason from " ~ identity_map
        ~ " where identifier_type = '" ~ side.type ~ "' and identifier_value = " ~ side.value_sql
    ) -%}
    {{ return(found.rows[0] if found.rows | length > 0 else none) }}
{% endmacro %}


{#-
    Shortest chain of merged links of the allowed levels from left to right: breadth-first, one
    query per hop. Returns a list of steps {from, to, label, link_kind, source_table,
    merged_at_level, confidence, n_records}, or none when there is no chain within max_hops.
-#}
{% macro explain_chain(links, left, right, allowed, max_hops) %}
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
            ~ "link_kind || ' (' || source_table || ', ' || merged_at_level || ' level, ' || n_records || ' records)', "
            ~ "link_kind, source_table, merged_at_level, confidence, n_records from "
            ~ links ~ " where merged_at_level in ('" ~ allowed | join("', '") ~ "') and ("
            ~ "identifier_type_a || ':' || identifier_value_a in (" ~ quoted | join(', ') ~ ") or "
            ~ "identifier_type_b || ':' || identifier_value_b in (" ~ quoted | join(', ') ~ "))"
            ~ " order by 1, 2, 3"
        ) -%}
        {%- set next_frontier = [] -%}
        {%- for row in found.rows -%}
            {%- for here, there in [(row[0], row[1]), (row[1], row[0])] -%}
                {%- if here in frontier and there not in parent -%}
                    {%- do parent.update({there: (here, row)}) -%}
                    {%- do next_frontier.append(there) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- do frontier.clear() -%}
        {%- do frontier.extend(next_frontier) -%}
    {%- endfor -%}
    {%- if goal not in parent -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set steps = [] -%}
    {%- set cursor = [goal] -%}
    {%- for _ in range(max_hops + 1) if parent[cursor[0]] is not none -%}
        {%- set link = parent[cursor[0]] -%}
        {%- do steps.insert(0, {'from': link[0], 'to': cursor[0], 'label': link[1][2],
            'link_kind': link[1][3], 'source_table': link[1][4], 'merged_at_level': link[1][5],
            'confidence': link[1][6], 'n_records': link[1][7]}) -%}
        {%- do cursor.clear() -%}
        {%- do cursor.append(link[0]) -%}
    {%- endfor -%}
    {{ return(steps) }}
{% endmacro %}
