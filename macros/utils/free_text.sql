{#-
    A free-text attribute as it may be published: control characters (NUL, escape, ...; every
    character below U+0020 and U+007F) become a space, white space is trimmed from both ends
    (clean_text: NULL when nothing is left), and the value is cut to max_length characters, so
    that no NUL byte or megabyte string reaches a mart.
-#}
{% macro free_text(expr, max_length) -%}
    {%- set printable = identity_resolution.regex_replace_all(expr, '[[:cntrl:]]+', ' ') -%}
    substring({{ identity_resolution.clean_text(printable) }}, 1, {{ max_length }})
{%- endmacro %}

