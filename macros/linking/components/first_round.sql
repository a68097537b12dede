{#- Round 1: node ids, symmetric integer edges and the first labels (portable and DuckDB).
    Part of the connected-components materialization: see connected_components.sql in this folder. -#}


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
