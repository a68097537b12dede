{#-
    Connected components of an undirected graph, in SQL, as a dbt materialization.

    A model materialized as `connected_components` selects undirected edges between string node ids
    and becomes a table (node, component_node), one row per node, where component_node is the
    smallest node id of the node's component by string ordering. A self-edge (x, x) declares an
    isolated node. Long text: docs block `connected_components` in _linking__macros.yml's folder.

    Why this shape (see docs/measured-facts.md in the shared docs):
    - string ids are mapped to integers first (row_number over the distinct nodes: exact, unlike a
      hash); integer joins are several times faster than string joins;
    - the integer id puts high-degree nodes first, so the winning label of a big component starts at
      its hubs and crosses it in about its radius instead of washing over it in waves; the smallest
      string of each component is taken once at the end, so ids never leak into the result;
    - semi-naive min-label propagation: only nodes whose label dropped last round send it on, so
      late rounds touch the junk-hub component only;
    - rounds are driven here, one statement batch a round, until nothing changes; `max_rounds` stops
      a runaway loop with an error rather than a wrong answer.
    Engine-specific statements sit behind adapter.dispatch: `default__` is plain create-table-as
    SQL (no update, no recursive CTE, no temporary tables), `duckdb__` uses what DuckDB does faster.
-#}

{% materialization connected_components, default %}

    {%- set node_a = config.get('node_a', 'node_a') -%}
    {%- set node_b = config.get('node_b', 'node_b') -%}
    {%- set max_rounds = config.get('max_rounds', 1000) -%}

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

    {%- set stats = connected_components_build(
        edges_sql=compiled_code,
        relation=intermediate_relation,
        node_a=node_a,
        node_b=node_b,
        max_rounds=max_rounds,
        work_prefix=target_relation.identifier,
        statement_name='main',
    ) -%}

    {% if existing_relation is not none %}
        {#- It may have been dropped since it was first looked up. -#}
        {% set existing_relation = load_cached_relation(existing_relation) %}
        {% if existing_relation is not none %}
            {{ adapter.rename_relation(existing_relation, backup_relation) }}
        {% endif %}
    {% endif %}
    {{ adapter.rename_relation(intermediate_relation, target_relation) }}

    {{ run_hooks(post_hooks, inside_transaction=True) }}

    {% set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) %}
    {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}
    {% do persist_docs(target_relation, model) %}

    {{ adapter.commit() }}

    {{ drop_relation_if_exists(backup_relation) }}

    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}


{#-
    Builds `relation` as (node, component_node) from `edges_sql`, a select with the columns
    `node_a` and `node_b`. Returns {'rounds', 'nodes', 'edges'}; `edges` counts distinct undirected
    edges between two different nodes. Work tables are named `<work_prefix>__cc_<part>` and are
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
    {%- for part in ['nodes', 'edges', 'labels', 'labels_next', 'frontier_0', 'frontier_1'] -%}
        {%- do work.update({part: cc_work_relation(relation, prefix ~ part)}) -%}
    {%- endfor -%}
    {%- set started_at = modules.datetime.datetime.now() -%}
    {%- set log_prefix = 'connected_components ' ~ (work_prefix or relation.identifier) ~ ': ' -%}

    {#- Leftovers from a run that failed half way. -#}
    {%- do cc_drop_work_tables(work) -%}

    {#- Every endpoint is a node, a null is none. The id keeps the row number exact in its low
        32 bits; the high bits rank by degree so that hubs hold the smallest ids. -#}
    {%- set nodes_sql -%}
        with

        model_edges as (
            {{ cc_model_edges_sql(edges_sql, node_a, node_b) }}
        ),

        endpoints as (
            select node_a as node from model_edges where node_a is not null
            union all
            select node_b as node from model_edges where node_b is not null
        ),

        degrees as (
            select
                node,
                count(*) as n_endpoints
            from endpoints
            group by node
        )

        select
            node,
            (1073741824 - least(n_endpoints, 1073741823)) * 4294967296
            + {{ cc_node_row_number('node') }} as node_id
        from degrees
    {%- endset -%}
    {%- do cc_create_work_table(work['nodes'], nodes_sql) -%}

    {%- set edges_sql_int -%}
        with

        model_edges as (
            {{ cc_model_edges_sql(edges_sql, node_a, node_b) }}
        ),

        undirected as (
            select distinct
                least(nodes_a.node_id, nodes_b.node_id) as node_lo,
                greatest(nodes_a.node_id, nodes_b.node_id) as node_hi
            from model_edges
            inner join {{ work['nodes'] }} as nodes_a on model_edges.node_a = nodes_a.node
            inner join {{ work['nodes'] }} as nodes_b on model_edges.node_b = nodes_b.node
            where model_edges.node_a <> model_edges.node_b
        )

        select node_lo as src, node_hi as dst from undirected
        union all
        select node_hi as src, node_lo as dst from undirected
    {%- endset -%}
    {%- do cc_create_work_table(work['edges'], edges_sql_int) -%}

    {#- Round 1: every node takes the smallest id among itself and its neighbours. -#}
    {%- set labels_sql -%}
        select
            nodes.node_id,
            least(nodes.node_id, coalesce(neighbours.min_neighbour, nodes.node_id)) as label
        from {{ work['nodes'] }} as nodes
        left join (
            select src, min(dst) as min_neighbour
            from {{ work['edges'] }}
            group by src
        ) as neighbours on nodes.node_id = neighbours.src
    {%- endset -%}
    {%- do cc_create_work_table(work['labels'], labels_sql) -%}
    {%- set frontier_sql -%}
        select node_id, label from {{ work['labels'] }} where label < node_id
    {%- endset -%}
    {%- do cc_create_work_table(work['frontier_1'], frontier_sql) -%}
    {%- set n_changed = cc_count_rows(work['frontier_1']) -%}
    {%- do log(log_prefix ~ 'round 1: ' ~ n_changed ~ ' labels changed, '
        ~ cc_seconds_since(started_at) ~ ' s', info=False) -%}

    {#- Later rounds: only the nodes whose label dropped last round send it on. -#}
    {%- set state = {'rounds': 1, 'labels': work['labels'], 'spare': work['labels_next'], 'changed': n_changed} -%}
    {%- for round in range(2, max_rounds + 1) if state['changed'] > 0 -%}
        {%- set frontier = work['frontier_' ~ ((round - 1) % 2)] -%}
        {%- set changed = work['frontier_' ~ (round % 2)] -%}
        {%- set result = cc_label_round(
            work['edges'], state['labels'], frontier, changed, state['spare']) -%}
        {%- do state.update({
            'rounds': round,
            'changed': result['changed'],
            'spare': state['labels'] if result['labels'] != state['labels'] else state['spare'],
            'labels': result['labels'],
        }) -%}
        {%- do log(log_prefix ~ 'round ' ~ round ~ ': ' ~ result['changed'] ~ ' labels changed, '
            ~ cc_seconds_since(started_at) ~ ' s', info=False) -%}
    {%- endfor -%}

    {%- if state['changed'] > 0 -%}
        {%- do cc_drop_work_tables(work) -%}
        {% do exceptions.raise_compiler_error(
            'connected_components: ' ~ relation.identifier ~ ' did not converge in max_rounds='
            ~ max_rounds ~ ' rounds (' ~ state['changed'] ~ ' labels still changing); raise max_rounds '
            ~ 'or cut the long chains / junk hubs that make the graph this deep') %}
    {%- endif -%}

    {#- Back to strings: each component is named by its smallest node string. -#}
    {%- set final_sql -%}
        with

        labelled as (
            select
                nodes.node,
                labels.label
            from {{ state['labels'] }} as labels
            inner join {{ work['nodes'] }} as nodes on labels.node_id = nodes.node_id
        ),

        leaders as (
            select
                label,
                min(node) as component_node
            from labelled
            group by label
        )

        select
            labelled.node,
            leaders.component_node
        from labelled
        inner join leaders on labelled.label = leaders.label
    {%- endset -%}
    {% call statement(statement_name) -%}
        {{ get_create_table_as_sql(False, relation, final_sql) }}
    {%- endcall %}

    {%- set n_nodes = cc_count_rows(work['nodes']) -%}
    {%- set n_edges = (cc_count_rows(work['edges']) / 2) | int -%}
    {%- do cc_drop_work_tables(work) -%}

    {%- do log(log_prefix ~ state['rounds'] ~ ' rounds, ' ~ n_nodes ~ ' nodes, ' ~ n_edges
        ~ ' edges, ' ~ cc_seconds_since(started_at) ~ ' s', info=True) -%}
    {{ return({'rounds': state['rounds'], 'nodes': n_nodes, 'edges': n_edges}) }}

{% endmacro %}


{#- The model's edges with the endpoints cast to text. -#}
{% macro cc_model_edges_sql(edges_sql, node_a, node_b) %}
    select
        cast({{ node_a }} as {{ dbt.type_string() }}) as node_a,
        cast({{ node_b }} as {{ dbt.type_string() }}) as node_b
    from (
        {{ edges_sql }}
    ) as model_sql
{% endmacro %}


{#- One round of semi-naive propagation. Creates `changed` with the nodes whose label drops this
    round, applies it to `labels`, drops `frontier`. Returns {'changed': n, 'labels': relation now
    holding the labels} (`spare` is a free name for engines that rewrite instead of update). -#}
{% macro cc_label_round(edges, labels, frontier, changed, spare) %}
    {{ return(adapter.dispatch('cc_label_round', 'identity_resolution')(edges, labels, frontier, changed, spare)) }}
{% endmacro %}

{% macro cc_changed_labels_sql(edges, labels, frontier) %}
    select
        candidates.node_id,
        candidates.label
    from (
        select
            edges.dst as node_id,
            min(frontier.label) as label
        from {{ frontier }} as frontier
        inner join {{ edges }} as edges on frontier.node_id = edges.src
        group by edges.dst
    ) as candidates
    inner join {{ labels }} as labels on candidates.node_id = labels.node_id
    where candidates.label < labels.label
{% endmacro %}

{% macro default__cc_label_round(edges, labels, frontier, changed, spare) %}
    {%- do cc_create_work_table(changed, cc_changed_labels_sql(edges, labels, frontier)) -%}
    {%- do adapter.drop_relation(frontier) -%}
    {%- set n_changed = cc_count_rows(changed) -%}
    {%- if n_changed == 0 -%}
        {{ return({'changed': 0, 'labels': labels}) }}
    {%- endif -%}
    {#- No UPDATE on every engine: rewrite the labels under the spare name. -#}
    {%- set rewrite_sql -%}
        select
            labels.node_id,
            coalesce(changed.label, labels.label) as label
        from {{ labels }} as labels
        left join {{ changed }} as changed on labels.node_id = changed.node_id
    {%- endset -%}
    {%- do cc_create_work_table(spare, rewrite_sql) -%}
    {%- do adapter.drop_relation(labels) -%}
    {{ return({'changed': n_changed, 'labels': spare}) }}
{% endmacro %}

{% macro duckdb__cc_label_round(edges, labels, frontier, changed, spare) %}
    {#- One batch a round: fewer round trips; update in place instead of a rewrite. -#}
    {%- set round_sql -%}
        create or replace temporary table {{ changed }} as
        {{ cc_changed_labels_sql(edges, labels, frontier) }};
        drop table if exists {{ frontier }};
        update {{ labels }} as labels
        set label = changed.label
        from {{ changed }} as changed
        where labels.node_id = changed.node_id;
        select count(*) as n from {{ changed }}
    {%- endset -%}
    {%- set n_changed = run_query(round_sql).columns[0].values()[0] | int -%}
    {{ return({'changed': n_changed, 'labels': labels}) }}
{% endmacro %}


{#- Relation for a work table. DuckDB: a temporary table, kept in memory (spills if it must). -#}
{% macro cc_work_relation(relation, identifier) %}
    {{ return(adapter.dispatch('cc_work_relation', 'identity_resolution')(relation, identifier)) }}
{% endmacro %}

{% macro default__cc_work_relation(relation, identifier) %}
    {{ return(relation.incorporate(path={'identifier': identifier}, type='table')) }}
{% endmacro %}

{% macro duckdb__cc_work_relation(relation, identifier) %}
    {{ return(api.Relation.create(identifier=identifier, type='table')) }}
{% endmacro %}


{% macro cc_create_work_table(relation, sql) %}
    {{ return(adapter.dispatch('cc_create_work_table', 'identity_resolution')(relation, sql)) }}
{% endmacro %}

{% macro default__cc_create_work_table(relation, sql) %}
    {% call statement('cc_create_work_table', auto_begin=False) -%}
        create table {{ relation }} as
        {{ sql }}
    {%- endcall %}
{% endmacro %}

{% macro duckdb__cc_create_work_table(relation, sql) %}
    {% call statement('cc_create_work_table', auto_begin=False) -%}
        create or replace temporary table {{ relation }} as
        {{ sql }}
    {%- endcall %}
{% endmacro %}


{% macro cc_drop_work_tables(work) %}
    {%- for part in work -%}
        {%- do adapter.drop_relation(work[part]) -%}
    {%- endfor -%}
{% endmacro %}


{#- A row number over the distinct nodes. Portable SQL needs an order; DuckDB numbers without one,
    which saves a sort of every node string (the id only has to be unique). -#}
{% macro cc_node_row_number(node_column) %}
    {{ return(adapter.dispatch('cc_node_row_number', 'identity_resolution')(node_column)) }}
{% endmacro %}

{% macro default__cc_node_row_number(node_column) -%}
    row_number() over (order by {{ node_column }})
{%- endmacro %}

{% macro duckdb__cc_node_row_number(node_column) -%}
    row_number() over ()
{%- endmacro %}


{% macro cc_count_rows(relation) %}
    {%- set result = run_query('select count(*) as n from ' ~ relation) -%}
    {{ return(result.columns[0].values()[0] | int) }}
{% endmacro %}


{% macro cc_seconds_since(started_at) %}
    {{ return('%.2f' | format((modules.datetime.datetime.now() - started_at).total_seconds())) }}
{% endmacro %}
