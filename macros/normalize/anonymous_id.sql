{#- First-party cookie id: trim, lowercase; ^[a-z0-9][a-z0-9_.-]{7,127}$. -#}

{% macro _anonymous_id_cleaned(expr) -%}
    lower({{ identity_resolution.clean_text(expr) }})
{%- endmacro %}

{% macro anonymous_id_invalid_reason(expr) -%}
    {{ identity_resolution._identifier_invalid_reason(
        identity_resolution._anonymous_id_cleaned(expr),
        '^[a-z0-9][a-z0-9_.-]{7,127}$',
        128,
        placeholder_values=identity_resolution._identifier_placeholder_values(),
        placeholder_pattern=identity_resolution._identifier_all_zero_pattern(),
    ) }}
{%- endmacro %}

{% macro normalize_anonymous_id(expr) -%}
    case when {{ identity_resolution.anonymous_id_invalid_reason(expr) }} is null then {{ identity_resolution._anonymous_id_cleaned(expr) }} end
{%- endmacro %}
