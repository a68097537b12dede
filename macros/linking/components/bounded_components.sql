{#-
    Bounded connected components, as a dbt materialization: the components of a graph, split where
    they grow past the bounds of seeds/identity_bounds.csv.

    A model materialized as `bounded_components` selects the weighted edges of a graph (node_a,
    node_b, confidence, n_records; a self-edge declares a node) and names in its config the
    `components` model already computed over the same edges (node, component_node), the
    `node_measures` model (node, one column per measure) and the `level` whose bounds apply.
    It becomes a table with one row per node:
      node, component_node (after the bounds), unbounded_component_node, bound_status
      ('within' | 'split' | 'fallback'), bound_reason (which bound the unbounded component broke),
      split_round (the round that last moved the node).
    Why this shape: each identifier's own degree is capped elsewhere (shared identifiers), but a
    chain of ordinary links (phones typed next to two customers' emails, two accounts per 2FA
    phone) can still join strangers one plausible step at a time. The size of the result is the
    only thing such a chain cannot hide. So:
    1. the measures are summed per component; components within every bound are kept as they are
       (one group by over the graph; nothing else touches them);
    2. in each component over a bound, the weakest class of its edges (lowest confidence, then
       fewest records) is removed, and the components of what remains are recomputed with
       connected_components_build, over the nodes of the offending components only;
    3. step 2 repeats on the parts still over a bound. A chain of equally weak links falls apart
       into its nodes, which is what a support agent would do with it too;
    4. a part still over a bound after `max_rounds` rounds (or a single node over a bound) falls
       back to one component per node and is flagged 'fallback'.
    Every edge removed this way that separates two nodes is a cut: the model that reads this
    table (int_identity__person_cuts) records each with its reason.
-#}
{% materialization bounded_components, default %}
    {%- set components = ref(config.require('components')) -%}
    {%- set node_measures = ref(config.require('node_measures')) -%}
    {%- set bounds_relation = ref(config.get('bounds', 'identity_bounds')) -%}
    {%- set level = config.require('level') -%}
    {%- set max_rounds = config.get('max_rounds', 50) | int -%}

    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
    {%- set preexisting_intermediate_relation = load_cached_relation(intermediate_relation) -%}
    {%- set backup_relation_type = 'table' if existing_relation is none else existing_relation.type -%}
    {%- set backup_relation = make_backup_relation(target_relation, backup_relation_type) -%}
    {%- set preexisting_backup_relation = load_cached_relation(backup_relation) -%}
    {%- set grant_config = config.get('grants') -%}

    {{ drop_relation_if_exists(preexisting_intermediate_relation) }}
    {{ drop_relation_if_exists(preexisting_backup_relation) }}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- do bounded_components_build(
        edges_sql=compiled_code,
        components=components,
        node_measures=node_measures,
        bounds=bounded_components_bounds(bounds_relation, level),
        relation=intermediate_relation,
        max_rounds=max_rounds,
        work_prefix=target_relation.identifier,
        statement_name='main',
    ) -%}

    {%- do cc_swap_into_place(existing_relation, intermediate_relation, target_relation, backup_relation) -%}

    {{ cc_finish_table(existing_relation, target_relation, backup_relation, grant_config, post_hooks, model) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}


{#- The bounds of one level from the bounds seed: a list of {'measure', 'max_value'}. A measure
    name must be a plain column name (it is written into SQL). -#}
{% macro bounded_components_bounds(bounds_relation, level) %}
    {%- set bounds = [] -%}
    {%- if execute -%}
        {%- set rows = run_query(
            "select measure, max_value from " ~ bounds_relation
            ~ " where level = " ~ string_literal(level) ~ " order by measure").rows -%}
        {%- for row in rows -%}
            {%- if not modules.re.fullmatch('[a-z_][a-z0-9_]*', row[0] | string) -%}
                {% do exceptions.raise_compiler_error(
                    'bounded_components: measure names are column names of the node-measures model; got '
                    ~ row[0]) %}
            {%- endif -%}
            {%- do bounds.append({'measure': row[0], 'max_value': row[1] | int}) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(bounds) }}
{% endmacro %}


{#- Select of (component, reason) for the components of `assign_sql` (node, component) that break a
    bound, reason naming each broken bound with the component's value ('n_accounts 78 > 8'). -#}
{% macro bounded_components_violations_sql(assign_sql, node_measures, bounds) %}
    {%- set broken = [] -%}
    {%- set reasons = [] -%}
    {%- for bound in bounds -%}
        {%- set total = 'sum(measures.' ~ bound.measure ~ ')' -%}
        {%- do broken.append(total ~ ' > ' ~ bound.max_value) -%}
        {%- do reasons.append("case when " ~ total ~ " > " ~ bound.max_value ~ " then '" ~ bound.measure
            ~ " ' || cast(" ~ total ~ " as " ~ dbt.type_string() ~ ") || ' > " ~ bound.max_value ~ "' end") -%}
    {%- endfor -%}
    select
        assigned.component,
        concat_ws(', ', {{ reasons | join(', ') }}) as reason
    from ({{ assign_sql }}) as assigned
    inner join {{ node_measures }} as measures
        on assigned.node = measures.node
    group by assigned.component
    having {{ broken | join(' or ') }}
{% endmacro %}


{#- Builds `relation` (see the materialization above). Returns {'violating', 'rounds', 'fallback'}. -#}
{% macro bounded_components_build(
    edges_sql, components, node_measures, bounds, relation, max_rounds=50, work_prefix=none,
    statement_name=none
) %}
    {%- set prefix = (work_prefix or relation.identifier) ~ '__bc_' -%}
    {%- set work = {} -%}
    {%- for part in ['violations', 'assign', 'assign_next', 'edges', 'edges_next', 'open', 'parts'] -%}
        {%- do work.update({part: cc_work_relation(relation, prefix ~ part)}) -%}
    {%- endfor -%}
    {%- set log_prefix = 'bounded_components ' ~ (work_prefix or relation.identifier) ~ ': ' -%}
    {%- set started_at = modules.datetime.datetime.now() -%}
    {%- do cc_drop_work_tables(work) -%}

    {#- Step 1: the components over a bound, with the reason (none: every component is kept). -#}
    {%- if bounds | length > 0 -%}
        {%- do cc_create_work_table(work['violations'], bounded_components_violations_sql(
            'select node, component_node as component from ' ~ components, node_measures, bounds)) -%}
    {%- else -%}
        {%- do cc_create_work_table(work['violations'],
            'select component_node as component, cast(null as ' ~ dbt.type_string() ~ ') as reason from '
            ~ components ~ ' where 1 = 0') -%}
    {%- endif -%}
    {%- set n_violating = cc_count_rows(work['violations']) -%}

    {#- The nodes of those components, each in its unbounded component so far, and their edges
        (undirected, between two different nodes of one offending component). -#}
    {%- set assign_sql -%}
        select
            components.node,
            components.component_node as component,
            violations.reason,
            cast(0 as integer) as split_round
        from {{ components }} as components
        inner join {{ work['violations'] }} as violations
            on components.component_node = violations.component
    {%- endset -%}
    {%- do cc_create_work_table(work['assign'], assign_sql) -%}
    {%- set edges_sql_in -%}
        select
            assigned_a.component,
            model_edges.node_a,
            model_edges.node_b,
            coalesce(model_edges.confidence, 0) as confidence,
            coalesce(model_edges.n_records, 0) as n_records
        from ({{ edges_sql }}) as model_edges
        inner join {{ work['assign'] }} as assigned_a
            on model_edges.node_a = assigned_a.node
        inner join {{ work['assign'] }} as assigned_b
            on model_edges.node_b = assigned_b.node
        where model_edges.node_a != model_edges.node_b and assigned_a.component = assigned_b.component
    {%- endset -%}
    {%- do cc_create_work_table(work['edges'], edges_sql_in) -%}

    {%- set state = {'open': n_violating, 'rounds': 0, 'stuck': false} -%}
    {%- for round in range(1, max_rounds + 1) if state['open'] > 0 and not state['stuck'] -%}
        {#- Step 2: drop each open component's weakest class of edges (lowest confidence, then
            fewest records); components still over a bound are 'open'. -#}
        {%- set remaining_sql -%}
            with

            open_edges as (
                select edges.*
                from {{ work['edges'] }} as edges
                inner join {{ work['violations'] }} as violations
                    on edges.component = violations.component
            ),

            weakest_confidence as (
                select
                    component,
                    min(confidence) as confidence
                from open_edges
                group by component
            ),

            weakest as (
                select
                    open_edges.component,
                    open_edges.confidence,
                    min(open_edges.n_records) as n_records
                from open_edges
                inner join weakest_confidence
                    on
                        open_edges.component = weakest_confidence.component
                        and open_edges.confidence = weakest_confidence.confidence
                group by open_edges.component, open_edges.confidence
            )

            select open_edges.*
            from open_edges
            left join weakest
                on
                    open_edges.component = weakest.component
                    and open_edges.confidence = weakest.confidence
                    and open_edges.n_records = weakest.n_records
            where weakest.component is null
        {%- endset -%}
        {%- do adapter.drop_relation(work['edges_next']) -%}
        {%- do cc_create_work_table(work['edges_next'], remaining_sql) -%}

        {#- The parts of the open components from the edges that remain. -#}
        {%- set parts_edges_sql -%}
            select
                node_a,
                node_b
            from {{ work['edges_next'] }}
            union all
            select
                assigned.node as node_a,
                assigned.node as node_b
            from {{ work['assign'] }} as assigned
            inner join {{ work['violations'] }} as violations
                on assigned.component = violations.component
        {%- endset -%}
        {%- do adapter.drop_relation(work['parts']) -%}
        {%- do connected_components_build(
            edges_sql=parts_edges_sql,
            relation=work['parts'],
            work_prefix=prefix ~ 'cc',
        ) -%}

        {%- set next_assign_sql -%}
            select
                assigned.node,
                coalesce(parts.component_node, assigned.component) as component,
                assigned.reason,
                case when parts.node is null then assigned.split_round else {{ round }} end as split_round
            from {{ work['assign'] }} as assigned
            left join {{ work['parts'] }} as parts
                on assigned.node = parts.node
        {%- endset -%}
        {%- do adapter.drop_relation(work['assign_next']) -%}
        {%- do cc_create_work_table(work['assign_next'], next_assign_sql) -%}
        {%- set next_edges_sql -%}
            select
                parts.component_node as component,
                edges.node_a,
                edges.node_b,
                edges.confidence,
                edges.n_records
            from {{ work['edges_next'] }} as edges
            inner join {{ work['parts'] }} as parts
                on edges.node_a = parts.node
        {%- endset -%}
        {%- do adapter.drop_relation(work['edges']) -%}
        {%- do cc_create_work_table(work['edges'], next_edges_sql) -%}
        {%- do adapter.drop_relation(work['assign']) -%}
        {%- do cc_create_work_table(work['assign'], 'select * from ' ~ work['assign_next']) -%}

        {#- Step 3: which parts are still over a bound. -#}
        {%- do adapter.drop_relation(work['violations']) -%}
        {%- do cc_create_work_table(work['violations'], bounded_components_violations_sql(
            'select node, component_node as component from ' ~ work['parts'], node_measures, bounds)) -%}
        {%- do state.update({'open': cc_count_rows(work['violations']), 'rounds': round}) -%}
        {%- do log(log_prefix ~ 'round ' ~ round ~ ': ' ~ state['open'] ~ ' parts still over a bound, '
            ~ cc_seconds_since(started_at) ~ ' s', info=False) -%}
        {#- A part with no edge left cannot be split further: it falls back (step 4). -#}
        {%- if state['open'] > 0 and cc_count_rows(work['edges']) == 0 -%}
            {%- do state.update({'stuck': true}) -%}
        {%- endif -%}
    {%- endfor -%}

    {#- Step 4 and the result: every node of the graph. -#}
    {%- set final_sql -%}
        select
            components.node,
            case
                when fallback.component is not null then components.node
                else coalesce(assigned.component, components.component_node)
            end as component_node,
            components.component_node as unbounded_component_node,
            case
                when fallback.component is not null then 'fallback'
                when assigned.node is not null then 'split'
                else 'within'
            end as bound_status,
            assigned.reason as bound_reason,
            assigned.split_round
        from {{ components }} as components
        left join {{ work['assign'] }} as assigned
            on components.node = assigned.node
        left join {{ work['violations'] }} as fallback
            on assigned.component = fallback.component
    {%- endset -%}
    {% call statement(statement_name) -%}
        {{ get_create_table_as_sql(False, relation, final_sql) }}
    {%- endcall %}
    {%- set n_fallback = state['open'] -%}
    {%- do cc_drop_work_tables(work) -%}
    {%- do log(log_prefix ~ n_violating ~ ' components over a bound, ' ~ state['rounds'] ~ ' rounds, '
        ~ n_fallback ~ ' parts fell back to their nodes, ' ~ cc_seconds_since(started_at) ~ ' s', info=True) -%}
    {{ return({'violating': n_violating, 'rounds': state['rounds'], 'fallback': n_fallback}) }}
{% endmacro %}
