{#- The raw tables of the source contract with their base and staging model and record key, in
    the order of the var raw_tables (dbt_project.yml, the one list): for every model that needs to
    go over all of them (quarantine, metrics, the raw = staged + quarantined test). -#}
{% macro staging_tables() %}
    {%- set tables = [] -%}
    {%- for name, table in var('raw_tables').items() -%}
        {%- do tables.append({
            'source': table.source, 'source_table': name, 'base': table.base,
            'staged': table.staged, 'key': table.key}) -%}
    {%- endfor -%}
    {{ return(tables) }}
{% endmacro %}
