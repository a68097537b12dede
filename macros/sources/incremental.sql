{#-
    Incremental mode (the "rivers" of the product brief). On files, and in a warehouse with the var
    `raw_batch_column`, each run reads only the raw batches not loaded yet, and the models that
    carry the cost (staging, the long-form identifiers, evidence, the connected components) update
    their tables from the new rows instead of rebuilding them; `dbt build --full-refresh` rebuilds
    everything from all batches and gives the same tables (tested). The var `incremental: false`
    turns the mode off: every model is then rebuilt in full on each run.
    Documented in _sources__macros.yml and docs/incremental.md.
-#}

{#- True when this project can run incrementally: batches can be told apart and the var allows it. -#}
{% macro incremental_enabled() %}
    {%- set wanted = var('incremental', true) -%}
    {%- if wanted is string -%}
        {#- --vars and config files may give the flag as text. -#}
        {%- set wanted = wanted | trim | lower in ['true', '1', 'yes', 'on'] -%}
    {%- endif -%}
    {%- if not wanted -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set folder = var('raw_data_path', '') | string | trim -%}
    {%- set batch_column = var('raw_batch_column', '') | string | trim -%}
    {{ return(folder | length > 0 or batch_column | length > 0) }}
{% endmacro %}


{#- The materialization of a model that can update incrementally: 'incremental' when the mode is
    on, else 'table' (so that nothing is ever appended twice when batches cannot be told apart). -#}
{% macro incremental_materialization() %}
    {{ return('incremental' if incremental_enabled() else 'table') }}
{% endmacro %}


{#- When this run started, as a SQL timestamp: every row a run adds carries it as _loaded_at. -#}
{% macro loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{#- The latest _loaded_at the calling incremental model holds, as a SQL literal, or none when the
    model is built in full (then every row is new). Read at run time, so filters on it are constants
    the engine can prune with. -#}
{% macro incremental_watermark(column='_loaded_at') %}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set existing_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if column | lower not in existing_columns -%}
        {% do exceptions.raise_compiler_error(
            'The table ' ~ this ~ ' has no column ' ~ column ~ ': it was built by an earlier version of '
            ~ 'this project. Rebuild it with `dbt build --full-refresh` (see docs/incremental.md).') %}
    {%- endif -%}
    {%- set result = run_query(
        'select cast(max(' ~ column ~ ') as ' ~ dbt.type_string() ~ ') from ' ~ this) -%}
    {%- set latest = result.columns[0].values()[0] -%}
    {%- if latest is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return("cast(" ~ string_literal(latest) ~ " as " ~ dbt.type_timestamp() ~ ")") }}
{% endmacro %}
