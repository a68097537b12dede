{#-
    What kind of inbox a normalised address is: 'role' when its local part (without a +tag) is a
    shared function inbox, 'personal' when its domain is a free-mail provider, else 'business';
    NULL for NULL. The lists are the seeds role_email_local_parts and personal_email_domains,
    read by the query itself (so a model calling this depends on both seeds). A domain row
    written "name.*" stands for every domain whose first label is name (yahoo.* = yahoo.co.uk, ...).
-#}
{% macro email_context(normalized_email_expr) -%}
    {%- set local_part = identity_resolution.regex_replace_all(identity_resolution.email_local_part(normalized_email_expr), '[+].*$', '') -%}
    {%- set domain = identity_resolution.email_domain(normalized_email_expr) -%}
    {%- set role_local_parts = ref('identity_resolution', 'role_email_local_parts') -%}
    {%- set personal_domains = ref('identity_resolution', 'personal_email_domains') -%}
    case
        when ({{ normalized_email_expr }}) is null then null
        when {{ identity_resolution.value_in_relation(local_part, role_local_parts, 'local_part') }} then 'role'
        when {{ identity_resolution.value_in_relation(domain, personal_domains, 'domain') }}
            or {{ identity_resolution.value_in_relation(identity_resolution.regex_extract(domain, '^([^.]+)[.]') ~ " || '.*'", personal_domains, 'domain') }}
            then 'personal'
        else 'business'
    end
{%- endmacro %}
