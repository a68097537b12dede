{#-
    Connected components of an undirected graph, in SQL, as a dbt materialization.

    A model materialized as `connected_components` selects undirected edges between string node ids
    and becomes a table (node, component_node), one row per node, where component_node is the
    smallest node id of the node's component by string ordering. A self-edge (x, x) declares an
    isolated node. Documented, with every macro of this folder, in ../_linking__macros.yml and _incremental__macros.yml.

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

    {#- Incremental mode (incremental.sql beside this file): keep the edges of each build, and
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

        {%- do cc_swap_into_place(existing_relation, intermediate_relation, target_relation, backup_relation) -%}
        {%- if keep_input -%}
            {%- do adapter.drop_relation(input_relation) -%}
            {%- do adapter.rename_relation(next_input, input_relation) -%}
        {%- else -%}
            {%- do adapter.drop_relation(input_relation) -%}
        {%- endif -%}
    {% endif %}

    {{ cc_finish_table(existing_relation, target_relation, backup_relation, grant_config, post_hooks, model) }}

    {{ return({'relations': [target_relation]}) }}

{% endmaterialization %}
