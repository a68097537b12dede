{#-
    What kind of inbox a normalised address is: 'role' when its local part (without a +tag) is a
    shared function inbox, 'personal' when its domain is a free-mail provider or one typing slip
    away from one (see personal_email_domain_patterns), else 'business'; NULL for NULL. The lists
    are the seeds role_email_local_parts and personal_email_domains, read by the query itself (so
    a model calling this depends on both seeds). A domain row written "name.*" stands for every
    domain whose first label is name (yahoo.* = yahoo.co.uk, ...).
-#}
{% macro email_context(normalized_email_expr) -%}
    {%- set local_part = identity_resolution.regex_replace_all(identity_resolution.email_local_part(normalized_email_expr), '[+].*$', '') -%}
    {%- set domain = identity_resolution.email_domain(normalized_email_expr) -%}
    {%- set role_local_parts = ref('identity_resolution', 'role_email_local_parts') -%}
    {%- set personal_domains = '(' ~ identity_resolution.personal_email_domain_patterns() ~ ') as personal_email_domain_patterns' -%}
    case
        when ({{ normalized_email_expr }}) is null then null
        when {{ identity_resolution.value_in_relation(local_part, role_local_parts, 'local_part') }} then 'role'
        when {{ identity_resolution.value_in_relation(domain, personal_domains, 'domain') }}
            or {{ identity_resolution.value_in_relation(identity_resolution.regex_extract(domain, '^([^.]+)[.]') ~ " || '.*'", personal_domains, 'domain') }}
            then 'personal'
        else 'business'
    end
{%- endmacro %}


{#-
    A select of one column, domain: every row of the seed personal_email_domains and, unless the
    var email_domain_typos is false, every pattern one typing slip away from one (Damerau-Levenshtein
    distance 1 over the characters of a domain, a-z 0-9 - .): a character dropped, doubled, swapped
    with the next, replaced, or one added (gmial.com, icoud.com, gmail.con, yahooo.*). A slip never
    produces a listed domain. Plain SQL (substr, length, ||, a 0-99 digit cross join), so it runs
    unchanged on every engine; about 750 rows per listed domain, built inside the query that reads it.
-#}
{% macro personal_email_domain_patterns() -%}
    {%- set seed = ref('identity_resolution', 'personal_email_domains') -%}
    {%- if not var('email_domain_typos', true) -%}
    select lower(trim(domain)) as domain from {{ seed }}
    {%- else -%}
    with listed as (
        select distinct lower(trim(domain)) as listed_domain from {{ seed }} where domain is not null
    ),
    bodies as (
        select
            listed_domain,
            case when listed_domain like '%.*' then substr(listed_domain, 1, length(listed_domain) - 2) else listed_domain end as body,
            case when listed_domain like '%.*' then '.*' else '' end as suffix
        from listed
    ),
    digits as (
        select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
        union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
    ),
    positions as (
        select tens.d * 10 + ones.d as pos from digits as tens cross join digits as ones
    ),
    letters as (
        select substr('abcdefghijklmnopqrstuvwxyz0123456789-.', pos + 1, 1) as letter from positions where pos < 38
    ),
    slips as (
        select substr(body, 1, pos) || substr(body, pos + 2) || suffix as domain
        from bodies inner join positions on positions.pos < length(bodies.body)
        union all
        select substr(body, 1, pos + 1) || substr(body, pos + 1) || suffix
        from bodies inner join positions on positions.pos < length(bodies.body)
        union all
        select substr(body, 1, pos) || substr(body, pos + 2, 1) || substr(body, pos + 1, 1) || substr(body, pos + 3) || suffix
        from bodies inner join positions on positions.pos < length(bodies.body) - 1
        union all
        select substr(body, 1, pos) || letter || substr(body, pos + 2) || suffix
        from bodies inner join positions on positions.pos < length(bodies.body) cross join letters
        union all
        select substr(body, 1, pos) || letter || substr(body, pos + 1) || suffix
        from bodies inner join positions on positions.pos <= length(bodies.body) cross join letters
    )
    select listed_domain as domain from listed
    union
    select domain from slips where domain not in (select listed_domain from listed)
    {%- endif -%}
{%- endmacro %}
