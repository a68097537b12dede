{#-
    Trim white space (spaces, tabs, line breaks, no-break space, zero-width space, byte-order
    mark) from both ends; NULL when nothing is left. The first step of every normaliser: a blank
    value is missing, not invalid.
-#}
{% macro clean_text(expr) -%}
    {#- The Jinja escapes below render to the characters themselves: no backslash reaches the SQL. -#}
    {%- set blank = '[[:space:]\u00a0\u200b\ufeff]' -%}
    nullif({{ identity_resolution.regex_replace_all(expr, '^' ~ blank ~ '+|' ~ blank ~ '+$', '') }}, '')
{%- endmacro %}
