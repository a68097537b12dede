{#-
    Email addresses. Cleaning: trim, lowercase, strip a leading "mailto:". Checks, first failing
    wins: too_long (over 254 characters), placeholder (junk typed to get past a required field),
    invalid_syntax (not a plain RFC 5322 dot-atom address with a dotted domain and a TLD of two
    or more letters).
-#}

{% macro _email_syntax_pattern() -%}
    {%- set atom = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+" -%}
    {%- set label = '[a-z0-9]([a-z0-9-]*[a-z0-9])?' -%}
    {{- return('^' ~ atom ~ '([.]' ~ atom ~ ')*@' ~ label ~ '([.]' ~ label ~ ')*[.][a-z]{2,}$') -}}
{%- endmacro %}

{#- Values, local parts and domains that people type when they have no address to give. -#}
{% macro _email_placeholders() -%}
    {{- return({
        'values': [
            'n/a', 'na', 'n.a.', 'none', 'null', 'nil', 'nan', 'unknown', 'undefined', '-', '--', '.', '0',
            'x', 'xx', 'xxx', 'test', 'no', 'nomail', 'noemail', 'no email', 'no-email', 'none@none',
            'email@email.com', 'test@test.com', 'a@a.com', 'a@b.com', 'x@x.com', 'xx@xx.com', 'no@email.com',
            'none@none.com', 'null@null.com', 'asdf@asdf.com', 'name@domain.com', 'user@domain.com',
        ],
        'local_parts': [
            'noemail', 'no.email', 'no-email', 'no_email', 'nomail', 'no.mail', 'none', 'null', 'nil', 'na',
            'n/a', 'unknown', 'dummy', 'fake', 'invalid', 'asdf', 'qwerty', 'xxx',
        ],
        'domains': [
            'example.com', 'example.org', 'example.net', 'test.com', 'test.test', 'none.com', 'none',
            'noemail.com', 'nomail.com', 'invalid', 'invalid.com', 'domain.com', 'email.invalid',
            'fake.com', 'dummy.com', 'localhost',
        ],
    }) -}}
{%- endmacro %}

{#- Trimmed, lowercased, without mailto:; NULL when blank. Not yet checked. -#}
{% macro _email_cleaned(expr) -%}
    nullif({{ identity_resolution.regex_replace_all('lower(' ~ identity_resolution.clean_text(expr) ~ ')', '^mailto:[[:space:]]*', '') }}, '')
{%- endmacro %}

{% macro email_invalid_reason(expr) -%}
    {{- return(adapter.dispatch('email_invalid_reason', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{% macro default__email_invalid_reason(expr) -%}
    {{ identity_resolution._email_invalid_reason_of_cleaned(identity_resolution._email_cleaned(expr)) }}
{%- endmacro %}

{#- The cleaned address is written seven times in the checks: PostgreSQL computes it once (utils/postgres_evaluated_once.sql). -#}
{% macro postgres__email_invalid_reason(expr) -%}
    {{ identity_resolution.postgres_evaluated_once(identity_resolution._email_cleaned(expr), identity_resolution._email_invalid_reason_of_cleaned('idr_once')) }}
{%- endmacro %}

{#- The checks, on an expression holding the cleaned address (_email_cleaned). -#}
{% macro _email_invalid_reason_of_cleaned(email) -%}
    {%- set placeholders = identity_resolution._email_placeholders() -%}
    case
        when {{ email }} is null then null
        when length({{ email }}) > 254 then 'too_long'
        when {{ identity_resolution.value_in_list(email, placeholders['values']) }}
            or {{ identity_resolution.value_in_list(identity_resolution.email_local_part(email), placeholders['local_parts']) }}
            or {{ identity_resolution.value_in_list(identity_resolution.email_domain(email), placeholders['domains']) }}
            then 'placeholder'
        when not {{ identity_resolution.regex_matches(email, identity_resolution._email_syntax_pattern()) }} then 'invalid_syntax'
    end
{%- endmacro %}

{% macro normalize_email(expr) -%}
    {{- return(adapter.dispatch('normalize_email', 'identity_resolution')(expr)) -}}
{%- endmacro %}

{% macro default__normalize_email(expr) -%}
    case when {{ identity_resolution.email_invalid_reason(expr) }} is null then {{ identity_resolution._email_cleaned(expr) }} end
{%- endmacro %}

{% macro postgres__normalize_email(expr) -%}
    {{ identity_resolution.postgres_evaluated_once(identity_resolution._email_cleaned(expr),
        'case when ' ~ identity_resolution._email_invalid_reason_of_cleaned('idr_once') ~ ' is null then idr_once end') }}
{%- endmacro %}

{#- Part after the last @ of a normalised address (NULL when there is no @). -#}
{% macro email_domain(normalized_expr) -%}
    {{ identity_resolution.regex_extract(normalized_expr, '@([^@]+)$') }}
{%- endmacro %}

{#- Part before the last @ of a normalised address (NULL when there is no @). -#}
{% macro email_local_part(normalized_expr) -%}
    {{ identity_resolution.regex_extract(normalized_expr, '^(.+)@[^@]*$') }}
{%- endmacro %}
