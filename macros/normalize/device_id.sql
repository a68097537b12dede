{#-
    Advertising or vendor device id (IDFA, IDFV, GAID, ...): trim, lowercase;
    ^[a-z0-9][a-z0-9_.-]{7,127}$. The all-zero id is what iOS and Android report when the user
    limits ad tracking: reason opted_out, not a device.
-#}

{% macro _device_id_cleaned(expr) -%}
    lower({{ identity_resolution.clean_text(expr) }})
{%- endmacro %}

{% macro device_id_invalid_reason(expr) -%}
    {{ identity_resolution._identifier_invalid_reason(
        identity_resolution._device_id_cleaned(expr),
        '^[a-z0-9][a-z0-9_.-]{7,127}$',
        128,
        placeholder_values=identity_resolution._identifier_placeholder_values(),
        opted_out_pattern='^0{8}-?0{4}-?0{4}-?0{4}-?0{12}$',
        placeholder_pattern=identity_resolution._identifier_all_zero_pattern(),
    ) }}
{%- endmacro %}

{% macro normalize_device_id(expr) -%}
    case when {{ identity_resolution.device_id_invalid_reason(expr) }} is null then {{ identity_resolution._device_id_cleaned(expr) }} end
{%- endmacro %}
