{#- Loyalty card number: spaces, dashes and dots removed, uppercase; ^[A-Z0-9]{6,20}$. -#}

{% macro _loyalty_number_cleaned(expr) -%}
    nullif(upper({{ identity_resolution.regex_replace_all(identity_resolution.clean_text(expr), '[[:space:].-]+', '') }}), '')
{%- endmacro %}

{% macro loyalty_number_invalid_reason(expr) -%}
    {{ identity_resolution._identifier_invalid_reason(
        identity_resolution._loyalty_number_cleaned(expr),
        '^[A-Z0-9]{6,20}$',
        20,
        placeholder_values=identity_resolution._identifier_placeholder_values(),
        placeholder_pattern='^0+$',
    ) }}
{%- endmacro %}

{% macro normalize_loyalty_number(expr) -%}
    case when {{ identity_resolution.loyalty_number_invalid_reason(expr) }} is null then {{ identity_resolution._loyalty_number_cleaned(expr) }} end
{%- endmacro %}
