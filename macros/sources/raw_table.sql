{#-
    The relation a staging model reads a raw table from: the files of `<raw_data_path>/<table>`
    when the var `raw_data_path` is set, else the declared source (`raw` schema of the warehouse).
    `source()` is always called so that lineage and `dbt source freshness` keep working.

    Rows come with one extra column, `_source_file`: the batch they arrived in. On files, a raw
    table is `<table>.<ext>` plus any number of batch files `<table>/<name>.<ext>` (a river: drop a
    new file in, run `dbt build`); batches are taken in file-name order, the main file first. In a
    warehouse, the var `raw_batch_column` names a column of every raw table that tells batches
    apart (a load id or load timestamp); without it the project rebuilds staging in full each run.
    In an incremental run (see incremental_enabled) only batches not loaded yet are read.
-#}
{% macro raw_table(source_name, table_name) %}
    {%- set declared = source(source_name, table_name) -%}
    {%- set folder = var('raw_data_path', '') | string | trim -%}
    {%- if folder | length == 0 -%}
        {{ return(raw_warehouse_reader(declared)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_file_reader', 'identity_resolution')(folder, table_name)) }}
{% endmacro %}


{#- The declared source table with its batch column as _source_file, new batches only. Aliased:
    PostgreSQL before 16 rejects a subquery in FROM without one. -#}
{% macro raw_warehouse_reader(declared) %}
    {%- set batch_column = var('raw_batch_column', '') | string | trim -%}
    {%- if batch_column | length == 0 -%}
        {{ return("(select *, 'warehouse' as _source_file from " ~ declared ~ ") as raw_rows") }}
    {%- endif -%}
    {%- set batch_expr = 'cast(' ~ adapter.quote(batch_column) ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- set loaded = loaded_raw_batches() -%}
    {%- set new_only -%}
        {%- if loaded | length > 0 %} where {{ batch_expr }} not in {{ sql_value_list(loaded) }}{% endif -%}
    {%- endset -%}
    {{ return("(select *, " ~ batch_expr ~ " as _source_file from " ~ declared ~ new_only ~ ") as raw_rows") }}
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
    {%- set files = raw_batch_files(base, format) -%}
    {%- if files | length == 0 -%}
        {#- Nothing there at all: read the expected main file, so the error names it. -#}
        {%- set files = [base ~ '.' ~ format] -%}
    {%- endif -%}
    {%- set loaded = loaded_raw_batches() -%}
    {%- set new_files = files | reject('in', loaded) | list -%}
    {%- set empty_read = new_files | length == 0 -%}
    {%- set to_read = files[:1] if empty_read else new_files -%}
    {%- set quoted = [] -%}
    {%- for file in to_read -%}
        {%- do quoted.append("'" ~ file | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- set file_list = '[' ~ quoted | join(', ') ~ ']' -%}
    {%- if format == 'parquet' -%}
        {%- set reader = "read_parquet(" ~ file_list ~ ", filename = true, union_by_name = true)" -%}
    {%- else -%}
        {#- Everything is read as text: typing happens in staging, so one bad value never aborts a load. -#}
        {%- set reader =
            "read_csv(" ~ file_list ~ ", header = true, all_varchar = true, delim = ',', quote = '\"', "
            ~ "escape = '\"', max_line_size = 20000000, filename = true, union_by_name = true)" -%}
    {%- endif -%}
    {{ return(
        "(select * exclude (filename), filename as _source_file from " ~ reader
        ~ (" where false" if empty_read else "") ~ ")"
    ) }}
{% endmacro %}


{#- The files of a raw table on disk, in load order: `<base>.<format>`, then `<base>/*.<format>` by name. -#}
{% macro raw_batch_files(base_path, format) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set pattern_main = (base_path ~ '.' ~ format) | replace("'", "''") -%}
    {%- set pattern_batches = (base_path ~ '/*.' ~ format) | replace("'", "''") -%}
    {%- set listing -%}
        select file from (
            select file, 0 as part from glob('{{ pattern_main }}')
            union all
            select file, 1 as part from glob('{{ pattern_batches }}')
        ) as found
        order by part, file
    {%- endset -%}
    {{ return(run_query(listing).columns[0].values() | list) }}
{% endmacro %}


{#- The batches (_source_file values) the calling incremental model already holds; [] when it is
    built in full. -#}
{% macro loaded_raw_batches() %}
    {%- if not execute or not is_incremental() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query('select distinct _source_file from ' ~ this ~ ' where _source_file is not null') -%}
    {{ return(result.columns[0].values() | list) }}
{% endmacro %}


{#- parquet | csv for a raw table, from the var `raw_data_format` (auto: parquet when that table
    has a Parquet main file or batch file). -#}
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
    {{ return('parquet' if raw_batch_files(base_path, 'parquet') | length > 0 else 'csv') }}
{% endmacro %}
