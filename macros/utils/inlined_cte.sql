{#-
    The keyword that lets the engine read a common table expression's source again in each query
    that uses it instead of writing it once and reading the copy back:
    `source as {{ inlined_cte() }} (...)`.

    DuckDB writes a CTE read more than once to a temporary result (spilled when large). For raw
    rows read by several narrow queries (base_web__events: eight distinct-value lists and the typed
    rows), scanning the raw table or file again for the one column each needs is cheaper than
    writing every raw column once and reading all of them back: at 1M persons 84 s against 113 s
    (docs/benchmarks.md, session 28). PostgreSQL keeps its default (a row store reads whole rows,
    so one written copy is cheaper than eight scans); Spark has no keyword.
-#}
{% macro inlined_cte() -%}
    {{- return(adapter.dispatch('inlined_cte', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__inlined_cte() -%}
{%- endmacro %}

{% macro duckdb__inlined_cte() -%}
    not materialized
{%- endmacro %}
