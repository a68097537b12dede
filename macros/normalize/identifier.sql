{#-
    One entry point for every identifier type, so that a source mapped onto the identifier types
    needs no new code. The switch happens in Jinja: identifier_type is a constant, not a column.
-#}

{#- The published identifier types: the var identifier_types (dbt_project.yml, the one list). A
    project that installs this one as a package and calls its macros from its own models does not
    see this project's vars (dbt scopes them to the package's nodes): it gets the standard types. -#}
{% macro identifier_types() -%}
    {{- return(var('identifier_types', [
        'email', 'phone', 'account_id', 'anonymous_id', 'device_id', 'esp_record_id',
        'loyalty_number', 'card_token',
    ])) -}}
{%- endmacro %}

{% macro _check_identifier_type(identifier_type, caller_name) -%}
    {%- if identifier_type not in identity_resolution.identifier_types() -%}
        {{- exceptions.raise_compiler_error(
            caller_name ~ ": unknown identifier_type '" ~ identifier_type ~ "'; expected one of: "
            ~ (identity_resolution.identifier_types() | join(', '))
        ) -}}
    {%- endif -%}
{%- endmacro %}

{% macro normalize_identifier(identifier_type, expr, country_expr=none) -%}
    {%- do identity_resolution._check_identifier_type(identifier_type, 'normalize_identifier') -%}
    {%- if identifier_type == 'email' -%}
        {{ identity_resolution.normalize_email(expr) }}
    {%- elif identifier_type == 'phone' -%}
        {{ identity_resolution.normalize_phone(expr, country_expr) }}
    {%- elif identifier_type == 'account_id' -%}
        {{ identity_resolution.normalize_account_id(expr) }}
    {%- elif identifier_type == 'anonymous_id' -%}
        {{ identity_resolution.normalize_anonymous_id(expr) }}
    {%- elif identifier_type == 'device_id' -%}
        {{ identity_resolution.normalize_device_id(expr) }}
    {%- elif identifier_type == 'esp_record_id' -%}
        {{ identity_resolution.normalize_esp_record_id(expr) }}
    {%- elif identifier_type == 'loyalty_number' -%}
        {{ identity_resolution.normalize_loyalty_number(expr) }}
    {%- elif identifier_type == 'card_token' -%}
        {{ identity_resolution.normalize_card_token(expr) }}
    {%- endif -%}
{%- endmacro %}

{% macro identifier_invalid_reason(identifier_type, expr, country_expr=none) -%}
    {%- do identity_resolution._check_identifier_type(identifier_type, 'identifier_invalid_reason') -%}
    {%- if identifier_type == 'email' -%}
        {{ identity_resolution.email_invalid_reason(expr) }}
    {%- elif identifier_type == 'phone' -%}
        {{ identity_resolution.phone_invalid_reason(expr, country_expr) }}
    {%- elif identifier_type == 'account_id' -%}
        {{ identity_resolution.account_id_invalid_reason(expr) }}
    {%- elif identifier_type == 'anonymous_id' -%}
        {{ identity_resolution.anonymous_id_invalid_reason(expr) }}
    {%- elif identifier_type == 'device_id' -%}
        {{ identity_resolution.device_id_invalid_reason(expr) }}
    {%- elif identifier_type == 'esp_record_id' -%}
        {{ identity_resolution.esp_record_id_invalid_reason(expr) }}
    {%- elif identifier_type == 'loyalty_number' -%}
        {{ identity_resolution.loyalty_number_invalid_reason(expr) }}
    {%- elif identifier_type == 'card_token' -%}
        {{ identity_resolution.card_token_invalid_reason(expr) }}
    {%- endif -%}
{%- endmacro %}
