{#-
    PostgreSQL only: `body` (an expression that names `idr_once` one or more times) with `idr_once`
    bound to the value of `expr`, computed once per row.

    PostgreSQL has no common-subexpression elimination: a macro that writes its argument three
    times makes the database compute it three times, and the normalisers nest (a parsed timestamp
    inside a plausibility check inside a quarantine check), so a costly regex parse ran nine times
    per row. Here the value comes from a one-row derived table inside a scalar subquery; `offset 0`
    keeps the planner from inlining it back into copies. Still one set-based statement: the
    subquery is a projection of the current row, evaluated per row as any expression is.
-#}
{% macro postgres_evaluated_once(expr, body) -%}
    (select {{ body }} from (select {{ expr }} as idr_once offset 0) as idr_evaluated_once)
{%- endmacro %}
