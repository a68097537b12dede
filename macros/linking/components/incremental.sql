{#-
    Incremental update of a `connected_components` model (see connected_components.sql and
    docs/incremental.md). The model keeps a copy of the edges it was last built from, in
    `<model>__cc_input` beside it. On an incremental run:
    1. the model's edges now are compared with that copy: the endpoints of every edge added or
       removed are the touched nodes, and so is every node of the edges without a row in the table
       or with a row but no edge (rows the erasure purge deleted);
    2. the affected nodes are the touched nodes and every member of the components they were in;
    3. the components of the affected nodes are recomputed from the edges that touch them (an
       edge between an affected and an unaffected node cannot exist: an old edge lies inside one
       old component, a changed one has touched ends; this is checked, and a full rebuild follows
       if it ever fails), with the same connected_components_build as a full build;
    4. the affected rows of the table are replaced, and the copy of the edges with the new edges.
    Components are named by their smallest node, so the table equals a full rebuild on the same
    edges. Growth, merges and splits (a removed edge) are all handled; untouched components are
    never read again, so a small batch costs the size of the components it touches.
-#}

{#- The relation holding the edges a connected_components model was last built from. -#}
{% macro cc_input_relation(target_relation, suffix='__cc_input') %}
    {{ return(target_relation.incorporate(
        path={'identifier': identity_resolution.cc_table_identifier(target_relation.identifier ~ suffix)}, type='table')) }}
{% endmacro %}


{#- True when `relation` exists in the warehouse (not only in dbt's cache). -#}
{% macro cc_relation_exists(relation) %}
    {%- set found = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
    {{ return(found is not none) }}
{% endmacro %}


{#- Creates `relation` holding the model's edges as text (node_a, node_b). -#}
{% macro cc_save_input(relation, edges_sql, node_a, node_b) %}
    {%- do adapter.drop_relation(relation) -%}
    {% call statement('cc_save_input', auto_begin=False) -%}
        {{ get_create_table_as_sql(False, relation, cc_model_edges_sql(edges_sql, node_a, node_b)) }}
    {%- endcall %}
{% endmacro %}


{#- Runs steps 1-4 above. Returns {'applied': true, ...counts} or {'applied': false, 'reason'}
    when the model must be rebuilt in full instead (nothing has been changed then). -#}
{% macro cc_incremental_update(edges_sql, target, input_relation, node_a, node_b, max_rounds, work_prefix) %}
    {%- set next_input = cc_input_relation(target, '__cc_input_next') -%}
    {%- set touched = cc_work_relation(target, work_prefix ~ '__cc_touched') -%}
    {%- set affected = cc_work_relation(target, work_prefix ~ '__cc_affected') -%}
    {%- set recomputed = cc_input_relation(target, '__cc_recomputed') -%}
    {%- set started_at = modules.datetime.datetime.now() -%}
    {%- do adapter.drop_relation(recomputed) -%}
    {%- do cc_save_input(next_input, edges_sql, node_a, node_b) -%}

    {%- set touched_sql -%}
        with

        added as (
            select node_a, node_b from {{ next_input }}
            except
            select node_a, node_b from {{ input_relation }}
        ),

        removed as (
            select node_a, node_b from {{ input_relation }}
            except
            select node_a, node_b from {{ next_input }}
        ),

        changed as (
            select node_a, node_b from added
            union all
            select node_a, node_b from removed
        ),

        edge_nodes as (
            select node_a as node from {{ next_input }} where node_a is not null
            union
            select node_b as node from {{ next_input }} where node_b is not null
        ),

        -- The table and the copy of its edges can drift apart: the erasure purge deletes the rows
        -- whose component_node is an erased identifier, but not the edges of the other members
        -- (a persona's edge to itself), and a later run may bring those members back. A node of the
        -- edges without a row, or a row without an edge, is touched too, so the table is the one a
        -- full rebuild gives.
        drifted as (
            (select node from edge_nodes except select node from {{ target }})
            union all
            (select node from {{ target }} except select node from edge_nodes)
        )

        select node_a as node from changed where node_a is not null
        union
        select node_b as node from changed where node_b is not null
        union
        select node from drifted
    {%- endset -%}
    {%- do cc_create_work_table(touched, touched_sql) -%}
    {%- set n_touched = cc_count_rows(touched) -%}

    {%- if n_touched > 0 -%}
        {%- set affected_sql -%}
            select node from {{ touched }}
            union
            select members.node
            from {{ target }} as members
            where members.component_node in (
                select components.component_node
                from {{ target }} as components
                inner join {{ touched }} as touched_nodes
                    on components.node = touched_nodes.node
            )
        {%- endset -%}
        {%- do cc_create_work_table(affected, affected_sql) -%}
        {%- set n_affected = cc_count_rows(affected) -%}

        {#- Safety net: no edge may join an affected node to an unaffected one. -#}
        {%- set leak_sql -%}
            select count(*) as n
            from {{ next_input }} as edges
            left join {{ affected }} as side_a on edges.node_a = side_a.node
            left join {{ affected }} as side_b on edges.node_b = side_b.node
            where
                edges.node_a is not null
                and edges.node_b is not null
                and (side_a.node is null) <> (side_b.node is null)
        {%- endset -%}
        {%- set n_leaks = run_query(leak_sql).columns[0].values()[0] | int -%}
        {%- if n_leaks > 0 -%}
            {%- do adapter.drop_relation(next_input) -%}
            {%- do adapter.drop_relation(touched) -%}
            {%- do adapter.drop_relation(affected) -%}
            {{ return({'applied': false, 'reason': n_leaks ~ ' edges cross the affected set'}) }}
        {%- endif -%}

        {%- set sub_edges_sql -%}
            select node_a, node_b
            from {{ next_input }}
            where
                node_a in (select node from {{ affected }})
                or node_b in (select node from {{ affected }})
        {%- endset -%}
        {%- set stats = connected_components_build(
            edges_sql=sub_edges_sql,
            relation=recomputed,
            node_a='node_a',
            node_b='node_b',
            max_rounds=max_rounds,
            work_prefix=work_prefix ~ '_sub',
            statement_name='cc_recompute',
        ) -%}
        {%- do cc_replace_rows(target, affected, recomputed) -%}
        {%- do adapter.drop_relation(recomputed) -%}
        {%- do adapter.drop_relation(affected) -%}
    {%- else -%}
        {%- set n_affected = 0 -%}
        {%- set stats = {'rounds': 0, 'nodes': 0, 'edges': 0} -%}
    {%- endif -%}
    {%- do adapter.drop_relation(touched) -%}
    {%- do adapter.drop_relation(input_relation) -%}
    {%- do adapter.rename_relation(next_input, input_relation) -%}
    {%- do log('connected_components ' ~ work_prefix ~ ': incremental, ' ~ n_touched ~ ' touched nodes, '
        ~ n_affected ~ ' affected nodes, ' ~ stats['rounds'] ~ ' rounds, '
        ~ cc_seconds_since(started_at) ~ ' s', info=True) -%}
    {{ return({'applied': true, 'touched': n_touched, 'affected': n_affected, 'rounds': stats['rounds']}) }}
{% endmacro %}


{#- Replaces the rows of `target` whose node is in `affected` by the rows of `recomputed`. -#}
{% macro cc_replace_rows(target, affected, recomputed) %}
    {{ return(adapter.dispatch('cc_replace_rows', 'identity_resolution')(target, affected, recomputed)) }}
{% endmacro %}

{#- Portable: rebuild the table under a new name and swap (no DELETE needed). -#}
{% macro default__cc_replace_rows(target, affected, recomputed) %}
    {%- set rebuilt = cc_input_relation(target, '__cc_rebuilt') -%}
    {%- do adapter.drop_relation(rebuilt) -%}
    {%- set rebuilt_sql -%}
        select node, component_node
        from {{ target }}
        where node not in (select node from {{ affected }})
        union all
        select node, component_node
        from {{ recomputed }}
    {%- endset -%}
    {% call statement('cc_replace_rows', auto_begin=False) -%}
        {{ get_create_table_as_sql(False, rebuilt, rebuilt_sql) }}
    {%- endcall %}
    {%- do adapter.drop_relation(target) -%}
    {%- do adapter.rename_relation(rebuilt, target) -%}
{% endmacro %}

{% macro duckdb__cc_replace_rows(target, affected, recomputed) %}
    {% call statement('cc_replace_rows', auto_begin=False) -%}
        delete from {{ target }} where node in (select node from {{ affected }});
        insert into {{ target }} (node, component_node)
        select node, component_node from {{ recomputed }}
    {%- endcall %}
{% endmacro %}
