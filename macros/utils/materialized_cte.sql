{#-
    The keyword that makes a common table expression computed once, before the query that reads
    it: `hashed_values as {{ materialized_cte() }} (...)`.

    DuckDB otherwise inlines a CTE read once, and its optimiser may then compute a costly
    projection of it (a keyed SHA-256 per distinct value) above a join, once per joined row instead
    of once per value: measured on int_identity__record_identifiers (docs/benchmarks.md, session
    19). PostgreSQL (12 and later) takes the same keyword. Spark has none and plans the CTE as a
    subquery, as before.
-#}
{% macro materialized_cte() -%}
    {{- return(adapter.dispatch('materialized_cte', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__materialized_cte() -%}
    materialized
{%- endmacro %}

{% macro spark__materialized_cte() -%}
{%- endmacro %}
