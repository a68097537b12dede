{#-
    Phone numbers to E.164 (+<country calling code><national significant number>).

    Steps: strip "tel:", an extension ("x123", "ext. 123", "#123") and a "(0)" written after an
    international prefix; keep digits. "+cc..." and "00cc..." are international; anything else
    is national in the row's country (NULL -> var('default_phone_country')), prefixed with that
    country's calling code. Then one national trunk prefix is dropped: a "0" after the calling
    code for countries that dial one (not Italy, where the 0 belongs to the number; also when it
    was wrongly kept after "+cc"), and for NANP (+1) the "1" of an 11-digit national number.

    Reasons, first failing wins: not_a_number (letters or other symbols, or no digit),
    placeholder (fewer than 6 digits, all one digit, a long run of one digit, 1234567890 ...),
    unknown_country (national format and a country not in phone_country_codes()),
    invalid_length (not 8-15 digits, or a national number the country cannot have: wrong length,
    or for NANP an area code or exchange starting 0 or 1).
-#}

{#-
    One row per ISO 3166-1 alpha-2 country: calling code, national trunk prefix ('' = none), the
    shortest and longest national significant number (without the trunk prefix) and, optionally,
    a national_pattern the national number must match instead (NANP: area code and exchange
    start 2-9). Countries sharing a calling code must agree on the last two.
    Dispatched so that a project can override the table with its own version.
-#}
{% macro phone_country_codes() -%}
    {{- return(adapter.dispatch('phone_country_codes', 'identity_resolution')()) -}}
{%- endmacro %}

{% macro default__phone_country_codes() -%}
    {{- return({
        'US': {'calling_code': '1', 'trunk_prefix': '1', 'min_length': 10, 'max_length': 10, 'national_pattern': '[2-9][0-9]{2}[2-9][0-9]{6}'},
        'CA': {'calling_code': '1', 'trunk_prefix': '1', 'min_length': 10, 'max_length': 10, 'national_pattern': '[2-9][0-9]{2}[2-9][0-9]{6}'},
        'GB': {'calling_code': '44', 'trunk_prefix': '0', 'min_length': 9, 'max_length': 10},
        'DE': {'calling_code': '49', 'trunk_prefix': '0', 'min_length': 6, 'max_length': 13},
        'FR': {'calling_code': '33', 'trunk_prefix': '0', 'min_length': 9, 'max_length': 9},
        'NL': {'calling_code': '31', 'trunk_prefix': '0', 'min_length': 9, 'max_length': 9},
        'ES': {'calling_code': '34', 'trunk_prefix': '', 'min_length': 9, 'max_length': 9},
        'IT': {'calling_code': '39', 'trunk_prefix': '', 'min_length': 6, 'max_length': 11},
        'AU': {'calling_code': '61', 'trunk_prefix': '0', 'min_length': 9, 'max_length': 9},
        'BE': {'calling_code': '32', 'trunk_prefix': '0', 'min_length': 8, 'max_length': 9},
        'AT': {'calling_code': '43', 'trunk_prefix': '0', 'min_length': 6, 'max_length': 13},
        'CH': {'calling_code': '41', 'trunk_prefix': '0', 'min_length': 9, 'max_length': 9},
        'IE': {'calling_code': '353', 'trunk_prefix': '0', 'min_length': 7, 'max_length': 9},
        'PL': {'calling_code': '48', 'trunk_prefix': '', 'min_length': 9, 'max_length': 9},
        'SE': {'calling_code': '46', 'trunk_prefix': '0', 'min_length': 7, 'max_length': 9},
        'DK': {'calling_code': '45', 'trunk_prefix': '', 'min_length': 8, 'max_length': 8},
        'NO': {'calling_code': '47', 'trunk_prefix': '', 'min_length': 8, 'max_length': 8},
        'PT': {'calling_code': '351', 'trunk_prefix': '', 'min_length': 9, 'max_length': 9},
        'FI': {'calling_code': '358', 'trunk_prefix': '0', 'min_length': 6, 'max_length': 12},
        'BR': {'calling_code': '55', 'trunk_prefix': '0', 'min_length': 10, 'max_length': 11},
        'MX': {'calling_code': '52', 'trunk_prefix': '', 'min_length': 10, 'max_length': 10},
        'IN': {'calling_code': '91', 'trunk_prefix': '0', 'min_length': 10, 'max_length': 10},
        'JP': {'calling_code': '81', 'trunk_prefix': '0', 'min_length': 9, 'max_length': 10},
        'CN': {'calling_code': '86', 'trunk_prefix': '0', 'min_length': 10, 'max_length': 11},
        'NZ': {'calling_code': '64', 'trunk_prefix': '0', 'min_length': 8, 'max_length': 10},
        'SG': {'calling_code': '65', 'trunk_prefix': '', 'min_length': 8, 'max_length': 8},
        'ZA': {'calling_code': '27', 'trunk_prefix': '0', 'min_length': 9, 'max_length': 9},
    }) -}}
{%- endmacro %}

{#- Facts derived from the table: national lengths per calling code, regexes over the digits. -#}
{% macro _phone_rules() -%}
    {%- set countries = identity_resolution.phone_country_codes() -%}
    {%- set by_code = {} -%}
    {%- set pattern_by_code = {} -%}
    {%- set zero_trunk_codes = [] -%}
    {%- for iso2, row in countries.items() -%}
        {%- set code = row['calling_code'] | string -%}
        {%- if code in by_code -%}
            {%- do by_code.update({code: [
                [by_code[code][0], row['min_length']] | min,
                [by_code[code][1], row['max_length']] | max,
            ]}) -%}
        {%- else -%}
            {%- do by_code.update({code: [row['min_length'], row['max_length']]}) -%}
        {%- endif -%}
        {%- if row.get('national_pattern') and code not in pattern_by_code -%}
            {%- do pattern_by_code.update({code: row['national_pattern']}) -%}
        {%- endif -%}
        {%- if row['trunk_prefix'] == '0' and code not in zero_trunk_codes -%}
            {%- do zero_trunk_codes.append(code) -%}
        {%- endif -%}
    {%- endfor -%}
    {#- Longest codes first, so that an alternation never stops at a shorter one. -#}
    {%- set codes = [] -%}
    {%- set zero_trunk_sorted = [] -%}
    {%- for n in [3, 2, 1] -%}
        {%- for code in by_code.keys() | sort if code | length == n -%}
            {%- do codes.append(code) -%}
        {%- endfor -%}
        {%- for code in zero_trunk_codes | sort if code | length == n -%}
            {%- do zero_trunk_sorted.append(code) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set length_alternatives = [] -%}
    {%- for code in codes -%}
        {#- never outside E.164's 8-15 digits in total -#}
        {%- set shortest = [by_code[code][0], 8 - code | length] | max -%}
        {%- set longest = [by_code[code][1], 15 - code | length] | min -%}
        {%- if code in pattern_by_code -%}
            {%- do length_alternatives.append(code ~ '#' ~ pattern_by_code[code]) -%}
        {%- else -%}
            {%- do length_alternatives.append(code ~ '#[0-9]{' ~ shortest ~ ',' ~ longest ~ '}') -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return({
        'known_code_pattern': '^(' ~ (codes | join('|')) ~ ')',
        'valid_length_pattern': '^(' ~ (length_alternatives | join('|')) ~ '|[0-9]{8,15})$',
        'trunk_pattern': '^(' ~ (zero_trunk_sorted | join('|')) ~ ')0|^(1)1([0-9]{10})$',
    }) -}}
{%- endmacro %}

{% macro _phone_country(country_expr) -%}
    {%- set default_country = var('default_phone_country', 'US') | string | trim | upper -%}
    {%- if default_country not in identity_resolution.phone_country_codes() -%}
        {{- exceptions.raise_compiler_error("var('default_phone_country') = '" ~ default_country ~ "' is not a country of phone_country_codes()") -}}
    {%- endif -%}
    {%- if country_expr is none -%}
        {{- return(identity_resolution.string_literal(default_country)) -}}
    {%- endif -%}
    {{- return('coalesce(upper(' ~ identity_resolution.clean_text(country_expr) ~ '), ' ~ identity_resolution.string_literal(default_country) ~ ')') -}}
{%- endmacro %}

{#- Calling code of an ISO2 country expression, NULL when the country is not in the table. -#}
{% macro _phone_calling_code(country_sql) -%}
    case {{ country_sql }}
    {%- for iso2, row in identity_resolution.phone_country_codes().items() %} when {{ identity_resolution.string_literal(iso2) }} then {{ identity_resolution.string_literal(row['calling_code'] | string) }}{% endfor %} end
{%- endmacro %}

{#- Lowercased text without "tel:", extension and "(0)". -#}
{% macro _phone_stripped(expr) -%}
    {%- set extension = '[[:space:]]*(,+|;|#|x|ext[.]?|extn[.]?|extension)[[:space:]]*[0-9]{1,6}$' -%}
    {{ identity_resolution.regex_replace_all('lower(' ~ identity_resolution.clean_text(expr) ~ ')', '^tel:[[:space:]]*|[(]0[)]|' ~ extension, '') }}
{%- endmacro %}

{% macro _phone_digits(stripped_sql) -%}
    {{ identity_resolution.regex_replace_all(stripped_sql, '[^0-9]', '') }}
{%- endmacro %}

{#- Written with a leading + or with 00 as its first two digits. -#}
{% macro _phone_is_international(stripped_sql) -%}
    {{ identity_resolution.regex_matches(stripped_sql, '^([+]|[^0-9]*0[^0-9]*0)') }}
{%- endmacro %}

{#- Calling code and national significant number, digits only, before any check. -#}
{% macro _phone_full_digits(expr, country_expr) -%}
    {%- set stripped = identity_resolution._phone_stripped(expr) -%}
    {%- set digits = identity_resolution._phone_digits(stripped) -%}
    {%- set rules = identity_resolution._phone_rules() -%}
    {%- set joined -%}
        case
            when {{ identity_resolution._phone_is_international(stripped) }}
                then {{ identity_resolution.regex_replace_all(digits, '^00', '') }}
            else {{ identity_resolution._phone_calling_code(identity_resolution._phone_country(country_expr)) }} || {{ digits }}
        end
    {%- endset -%}
    {{ identity_resolution.regex_replace_all(joined, rules['trunk_pattern'], '$1$2$3') }}
{%- endmacro %}

{% macro phone_invalid_reason(expr, country_expr=none) -%}
    {%- set stripped = identity_resolution._phone_stripped(expr) -%}
    {%- set digits = identity_resolution._phone_digits(stripped) -%}
    {%- set rules = identity_resolution._phone_rules() -%}
    {%- set same_digit = [] -%}
    {%- for n in range(10) -%}
        {%- do same_digit.append(n ~ '{7,}') -%}
    {%- endfor -%}
    {#- all one digit; a run of 7+ of one digit after at most 4 others (+1 555 000 0000); a counting sequence -#}
    {%- set placeholder_pattern = '^[0-9]{0,4}(' ~ (same_digit | join('|')) ~ ')$|^(0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)$|0123456789|1234567890|123456789|987654321' -%}
    {#- A known calling code gets a # after it, so that one regex checks its national length and
        numbers with another code fall through to the plain 8-15 digits alternative. -#}
    {%- set code_marked = identity_resolution.regex_replace_all(identity_resolution._phone_full_digits(expr, country_expr), rules['known_code_pattern'], '$1#') -%}
    case
        when {{ identity_resolution.clean_text(expr) }} is null then null
        when not {{ identity_resolution.regex_matches(stripped, '^[+]?[0-9[:space:]()./-]*[0-9][0-9[:space:]()./-]*$') }}
            then 'not_a_number'
        when length({{ digits }}) < 6 or {{ identity_resolution.regex_matches(digits, placeholder_pattern) }}
            then 'placeholder'
        when not {{ identity_resolution._phone_is_international(stripped) }}
            and {{ identity_resolution._phone_calling_code(identity_resolution._phone_country(country_expr)) }} is null
            then 'unknown_country'
        when not {{ identity_resolution.regex_matches(code_marked, rules['valid_length_pattern']) }}
            then 'invalid_length'
    end
{%- endmacro %}

{% macro normalize_phone(expr, country_expr=none) -%}
    case
        when {{ identity_resolution.phone_invalid_reason(expr, country_expr) }} is null
            then '+' || {{ identity_resolution._phone_full_digits(expr, country_expr) }}
    end
{%- endmacro %}
