{#-
    Trim white space (spaces, tabs, line breaks, no-break space, zero-width space, byte-order
    mark) from both ends; NULL when nothing is left. The first step of every normaliser: a blank
    value is missing, not invalid.
-#}
{% macro clean_text(expr) -%}
    {{- return(adapter.dispatch('clean_text', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{% macro default__clean_text(expr) -%}
    {#- The Jinja escapes below render to the characters themselves: no backslash reaches the SQL. -#}
    {%- set blank = '[[:space:]\u00a0\u200b\ufeff]' -%}
    nullif({{ identity_resolution.regex_replace_all(expr, '^' ~ blank ~ '+|' ~ blank ~ '+$', '') }}, '')
{%- endmacro %}

{#- DuckDB trims a set of characters without a regex: the same blanks, several times faster. -#}
{% macro duckdb__clean_text(expr) -%}
    nullif(trim({{ expr }}, chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(160) || chr(8203) || chr(65279)), '')
{%- endmacro %}

{#- PostgreSQL has no common-subexpression elimination: a normaliser repeats clean_text(x) a dozen
    times in one row's expression, so a regex here costs a dozen regex runs per value. btrim over
    the same set of characters is one cheap pass (and the same set as DuckDB's). -#}
{% macro postgres__clean_text(expr) -%}
    nullif(btrim({{ expr }}, chr(32) || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(160) || chr(8203) || chr(65279)), '')
{%- endmacro %}
