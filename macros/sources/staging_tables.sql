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


{#- The optional date and timestamp columns of the raw tables (the `dates` of the var raw_tables
    that are not required), with the base model holding them: a value out of its plausible range
    becomes NULL there, with <column>_invalid_reason 'out_of_range' (identity_quality_metrics
    counts them). Required ones quarantine their row instead (out_of_range:<column>). -#}
{% macro optional_date_columns() %}
    {%- set columns = [] -%}
    {%- for name, table in var('raw_tables').items() -%}
        {%- for column in (table.get('dates') or {}) if column not in table.required -%}
            {%- do columns.append({'source_table': name, 'base': table.base, 'column': column}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(columns) }}
{% endmacro %}
