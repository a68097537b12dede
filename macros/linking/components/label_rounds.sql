{#- Later rounds: semi-naive min-label propagation with hooking and pointer doubling.
    Part of the connected-components materialization: see connected_components.sql in this folder. -#}

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
