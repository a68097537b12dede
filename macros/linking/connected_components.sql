{#-
    Connected components of an undirected graph, in SQL, as a dbt materialization.

    A model materialized as `connected_components` selects undirected edges between string node ids
    and becomes a table (node, component_node), one row per node, where component_node is the
    smallest node id of the node's component by string ordering. A self-edge (x, x) declares an
    isolated node. Documented, with every macro here, in _linking__macros.yml beside this file.

    Why this shape (see docs/measured-facts.md in the shared docs):
    - string ids are mapped to exact integers first; integer joins are several times faster than
      string joins. DuckDB: hash(node), checked for collisions (distinct ids == distinct nodes; on a
      collision, the portable numbering); the edges then need no join back to the strings.
      Portable: row_number over the distinct nodes through a fixed bijection of [0, 2^32);
    - either way the ids are scattered: propagation is fastest when ids follow neither input order
      nor string order. Portable: the node string rides along in the labels table, and the
      smallest string of each component is taken once at the end by a window over the labels,
      with no join;
    - DuckDB: the first labels come from one group by over the endpoints (no node table joined
      with the edges), and leaves (one distinct neighbour: about half the nodes of an identity
      graph) stay out of the rounds: the node strings stay in the nodes table, which the end
      joins once to the labels by id (a leaf's by its neighbour's) before the window;
    - semi-naive min-label propagation: only nodes whose label dropped last round send it on, so
      late rounds touch the junk-hub component only; a neighbour that takes a smaller label also
      hooks the node its old label points at, and hooked groups follow by pointer doubling, so a
      group moves at once: a chain of 2,000 nodes mostly takes 8-40 rounds instead of up to 2,000
      (with a long tail: the test batch of 60 such chains took up to about 260);
    - rounds are driven here, one statement batch a round, until nothing changes; `max_rounds` stops
      a runaway loop with an error rather than a wrong answer.
    Engine-specific statements sit behind adapter.dispatch: `default__` is plain create-table-as
    SQL (no update, no recursive CTE, no temporary tables), `duckdb__` uses what DuckDB does faster.
    The var `connected_components_portable_sql: true` runs the `default__` versions on any engine,
    so tests hold both variants to the same answers.
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

    {#- Incremental mode (connected_components_incremental.sql): keep the edges of each build, and
        on the next run recompute only the components whose edges changed. -#}
    {%- set input_relation = cc_input_relation(target_relation) -%}
    {%- set keep_input = incremental_enabled() and config.get('incremental', true) -%}
    {%- set update = {'applied': false} -%}
    {%- if keep_input and existing_relation is not none and not should_full_refresh()
        and cc_relation_exists(input_relation) -%}
        {%- set update = cc_incremental_update(
            edges_sql=compiled_code,
            target=target_relation,
            input_relation=input_relation,
            node_a=node_a,
            node_b=node_b,
            max_rounds=max_rounds,
            work_prefix=target_relation.identifier,
        ) -%}
        {%- if not update['applied'] -%}
            {%- do log('connected_components ' ~ target_relation.identifier ~ ': full rebuild, '
                ~ update['reason'], info=True) -%}
        {%- endif -%}
    {%- endif -%}

    {% if update['applied'] %}
        {#- dbt expects a 'main' statement. -#}
        {% call statement('main') -%}
            select count(*) as n from {{ target_relation }}
        {%- endcall %}
    {% else %}
        {%- set edges_sql = compiled_code -%}
        {%- if keep_input -%}
            {%- set next_input = cc_input_relation(target_relation, '__cc_input_next') -%}
            {%- do cc_save_input(next_input, compiled_code, node_a, node_b) -%}
            {%- set edges_sql = 'select node_a, node_b from ' ~ next_input -%}
        {%- endif -%}
        {%- set stats = connected_components_build(
            edges_sql=edges_sql,
            relation=intermediate_relation,
            node_a='node_a' if keep_input else node_a,
            node_b='node_b' if keep_input else node_b,
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
        {%- if keep_input -%}
            {%- do adapter.drop_relation(input_relation) -%}
            {%- do adapter.rename_relation(next_input, input_relation) -%}
        {%- else -%}
            {%- do adapter.drop_relation(input_relation) -%}
        {%- endif -%}
    {% endif %}

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


{#- Creates work['labels'] (node, node_id, label: the smallest id among the node and its
    neighbours), work['edges'] (see cc_map_nodes) and work['frontier_1'] (node_id, label: the nodes
    whose label is not their own id). Returns {'nodes': n, 'changed': rows of frontier_1}. -#}
{% macro cc_first_round(work, edges_sql, node_a, node_b) %}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_first_round(work, edges_sql, node_a, node_b)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_first_round', 'identity_resolution')(work, edges_sql, node_a, node_b)) }}
{% endmacro %}

{#- Portable: the nodes and edges of cc_map_nodes, then each node's smallest neighbour. -#}
{% macro default__cc_first_round(work, edges_sql, node_a, node_b) %}
    {%- set n_nodes = cc_map_nodes(work, edges_sql, node_a, node_b) -%}
    {{ return(cc_first_round_from_nodes(work, n_nodes)) }}
{% endmacro %}

{% macro cc_first_round_from_nodes(work, n_nodes) %}
    {%- set labels_sql -%}
        select
            nodes.node,
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
    {%- do adapter.drop_relation(work['nodes']) -%}
    {%- set frontier_sql -%}
        select node_id, label from {{ work['labels'] }} where label < node_id
    {%- endset -%}
    {%- do cc_create_work_table(work['frontier_1'], frontier_sql) -%}
    {{ return({
        'nodes': n_nodes,
        'changed': cc_count_rows(work['frontier_1']),
        'edges': none,
        'leaves_stripped': false,
    }) }}
{% endmacro %}

{#- DuckDB: ids are hash(node) (cc_hash_id), and leaves are stripped. One group by
    over the endpoints (each row carrying the hash of the other end) gives every node its smallest
    and largest neighbour: no join of a node table with the edges. A node with exactly one distinct
    neighbour is a leaf: it is on no path between two other nodes, so the other nodes' components
    do not depend on it, and it ends with its neighbour's label. Only the other nodes (the core,
    about half the nodes of an identity graph) and the edges between two of them enter the rounds.
    work['nodes'] keeps every node with where to find its label at the end (cc_final_labels_sql):
    `lookup_id` (itself, or a leaf's neighbour) in the labels, else `own_label` (an isolated node:
    its id; two leaves joined to each other: the smaller id). A core node's first label is the
    smallest id among itself and its core neighbours, so labels are always core ids and the hooks
    of cc_label_round always find the node a label points at. Exactness is checked in the same
    batch (distinct ids == rows); on a collision, the portable numbering without stripping. -#}
{% macro duckdb__cc_first_round(work, edges_sql, node_a, node_b) %}
    {%- set batch_sql -%}
        create or replace temporary table {{ work['nodes'] }} as
        with

        model_edges as (
            {{ cc_model_edges_sql(edges_sql, node_a, node_b) }}
        ),

        endpoints as (
            select
                node_a as node,
                case when node_a <> node_b then {{ cc_hash_id('node_b') }} end as neighbour_id
            from model_edges
            where node_a is not null
            union all
            select
                node_b as node,
                case when node_a <> node_b then {{ cc_hash_id('node_a') }} end as neighbour_id
            from model_edges
            where node_b is not null
        ),

        grouped as (
            select
                node,
                min(neighbour_id) as min_neighbour,
                max(neighbour_id) as max_neighbour,
                count(neighbour_id) as n_edge_ends
            from endpoints
            group by node
        ),

        ids as (
            select
                node,
                {{ cc_hash_id('node') }} as node_id,
                min_neighbour,
                max_neighbour,
                n_edge_ends
            from grouped
        )

        select
            node,
            node_id,
            min_neighbour <> max_neighbour as is_core,
            case when min_neighbour = max_neighbour then min_neighbour else node_id end as lookup_id,
            least(node_id, coalesce(min_neighbour, node_id)) as own_label,
            n_edge_ends
        from ids;
        select
            count(*) as n_nodes,
            count(distinct node_id) as n_ids,
            coalesce(sum(n_edge_ends), 0) as n_edge_ends
        from {{ work['nodes'] }}
    {%- endset -%}
    {%- set counts = run_query(batch_sql) -%}
    {%- set n_nodes = counts.columns[0].values()[0] | int -%}
    {%- set n_ids = counts.columns[1].values()[0] | int -%}
    {%- set n_edges = (counts.columns[2].values()[0] | int) // 2 -%}
    {%- if n_ids != n_nodes -%}
        {%- do log('connected_components: ' ~ (n_nodes - n_ids) ~ ' hash collisions among node ids; '
            ~ 'numbering the nodes instead', info=True) -%}
        {%- do adapter.drop_relation(work['nodes']) -%}
        {%- set n_nodes = default__cc_map_nodes(work, edges_sql, node_a, node_b) -%}
        {{ return(cc_first_round_from_nodes(work, n_nodes)) }}
    {%- endif -%}
    {%- set batch_sql -%}
        create or replace temporary table {{ work['edges'] }} as
        with

        model_edges as (
            {{ cc_model_edges_sql(edges_sql, node_a, node_b) }}
        ),

        core as (
            select node_id from {{ work['nodes'] }} where is_core
        ),

        undirected as (
            select
                {{ cc_hash_id('node_a') }} as node_1,
                {{ cc_hash_id('node_b') }} as node_2
            from model_edges
            where node_a <> node_b
        ),

        core_edges as (
            select node_1, node_2
            from undirected
            where
                node_1 in (select node_id from core)
                and node_2 in (select node_id from core)
        )

        select node_1 as src, node_2 as dst from core_edges
        union all
        select node_2 as src, node_1 as dst from core_edges;
        create or replace temporary table {{ work['labels'] }} as
        select
            nodes.node_id,
            least(nodes.node_id, coalesce(neighbours.min_neighbour, nodes.node_id)) as label
        from {{ work['nodes'] }} as nodes
        left join (
            select src, min(dst) as min_neighbour
            from {{ work['edges'] }}
            group by src
        ) as neighbours on nodes.node_id = neighbours.src
        where nodes.is_core;
        create or replace temporary table {{ work['frontier_1'] }} as
        select node_id, label from {{ work['labels'] }} where label < node_id;
        select count(*) as n from {{ work['frontier_1'] }}
    {%- endset -%}
    {%- set n_changed = run_query(batch_sql).columns[0].values()[0] | int -%}
    {{ return({'nodes': n_nodes, 'changed': n_changed, 'edges': n_edges, 'leaves_stripped': true}) }}
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

{#- The model's edges with the endpoints cast to text. -#}
{% macro cc_model_edges_sql(edges_sql, node_a, node_b) %}
    select
        cast({{ node_a }} as {{ dbt.type_string() }}) as node_a,
        cast({{ node_b }} as {{ dbt.type_string() }}) as node_b
    from (
        {{ edges_sql }}
    ) as model_sql
{% endmacro %}


{#- Creates work['nodes'] (node, node_id), one row per non-null endpoint, and work['edges']
    (src, dst): every model edge between two different nodes, both ways, as ids (duplicate edges are
    kept: they change no label). Returns the number of nodes. Ids must be exact (two strings never
    share an id) and scattered (their order follows neither the input order nor the string order:
    ids rising along a chain make the smallest label crawl one hop a round). -#}
{% macro cc_map_nodes(work, edges_sql, node_a, node_b) %}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_map_nodes(work, edges_sql, node_a, node_b)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_map_nodes', 'identity_resolution')(work, edges_sql, node_a, node_b)) }}
{% endmacro %}

{#- Portable: the row number over the distinct nodes put through a fixed bijection of [0, 2^32)
    (multiply by an odd constant, swap the 16-bit halves, three times), and the string edges joined
    to it. -#}
{% macro default__cc_map_nodes(work, edges_sql, node_a, node_b) %}
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

        distinct_nodes as (
            select node from endpoints group by node
        ),

        numbered as (
            select
                node,
                {{ cc_node_row_number('node') }} as row_id
            from distinct_nodes
        ),

        scrambled_1 as (
            select
                node,
                (row_id * 1103515245) % 4294967296 as x
            from numbered
        ),

        scrambled_2 as (
            select
                node,
                {{ cc_swap_halves('x') }} * 1664525 % 4294967296 as x
            from scrambled_1
        ),

        scrambled_3 as (
            select
                node,
                {{ cc_swap_halves('x') }} * 22695477 % 4294967296 as x
            from scrambled_2
        )

        select
            node,
            {{ cc_swap_halves('x') }} as node_id
        from scrambled_3
    {%- endset -%}
    {%- do cc_create_work_table(work['nodes'], nodes_sql) -%}
    {%- set n_nodes = cc_count_rows(work['nodes']) -%}
    {%- if n_nodes >= 4294967296 -%}
        {%- do cc_drop_work_tables(work) -%}
        {% do exceptions.raise_compiler_error(
            'connected_components: ' ~ n_nodes ~ ' nodes; at most 2^32 - 1 are supported') %}
    {%- endif -%}

    {%- set edges_sql_int -%}
        with

        model_edges as (
            {{ cc_model_edges_sql(edges_sql, node_a, node_b) }}
        ),

        undirected as (
            select
                nodes_a.node_id as node_1,
                nodes_b.node_id as node_2
            from model_edges
            inner join {{ work['nodes'] }} as nodes_a on model_edges.node_a = nodes_a.node
            inner join {{ work['nodes'] }} as nodes_b on model_edges.node_b = nodes_b.node
            where model_edges.node_a <> model_edges.node_b
        )

        select node_1 as src, node_2 as dst from undirected
        union all
        select node_2 as src, node_1 as dst from undirected
    {%- endset -%}
    {%- do cc_create_work_table(work['edges'], edges_sql_int) -%}
    {{ return(n_nodes) }}
{% endmacro %}

{#- One round. Returns {'changed': nodes whose label dropped, 'labels': the relation now holding
    the labels, 'compress_steps': n}. Steps:
    1. hooks: each neighbour of a frontier node that holds a larger label takes the frontier's
       smallest label, and so does the node that neighbour's label points at (its root): whole
       groups then move at once instead of one hop a round;
    2. compress the hooks by pointer doubling (a hooked root may itself have been hooked) until
       no hook points at another hooked node;
    3. next frontier: the hooked nodes, and every node whose label is a hooked node (it follows its
       root); each row is a strict decrease;
    4. apply the next frontier to the labels.
    Every node whose label drops is in the next frontier, so it sends its new label to all its
    neighbours next round: when the frontier is empty, both ends of every edge hold the same label,
    which is then the smallest id of the component. -#}
{% macro cc_label_round(edges, labels, spare, frontier, next_frontier, hooks) %}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_label_round(edges, labels, spare, frontier, next_frontier, hooks)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_label_round', 'identity_resolution')(
        edges, labels, spare, frontier, next_frontier, hooks)) }}
{% endmacro %}

{% macro cc_hooks_sql(edges, labels, frontier) %}
    with

    proposals as (
        select
            edges.dst as node_id,
            min(frontier.label) as label
        from {{ frontier }} as frontier
        inner join {{ edges }} as edges on frontier.node_id = edges.src
        group by edges.dst
    ),

    improved as (
        select
            proposals.node_id,
            proposals.label,
            labels.label as old_label
        from proposals
        inner join {{ labels }} as labels on proposals.node_id = labels.node_id
        where proposals.label < labels.label
    ),

    hooks as (
        select node_id, label from improved
        union all
        select old_label as node_id, label from improved
    )

    select
        hooks.node_id,
        min(hooks.label) as label
    from hooks
    inner join {{ labels }} as labels on hooks.node_id = labels.node_id
    group by hooks.node_id, labels.label
    having min(hooks.label) < labels.label
{% endmacro %}

{#- One pointer-doubling step over the hooks; is_moved flags the rows that followed a pointer. -#}
{% macro cc_compress_hooks_sql(hooks) %}
    select
        hooks.node_id,
        coalesce(parents.label, hooks.label) as label,
        parents.node_id is not null as is_moved
    from {{ hooks }} as hooks
    left join {{ hooks }} as parents on hooks.label = parents.node_id
{% endmacro %}

{#- A hooked node's new label, and for every node whose label is a hooked node (it follows its
    root) that node's new label: both are strict decreases. Inner joins only, so the one scan of
    the labels probes a small hash table and keeps only the followers. -#}
{% macro cc_next_frontier_sql(labels, hooks) %}
    with

    changes as (
        select node_id, label from {{ hooks }}
        union all
        select
            labels.node_id,
            via_root.label
        from {{ labels }} as labels
        inner join {{ hooks }} as via_root on labels.label = via_root.node_id
    )

    select
        node_id,
        min(label) as label
    from changes
    group by node_id
{% endmacro %}

{% macro default__cc_label_round(edges, labels, spare, frontier, next_frontier, hooks) %}
    {%- do cc_create_work_table(hooks[0], cc_hooks_sql(edges, labels, frontier)) -%}
    {%- do adapter.drop_relation(frontier) -%}
    {%- set state = {'current': 0, 'moved': 1, 'steps': 0} -%}
    {%- for step in range(64) if state['moved'] > 0 -%}
        {%- set source = hooks[state['current']] -%}
        {%- set target = hooks[1 - state['current']] -%}
        {%- do adapter.drop_relation(target) -%}
        {%- do cc_create_work_table(target, cc_compress_hooks_sql(source)) -%}
        {%- do adapter.drop_relation(source) -%}
        {%- set moved = run_query('select count(*) as n from ' ~ target ~ ' where is_moved') -%}
        {%- do state.update({
            'current': 1 - state['current'],
            'moved': moved.columns[0].values()[0] | int,
            'steps': step + 1,
        }) -%}
    {%- endfor -%}
    {%- set final_hooks = hooks[state['current']] -%}
    {%- do cc_create_work_table(next_frontier, cc_next_frontier_sql(labels, final_hooks)) -%}
    {%- do adapter.drop_relation(final_hooks) -%}
    {%- set n_changed = cc_count_rows(next_frontier) -%}
    {%- if n_changed == 0 -%}
        {{ return({'changed': 0, 'labels': labels, 'compress_steps': state['steps']}) }}
    {%- endif -%}
    {#- No UPDATE on every engine (Spark): rewrite the labels under the spare name. -#}
    {%- set rewrite_sql -%}
        select
            labels.node,
            labels.node_id,
            coalesce(changed.label, labels.label) as label
        from {{ labels }} as labels
        left join {{ next_frontier }} as changed on labels.node_id = changed.node_id
    {%- endset -%}
    {%- do cc_create_work_table(spare, rewrite_sql) -%}
    {%- do adapter.drop_relation(labels) -%}
    {{ return({'changed': n_changed, 'labels': spare, 'compress_steps': state['steps']}) }}
{% endmacro %}

{% macro duckdb__cc_label_round(edges, labels, spare, frontier, next_frontier, hooks) %}
    {#- Batches of statements (fewer round trips) and an in-place UPDATE instead of a rewrite. -#}
    {%- set first_sql -%}
        create or replace temporary table {{ hooks[0] }} as
        {{ cc_hooks_sql(edges, labels, frontier) }};
        drop table if exists {{ frontier }};
        create or replace temporary table {{ hooks[1] }} as
        {{ cc_compress_hooks_sql(hooks[0]) }};
        select count(*) filter (where is_moved) as n from {{ hooks[1] }}
    {%- endset -%}
    {%- set state = {
        'current': 1,
        'moved': run_query(first_sql).columns[0].values()[0] | int,
        'steps': 1,
    } -%}
    {%- for step in range(63) if state['moved'] > 0 -%}
        {%- set step_sql -%}
            create or replace temporary table {{ hooks[1 - state['current']] }} as
            {{ cc_compress_hooks_sql(hooks[state['current']]) }};
            select count(*) filter (where is_moved) as n from {{ hooks[1 - state['current']] }}
        {%- endset -%}
        {%- do state.update({
            'moved': run_query(step_sql).columns[0].values()[0] | int,
            'current': 1 - state['current'],
            'steps': state['steps'] + 1,
        }) -%}
    {%- endfor -%}
    {%- set apply_sql -%}
        create or replace temporary table {{ next_frontier }} as
        {{ cc_next_frontier_sql(labels, hooks[state['current']]) }};
        update {{ labels }} as labels
        set label = changed.label
        from {{ next_frontier }} as changed
        where labels.node_id = changed.node_id;
        drop table if exists {{ hooks[0] }};
        drop table if exists {{ hooks[1] }};
        select count(*) as n from {{ next_frontier }}
    {%- endset -%}
    {%- set n_changed = run_query(apply_sql).columns[0].values()[0] | int -%}
    {{ return({'changed': n_changed, 'labels': labels, 'compress_steps': state['steps']}) }}
{% endmacro %}


{#- Relation for a work table. DuckDB: a temporary table, kept in memory (spills if it must). -#}
{% macro cc_work_relation(relation, identifier) %}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_work_relation(relation, identifier)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_work_relation', 'identity_resolution')(relation, identifier)) }}
{% endmacro %}

{% macro default__cc_work_relation(relation, identifier) %}
    {{ return(relation.incorporate(path={'identifier': identifier}, type='table')) }}
{% endmacro %}

{% macro duckdb__cc_work_relation(relation, identifier) %}
    {{ return(api.Relation.create(identifier=identifier, type='table')) }}
{% endmacro %}


{% macro cc_create_work_table(relation, sql) %}
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_create_work_table(relation, sql)) }}
    {%- endif -%}
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
    {%- if var('connected_components_portable_sql', false) -%}
        {{ return(default__cc_node_row_number(node_column)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('cc_node_row_number', 'identity_resolution')(node_column)) }}
{% endmacro %}

{% macro default__cc_node_row_number(node_column) -%}
    row_number() over (order by {{ node_column }})
{%- endmacro %}

{% macro duckdb__cc_node_row_number(node_column) -%}
    row_number() over ()
{%- endmacro %}


{#- Swaps the 16-bit halves of an integer in [0, 2^32): a bijection, in portable arithmetic. -#}
{% macro cc_swap_halves(x) -%}
    (({{ x }} % 65536) * 65536 + cast(floor({{ x }} / 65536) as bigint))
{%- endmacro %}


{% macro cc_count_rows(relation) %}
    {%- set result = run_query('select count(*) as n from ' ~ relation) -%}
    {{ return(result.columns[0].values()[0] | int) }}
{% endmacro %}


{% macro cc_seconds_since(started_at) %}
    {{ return('%.2f' | format((modules.datetime.datetime.now() - started_at).total_seconds())) }}
{% endmacro %}
