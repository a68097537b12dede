{#- Site / app login id: trimmed, in the case the source wrote it (matching folds case unless the
    type is case-sensitive: identifier_match_value); valid when its lowercase form matches
    ^[a-z0-9][a-z0-9_.:@-]{0,127}$. -#}

{% macro _account_id_cleaned(expr) -%}
    {{ identity_resolution.clean_text(expr) }}
{%- endmacro %}

{% macro account_id_invalid_reason(expr) -%}
    {{ identity_resolution._identifier_invalid_reason(
        'lower(' ~ identity_resolution._account_id_cleaned(expr) ~ ')',
        '^[a-z0-9][a-z0-9_.:@-]{0,127}$',
        128,
        placeholder_values=identity_resolution._identifier_placeholder_values(),
        placeholder_pattern=identity_resolution._identifier_all_zero_pattern(),
    ) }}
{%- endmacro %}

{% macro normalize_account_id(expr) -%}
    case when {{ identity_resolution.account_id_invalid_reason(expr) }} is null then {{ identity_resolution._account_id_cleaned(expr) }} end
{%- endmacro %}
