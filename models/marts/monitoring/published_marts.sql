{#- The marts BI tools read, with the level and routing policy each one states in its model docs
    (the **Level:** and **Routing:** parts of its description in models/marts/*.yml), so that
    dashboards show the policy without writing it a second time. -#}
{%- set marts = [
    'booking_guest_reminders', 'job_alert_audience', 'person_safety_attributes',
    'app_install_prompts', 'content_interest_segments', 'newsletter_cross_promotion',
    'identity_map', 'dim_devices', 'dim_personas', 'dim_persons', 'fct_identity_links',
    'identity_key_aliases',
] -%}

-- One row per published mart: its kind (use case or identity), level, routing policy (from its
-- model description) and row count at this run.
{% for mart in marts %}
    {%- set node = (graph.nodes.values() | selectattr('name', 'equalto', mart) | list | first) if execute else none -%}
    {%- set description = (node.description if node else '') | replace('\n', ' ') -%}
    {%- set kind = 'use_case' if node and 'use_cases' in node.fqn else 'identity' -%}
    {%- set level = modules.re.search('[*][*]Levels?:[*][*]\\s*(.*?)[.]?\\s*(?=[*][*]|$)', description) -%}
    {%- set routing = modules.re.search('[*][*]Routing:[*][*]\\s*(.*?)[.]?\\s*(?=[*][*]|$)', description) -%}
    select
        cast({{ string_literal(mart) }} as {{ dbt.type_string() }}) as mart_name,
        cast({{ string_literal(kind) }} as {{ dbt.type_string() }}) as mart_kind,
        cast(
            {{ string_literal(level.group(1)) if level else 'null' }} as {{ dbt.type_string() }}
        ) as resolution_level,
        cast(
            {{ string_literal(routing.group(1)) if routing else 'null' }} as {{ dbt.type_string() }}
        ) as routing_policy,
        count(*) as n_rows,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as built_at
    from {{ ref(mart) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
