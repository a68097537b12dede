{#-
    Shared checks of the opaque identifiers (account_id, anonymous_id, device_id, esp_record_id,
    loyalty_number, card_token). Reasons, first failing wins: too_long, opted_out (device ids
    zeroed by the platform when the user limits tracking), placeholder (values systems write
    when they have none), invalid_syntax (the type's pattern does not match).
-#}

{#- Written by SDKs, forms and exports when there is no value. Compared in lowercase. -#}
{% macro _identifier_placeholder_values() -%}
    {{- return([
        'undefined', 'null', '(null)', 'none', 'nil', 'nan', 'n/a', 'na', 'unknown', 'unset', 'empty',
        'default', '0', '-1', '-', '--', 'test', 'anonymous', 'guest',
    ]) -}}
{%- endmacro %}

{#- Only zeros (and dashes), e.g. 00000000-0000-0000-0000-000000000000. -#}
{% macro _identifier_all_zero_pattern() -%}
    {{- return('^[0-]+$') -}}
{%- endmacro %}

{% macro _identifier_invalid_reason(cleaned_sql, pattern, max_length, placeholder_values=[], placeholder_pattern=none, opted_out_pattern=none) -%}
    {{- return(adapter.dispatch('_identifier_invalid_reason', 'identity_resolution')(cleaned_sql, pattern, max_length, placeholder_values, placeholder_pattern, opted_out_pattern)) -}}
{%- endmacro %}

{#- The cleaned value is written up to six times below: PostgreSQL computes it once (utils/postgres_evaluated_once.sql). -#}
{% macro postgres___identifier_invalid_reason(cleaned_sql, pattern, max_length, placeholder_values, placeholder_pattern, opted_out_pattern) -%}
    {{ identity_resolution.postgres_evaluated_once(cleaned_sql, identity_resolution.default___identifier_invalid_reason(
        'idr_once', pattern, max_length, placeholder_values, placeholder_pattern, opted_out_pattern)) }}
{%- endmacro %}

{% macro default___identifier_invalid_reason(cleaned_sql, pattern, max_length, placeholder_values, placeholder_pattern, opted_out_pattern) -%}
    case
        when {{ cleaned_sql }} is null then null
        when length({{ cleaned_sql }}) > {{ max_length }} then 'too_long'
        {%- if opted_out_pattern is not none %}
        when {{ identity_resolution.regex_matches(cleaned_sql, opted_out_pattern) }} then 'opted_out'
        {%- endif %}
        {%- if placeholder_values | length > 0 %}
        when {{ identity_resolution.value_in_list('lower(' ~ cleaned_sql ~ ')', placeholder_values) }} then 'placeholder'
        {%- endif %}
        {%- if placeholder_pattern is not none %}
        when {{ identity_resolution.regex_matches(cleaned_sql, placeholder_pattern) }} then 'placeholder'
        {%- endif %}
        when not {{ identity_resolution.regex_matches(cleaned_sql, pattern) }} then 'invalid_syntax'
    end
{%- endmacro %}
