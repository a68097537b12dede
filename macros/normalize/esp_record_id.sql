{#- The email service provider's recipient record id: trim, lowercase; ^[a-z0-9][a-z0-9_-]{3,63}$. -#}

{% macro _esp_record_id_cleaned(expr) -%}
    lower({{ identity_resolution.clean_text(expr) }})
{%- endmacro %}

{% macro esp_record_id_invalid_reason(expr) -%}
    {{ identity_resolution._identifier_invalid_reason(
        identity_resolution._esp_record_id_cleaned(expr),
        '^[a-z0-9][a-z0-9_-]{3,63}$',
        64,
        placeholder_values=identity_resolution._identifier_placeholder_values(),
        placeholder_pattern=identity_resolution._identifier_all_zero_pattern(),
    ) }}
{%- endmacro %}

{% macro normalize_esp_record_id(expr) -%}
    case when {{ identity_resolution.esp_record_id_invalid_reason(expr) }} is null then {{ identity_resolution._esp_record_id_cleaned(expr) }} end
{%- endmacro %}

{#-
    Raw value of the esp_rid query parameter of a URL (ESP click-throughs), NULL when absent or
    empty. Not percent-decoded and not normalised: pass it to normalize_esp_record_id.
-#}
{% macro esp_record_id_from_url(url_expr) -%}
    {{ identity_resolution.regex_extract(url_expr, '[?&]esp_rid=([^&#]*)', 1) }}
{%- endmacro %}
