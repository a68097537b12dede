{#- True when an account of one context (business | personal) meets an email of the other. Unknown
    or role contexts never conflict here (role addresses are kept out as shared identifiers). -#}
{% macro context_conflict(account_context, email_context) -%}
    coalesce(
        {{ account_context }} in ('business', 'personal')
        and {{ email_context }} in ('business', 'personal')
        and {{ account_context }} != {{ email_context }},
        false
    )
{%- endmacro %}
