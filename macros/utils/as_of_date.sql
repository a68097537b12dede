{#-
    The reference date for everything relative to "now": var('as_of') as a date literal
    expression, or current_date when the var is empty. Fails at compile time on a malformed date
    so that a typo in --vars never silently means "today".
-#}
{% macro as_of_date() -%}
    {%- set raw = var('as_of', '') -%}
    {%- set text = '' if raw is none else (raw | string | trim) -%}
    {%- if text == '' -%}
        {{- return('current_date') -}}
    {%- endif -%}
    {%- set parsed = modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
    {%- if not parsed -%}
        {{- exceptions.raise_compiler_error("var('as_of') must be empty or a date written YYYY-MM-DD, got '" ~ text ~ "'") -}}
    {%- endif -%}
    {%- set _ = modules.datetime.date(text[0:4] | int, text[5:7] | int, text[8:10] | int) -%}
    {{- return("cast('" ~ text ~ "' as date)") -}}
{%- endmacro %}
