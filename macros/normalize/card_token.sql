{#- Tokenised payment card: trimmed only, case kept (tokens are case-sensitive); ^[A-Za-z0-9_-]{8,64}$. -#}

{% macro _card_token_cleaned(expr) -%}
    {{ identity_resolution.clean_text(expr) }}
{%- endmacro %}

{% macro card_token_invalid_reason(expr) -%}
    {{ identity_resolution._identifier_invalid_reason(
        identity_resolution._card_token_cleaned(expr),
        '^[A-Za-z0-9_-]{8,64}$',
        64,
        placeholder_values=identity_resolution._identifier_placeholder_values(),
        placeholder_pattern=identity_resolution._identifier_all_zero_pattern(),
    ) }}
{%- endmacro %}

{% macro normalize_card_token(expr) -%}
    case when {{ identity_resolution.card_token_invalid_reason(expr) }} is null then {{ identity_resolution._card_token_cleaned(expr) }} end
{%- endmacro %}
