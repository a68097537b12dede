{#-
    The relation a staging model reads a raw table from: the file `<raw_data_path>/<table>.<ext>`
    when the var `raw_data_path` is set, else the declared source (`raw` schema of the warehouse).
    `source()` is always called so that lineage and `dbt source freshness` keep working.
-#}
{% macro raw_table(source_name, table_name) %}
    {%- set declared = source(source_name, table_name) -%}
    {%- set folder = var('raw_data_path', '') | string | trim -%}
    {%- if folder | length == 0 -%}
        {{ return(declared) }}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_file_reader', 'identity_resolution')(folder, table_name)) }}
{% endmacro %}


{% macro default__raw_file_reader(folder, table_name) %}
    {{ exceptions.raise_compiler_error(
        "raw_data_path is only supported on DuckDB targets (" ~ target.type ~ " was given). "
        ~ "Load the raw tables into the schema of the `raw` sources instead and leave raw_data_path empty."
    ) }}
{% endmacro %}


{% macro duckdb__raw_file_reader(folder, table_name) %}
    {%- set base = folder.rstrip('/') ~ '/' ~ table_name -%}
    {%- set format = raw_file_format(base) -%}
    {%- set quoted = "'" ~ (base ~ '.' ~ format) | replace("'", "''") ~ "'" -%}
    {%- if format == 'parquet' -%}
        {{ return("read_parquet(" ~ quoted ~ ")") }}
    {%- else -%}
        {#- Everything is read as text: typing happens in staging, so one bad value never aborts a load. -#}
        {{ return(
            "read_csv(" ~ quoted ~ ", header = true, all_varchar = true, delim = ',', quote = '\"', "
            ~ "escape = '\"', max_line_size = 20000000)"
        ) }}
    {%- endif -%}
{% endmacro %}


{#- parquet | csv for a raw table, from the var `raw_data_format` (auto: parquet when that file exists). -#}
{% macro raw_file_format(base_path) %}
    {%- set wanted = var('raw_data_format', 'auto') | lower -%}
    {%- if wanted in ['parquet', 'csv'] -%}
        {{ return(wanted) }}
    {%- elif wanted != 'auto' -%}
        {{ exceptions.raise_compiler_error(
            "var raw_data_format must be parquet, csv or auto, not '" ~ wanted ~ "'"
        ) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return('parquet') }}
    {%- endif -%}
    {%- set probe -%}
        select count(*) from glob('{{ (base_path ~ ".parquet") | replace("'", "''") }}')
    {%- endset -%}
    {%- set found = run_query(probe).columns[0].values()[0] -%}
    {{ return('parquet' if found > 0 else 'csv') }}
{% endmacro %}
