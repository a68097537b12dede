{#- Building the components of an edge list: the driver of the rounds and the final labels.
    Part of the connected-components materialization: see connected_components.sql in this folder. -#}


{#-
    Builds `relation` as (node, component_node) from `edges_sql`, a select with the columns
    `node_a` and `node_b`. Returns {'rounds', 'nodes', 'edges'}; `edges` counts the model's edge rows
    between two different nodes (duplicates included). Work tables are named `<work_prefix>__cc_<part>` and are
    dropped before use and after. `statement_name` names the statement that creates `relation`
    (a materialization passes 'main').
-#}
{% macro connected_components_build(
    edges_sql,
    relation,
    node_a='node_a',
    node_b='node_b',
    max_rounds=1000,
    work_prefix=none,
    statement_name=none
) %}

    {%- set max_rounds = max_rounds | int -%}
    {%- if max_rounds < 1 -%}
        {% do exceptions.raise_compiler_error(
            'connected_components: max_rounds must be at least 1, got ' ~ max_rounds) %}
    {%- endif -%}
    {%- set prefix = (work_prefix or relation.identifier) ~ '__cc_' -%}
    {%- set work = {} -%}
    {%- for part in ['nodes', 'edges', 'labels', 'labels_next', 'frontier_0', 'frontier_1', 'hooks_0', 'hooks_1'] -%}
        {%- do work.update({part: cc_work_relation(relation, prefix ~ part)}) -%}
    {%- endfor -%}
    {%- set started_at = modules.datetime.datetime.now() -%}
    {%- set log_prefix = 'connected_components ' ~ (work_prefix or relation.identifier) ~ ': ' -%}

    {#- Leftovers from a run that failed half way. -#}
    {%- do cc_drop_work_tables(work) -%}

    {#- Every non-null endpoint is a node with an exact integer id; the edges between two different
        nodes become symmetric integer rows (src, dst); round 1: every node takes the smallest id
        among itself and its neighbours, the node string riding along in the labels (so the last
        step needs no join back to the strings). See cc_first_round. -#}
    {%- set first = cc_first_round(work, edges_sql, node_a, node_b) -%}
    {%- set n_nodes = first['nodes'] -%}
    {%- set n_changed = first['changed'] -%}
    {%- do log(log_prefix ~ 'round 1: ' ~ n_changed ~ ' labels changed, '
        ~ cc_seconds_since(started_at) ~ ' s', info=False) -%}

    {#- Later rounds: only the nodes whose label dropped last round send it on. -#}
    {%- set state = {
        'rounds': 1,
        'changed': n_changed,
        'labels': work['labels'],
        'spare': work['labels_next'],
    } -%}
    {%- for round in range(2, max_rounds + 1) if state['changed'] > 0 -%}
        {%- set result = cc_label_round(
            edges=work['edges'],
            labels=state['labels'],
            spare=state['spare'],
            frontier=work['frontier_' ~ ((round - 1) % 2)],
            next_frontier=work['frontier_' ~ (round % 2)],
            hooks=[work['hooks_0'], work['hooks_1']],
        ) -%}
        {%- do state.update({
            'rounds': round,
            'changed': result['changed'],
            'spare': state['labels'] if result['labels'] != state['labels'] else state['spare'],
            'labels': result['labels'],
        }) -%}
        {%- do log(log_prefix ~ 'round ' ~ round ~ ': ' ~ result['changed'] ~ ' labels changed, '
            ~ result['compress_steps'] ~ ' compress steps, ' ~ cc_seconds_since(started_at) ~ ' s',
            info=False) -%}
    {%- endfor -%}

    {%- if state['changed'] > 0 -%}
        {%- do cc_drop_work_tables(work) -%}
        {% do exceptions.raise_compiler_error(
            'connected_components: ' ~ relation.identifier ~ ' did not converge in max_rounds='
            ~ max_rounds ~ ' rounds (' ~ state['changed'] ~ ' labels still changing); raise max_rounds '
            ~ 'or cut the long chains / junk hubs that make the graph this deep') %}
    {%- endif -%}

    {#- Each component is named by its smallest node string: one window over the labels (which
        carry the strings), no join. -#}
    {%- set final_sql -%}
        select
            node,
            min(node) over (partition by label) as component_node
        from (
            {{ cc_final_labels_sql(work, state['labels'], first['leaves_stripped']) }}
        ) as final_labels
    {%- endset -%}
    {% call statement(statement_name) -%}
        {{ get_create_table_as_sql(False, relation, final_sql) }}
    {%- endcall %}

    {%- set n_edges = first['edges'] if first['edges'] is not none
        else (cc_count_rows(work['edges']) / 2) | int -%}
    {%- do cc_drop_work_tables(work) -%}

    {%- do log(log_prefix ~ state['rounds'] ~ ' rounds, ' ~ n_nodes ~ ' nodes, ' ~ n_edges
        ~ ' edges, ' ~ cc_seconds_since(started_at) ~ ' s', info=True) -%}
    {{ return({'rounds': state['rounds'], 'nodes': n_nodes, 'edges': n_edges}) }}

{% endmacro %}

{#- Select of (node, label) for every node once the rounds are over. Without stripped leaves the
    labels hold every node and its string; with them (duckdb__cc_first_round), each node takes the
    label found at its lookup id, else its own label. -#}
{% macro cc_final_labels_sql(work, labels, leaves_stripped) %}
    {%- if leaves_stripped %}
        select
            nodes.node,
            coalesce(labels.label, nodes.own_label) as label
        from {{ work['nodes'] }} as nodes
        left join {{ labels }} as labels on nodes.lookup_id = labels.node_id
    {%- else %}
        select node, label from {{ labels }}
    {%- endif %}
{% endmacro %}

{#- DuckDB's node id: hash(node), 64 bits. The var connected_components_hash_modulus (tests
    only) folds it into a small range so that the collision fallback can be exercised. -#}
{% macro cc_hash_id(node) -%}
    {%- if var('connected_components_hash_modulus', none) -%}
        hash({{ node }}) % {{ var('connected_components_hash_modulus') | int }}
    {%- else -%}
        hash({{ node }})
    {%- endif -%}
{%- endmacro %}

{#- The model's edges, the endpoints as node_a and node_b in their own type (an identifier node: uuid
    on DuckDB, text elsewhere; a key of the probabilistic graphs: text). -#}
{% macro cc_model_edges_sql(edges_sql, node_a, node_b) %}
    select
        {{ node_a }} as node_a,
        {{ node_b }} as node_b
    from (
        {{ edges_sql }}
    ) as model_sql
{% endmacro %}
