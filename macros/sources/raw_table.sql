{#-
    The relation a staging model reads a raw table from: the files of `<raw_data_path>/<table>`
    when the var `raw_data_path` is set, else the declared source (`raw` schema of the warehouse).
    `source()` is always called so that lineage and `dbt source freshness` keep working.

    Rows come with exactly the columns of the table in the var `raw_tables` (as text; a column the
    input lacks is NULL, a required one stops the run naming the file and column; extra columns are
    ignored) and four more:
    - `_source_file`: the batch a row arrived in. On files, a raw table is `<table>.<ext>` plus any
      number of batch files `<table>/<name>.<ext>` (a river: drop a new file in, run `dbt build`);
      batches are taken in file-name order, the main file first, and named by their path relative
      to raw_data_path. In a warehouse, the var `raw_batch_column` names a column of every raw
      table that tells batches apart (a load id or load timestamp).
    - `_source_fingerprint`: size and md5 of the file's content (NULL in a warehouse). A batch this
      warehouse already loaded whose content changed, or that is gone, stops the run.
    - `_source_line`, `_reject_reason`, `_raw_line`: set only for a CSV line DuckDB could not parse
      (ragged row, unbalanced quote, invalid UTF-8): it becomes a row with every column NULL, the
      line number, `malformed:<error type>` and the raw line, which staging quarantines. The line
      never reaches the dbt log: DuckDB's reject tables (store_rejects) keep it inside the warehouse.
    A missing table is read as empty with a warning naming it; so is a table whose files hold no row.
    In an incremental run (see incremental_enabled) only batches not loaded yet are read.
-#}
{% macro raw_table(source_name, table_name) %}
    {%- set declared = source(source_name, table_name) -%}
    {%- set folder = var('raw_data_path', '') | string | trim -%}
    {%- set columns = raw_table_contract(table_name).columns -%}
    {%- if folder | length == 0 -%}
        {{ return(raw_warehouse_reader(declared, table_name)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_file_reader', 'identity_resolution')(folder, table_name)) }}
{% endmacro %}


{#- on-run-start: a raw_data_path that holds no raw file at all is a wrong path, not thirteen
    missing tables: stop before anything is built. (A hook, so that compiling for the SQL lint,
    which renders the models with a placeholder folder, is not stopped.) -#}
{% macro check_raw_data_path() %}
    {%- set folder = var('raw_data_path', '') | string | trim -%}
    {%- if execute and folder | length > 0 and target.type == 'duckdb' -%}
        {%- set root = folder.rstrip('/') ~ '/' -%}
        {%- set patterns = [] -%}
        {%- for table in var('raw_tables') -%}
            {%- for pattern in [table ~ '.csv', table ~ '.parquet', table ~ '/*.csv', table ~ '/*.parquet'] -%}
                {%- do patterns.append(string_literal(root ~ pattern)) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set found = run_query("select count(*) from glob([" ~ patterns | join(', ') ~ "])") -%}
        {%- if found.columns[0].values()[0] == 0 -%}
            {% do exceptions.raise_compiler_error(
                "raw_data_path " ~ folder ~ " holds no raw file (or does not exist): expected one file "
                ~ "or folder per raw table of the var raw_tables (docs/source-contract.md), e.g. crm_accounts.csv") %}
        {%- endif -%}
    {%- endif -%}
    select 1
{% endmacro %}


{#- One table of the var raw_tables (columns, required, needed_by, source); stops on an unknown table. -#}
{% macro raw_table_contract(table_name) %}
    {%- set contract = var('raw_tables', {}) -%}
    {%- if table_name not in contract -%}
        {% do exceptions.raise_compiler_error(
            "raw table '" ~ table_name ~ "' is not in the var raw_tables (dbt_project.yml)") %}
    {%- endif -%}
    {{ return(contract[table_name]) }}
{% endmacro %}


{#- The select list that shapes one input into the contract: every contract column as text (NULL
    when the input lacks it), then the four bookkeeping columns. -#}
{% macro raw_contract_select(table_name, present, source_file, fingerprint) %}
    {%- set present_lower = present | map('lower') | list -%}
    {%- set items = [] -%}
    {%- for column in raw_table_contract(table_name).columns -%}
        {%- if column | lower in present_lower -%}
            {%- do items.append('cast(' ~ adapter.quote(column) ~ ' as ' ~ dbt.type_string() ~ ') as ' ~ column) -%}
        {%- else -%}
            {%- do items.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do items.append(source_file ~ ' as _source_file') -%}
    {%- do items.append(fingerprint ~ ' as _source_fingerprint') -%}
    {{ return(items | join(', ')) }}
{% endmacro %}


{#- Stops when an input lacks a required column, naming the input and the columns. -#}
{% macro raw_check_required(table_name, present, input_name) %}
    {%- set present_lower = present | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for column in raw_table_contract(table_name).required -%}
        {%- if column | lower not in present_lower -%}{%- do missing.append(column) -%}{%- endif -%}
    {%- endfor -%}
    {%- if missing | length > 0 -%}
        {% do exceptions.raise_compiler_error(
            "raw table " ~ table_name ~ ": " ~ input_name ~ " has no column " ~ missing | join(', ')
            ~ " (required by docs/source-contract.md and the var raw_tables; found: "
            ~ present | join(', ') ~ ")") %}
    {%- endif -%}
{% endmacro %}


{#- The declared source table with its batch column as _source_file, new batches only. Aliased:
    PostgreSQL before 16 rejects a subquery in FROM without one. -#}
{% macro raw_warehouse_reader(declared, table_name) %}
    {%- set present = raw_table_contract(table_name).columns -%}
    {%- if execute -%}
        {%- set relation = adapter.get_relation(declared.database, declared.schema, declared.identifier) -%}
        {%- if relation is none -%}
            {% do exceptions.warn("raw table " ~ table_name ~ ": " ~ declared ~ " does not exist; read as empty") %}
            {{ return("(select " ~ raw_contract_select(table_name, [], 'cast(null as ' ~ dbt.type_string() ~ ')', 'cast(null as ' ~ dbt.type_string() ~ ')')
                ~ ", cast(null as integer) as _source_line, cast(null as " ~ dbt.type_string() ~ ") as _reject_reason"
                ~ ", cast(null as " ~ dbt.type_string() ~ ") as _raw_line where 1 = 0) as raw_rows") }}
        {%- endif -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
        {%- do raw_check_required(table_name, present, declared | string) -%}
    {%- endif -%}
    {%- set batch_column = var('raw_batch_column', '') | string | trim -%}
    {%- set batch_expr = "'warehouse'" -%}
    {%- set new_only = '' -%}
    {%- if batch_column | length > 0 -%}
        {%- set batch_expr = 'cast(' ~ adapter.quote(batch_column) ~ ' as ' ~ dbt.type_string() ~ ')' -%}
        {%- set loaded = loaded_raw_batches() | map(attribute=0) | list -%}
        {%- if loaded | length > 0 %}{% set new_only = ' where ' ~ batch_expr ~ ' not in ' ~ sql_value_list(loaded) %}{% endif -%}
    {%- endif -%}
    {{ return("(select " ~ raw_contract_select(table_name, present, batch_expr, 'cast(null as ' ~ dbt.type_string() ~ ')')
        ~ ", cast(null as integer) as _source_line, cast(null as " ~ dbt.type_string() ~ ") as _reject_reason"
        ~ ", cast(null as " ~ dbt.type_string() ~ ") as _raw_line from " ~ declared ~ new_only ~ ") as raw_rows") }}
{% endmacro %}


{% macro default__raw_file_reader(folder, table_name) %}
    {{ exceptions.raise_compiler_error(
        "raw_data_path is only supported on DuckDB targets (" ~ target.type ~ " was given). "
        ~ "Load the raw tables into the schema of the `raw` sources instead and leave raw_data_path empty."
    ) }}
{% endmacro %}


{% macro duckdb__raw_file_reader(folder, table_name) %}
    {%- set root = folder.rstrip('/') ~ '/' -%}
    {%- set base = root ~ table_name -%}
    {%- set format = raw_file_format(base) -%}
    {%- set empty_relation = "(select " ~ raw_contract_select(table_name, [], "cast(null as varchar)", "cast(null as varchar)")
        ~ ", cast(null as integer) as _source_line, cast(null as varchar) as _reject_reason"
        ~ ", cast(null as varchar) as _raw_line where false)" -%}
    {%- if not execute -%}
        {{ return(empty_relation) }}
    {%- endif -%}
    {%- set files = raw_batch_files(base, format) -%}
    {#- Warn once, when the base model runs (not again when a test reads the same files). -#}
    {%- set warn = model is mapping and model.get('resource_type') == 'model' and flags.WHICH in ['run', 'build'] -%}
    {%- if files | length == 0 and warn -%}
        {% do exceptions.warn(
            "raw table " ~ table_name ~ ": no " ~ table_name ~ "." ~ format ~ " nor " ~ table_name ~ "/*." ~ format
            ~ " in raw_data_path; read as empty (marts that need it: "
            ~ (raw_table_contract(table_name).needed_by | join(', ') or 'none') ~ ")") %}
    {%- endif -%}
    {#- Path relative to raw_data_path and content fingerprint of every file. -#}
    {%- set fingerprints = {} -%}
    {%- for file in files -%}
        {%- do fingerprints.update({file[root | length:]: raw_file_fingerprint(file)}) -%}
    {%- endfor -%}
    {%- set loaded = loaded_raw_batches() -%}
    {%- set loaded_files = [] -%}
    {%- for batch, fingerprint in loaded -%}
        {%- do loaded_files.append(batch) -%}
        {%- if batch not in fingerprints or (fingerprint is not none and fingerprints[batch] != fingerprint) -%}
            {% do exceptions.raise_compiler_error(
                "raw table " ~ table_name ~ ": the batch " ~ batch ~ " that this warehouse ("
                ~ target.path ~ ") already loaded is "
                ~ ("not in raw_data_path any more" if batch not in fingerprints else "different now (its content changed)")
                ~ ". This warehouse was built from other files. Either write a new warehouse file "
                ~ "(IDR_DUCKDB_PATH=other.duckdb dbt build ...) or rebuild this one from the files "
                ~ "as they are now (dbt build --full-refresh ...).") %}
        {%- endif -%}
    {%- endfor -%}
    {%- set parts = [] -%}
    {%- set rejects = [] -%}
    {%- for file in files -%}
        {%- set relative = file[root | length:] -%}
        {%- if relative not in loaded_files -%}
            {%- set path_literal = string_literal(file) -%}
            {%- set header = raw_file_columns(file, format) -%}
            {%- do raw_check_required(table_name, header, relative) -%}
            {%- set shape = raw_contract_select(table_name, header, string_literal(relative), string_literal(fingerprints[relative])) -%}
            {%- if format == 'parquet' -%}
                {%- do parts.append("select " ~ shape ~ " from read_parquet(" ~ path_literal ~ ")") -%}
            {%- else -%}
                {%- do parts.append(raw_csv_part(table_name, file, relative, header, fingerprints[relative])) -%}
                {%- do rejects.append(relative) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if parts | length == 0 -%}
        {{ return(empty_relation) }}
    {%- endif -%}
    {%- set rows_table = 'idr_raw_' ~ table_name -%}
    {%- if rejects | length > 0 -%}
        {#- The scan has to run before its reject tables can be read: read into a temporary table
            of this connection (the model's own), then collect the rejected lines. -#}
        {%- do run_query("drop table if exists temp.idr_rejects_" ~ table_name) -%}
        {%- do run_query("drop table if exists temp.idr_reject_scans_" ~ table_name) -%}
        {%- do run_query("create or replace temp table " ~ rows_table ~ " as " ~ parts | join(' union all by name '))-%}
        {%- set reject_columns = raw_contract_select(table_name, [], "substr(scans.file_path, " ~ (root | length + 1) ~ ")", "cast(null as varchar)") -%}
        {#- Line numbers as an editor shows them. DuckDB numbers a rejected line by records (the
            header is 1, every record one more, whatever line breaks its quoted values hold), and a
            parsed record has its number among the parsed ones (_record_no). Reject j of a file at
            record line r comes after r - j parsed lines (the header and r - j - 1 records): its
            place among them is _among_parsed = r - j + 1, and parsed record i comes after it when
            _among_parsed <= 1 + i. The line breaks inside the values of the parsed records before
            a line then give its line in the file. -#}
        {%- do run_query(
            "create or replace temp table " ~ rows_table ~ "_rejects as select " ~ reject_columns
            ~ ", cast(errors.line as integer) as _source_line, 'malformed:' || lower(replace(cast(errors.error_type as varchar), ' ', '_')) as _reject_reason"
            ~ ", errors.csv_line as _raw_line"
            ~ ", cast(errors.line - row_number() over (partition by scans.file_path order by errors.line) + 1 as integer) as _among_parsed"
            ~ " from (select scan_id, file_id, line, min(error_type) as error_type, min(csv_line) as csv_line"
            ~ " from temp.idr_rejects_" ~ table_name ~ " group by all) as errors"
            ~ " inner join temp.idr_reject_scans_" ~ table_name ~ " as scans using (scan_id, file_id)") -%}
        {%- do run_query(
            "update temp." ~ rows_table ~ "_rejects as rejects set _source_line = _source_line + coalesce(("
            ~ "select sum(records._line_breaks) from temp." ~ rows_table ~ " as records"
            ~ " where records._line_breaks > 0 and records._source_file = rejects._source_file"
            ~ " and 1 + records._record_no < rejects._among_parsed), 0)") -%}
        {#- Records whose field count is not the header's (raw_csv_part) join the rejected lines. -#}
        {%- set placed -%}
            select
                flagged.*,
                flagged._unshifted_line + (
                    select count(*) from temp.{{ rows_table }}_rejects as rejects
                    where rejects._source_file = flagged._source_file and rejects._among_parsed <= 1 + flagged._record_no
                ) as _file_line
            from (
                select
                    *,
                    1 + _record_no + coalesce(sum(_line_breaks) over (
                        partition by _source_file order by _record_no
                        rows between unbounded preceding and 1 preceding
                    ), 0) as _unshifted_line
                from temp.{{ rows_table }}
            ) as flagged
            where flagged._field_count_reason is not null
        {%- endset -%}
        {%- do run_query(
            "insert into temp." ~ rows_table ~ "_rejects by name select "
            ~ raw_contract_select(table_name, [], "placed._source_file", "placed._source_fingerprint")
            ~ ", cast(placed._file_line as integer) as _source_line, placed._field_count_reason as _reject_reason,"
            ~ " placed._parsed_line as _raw_line from (" ~ placed ~ ") as placed") -%}
        {%- set relation = "(select * exclude (_record_no, _line_breaks, _field_count_reason, _parsed_line), "
            ~ "cast(null as integer) as _source_line, cast(null as varchar) as _reject_reason, "
            ~ "cast(null as varchar) as _raw_line from temp." ~ rows_table ~ " where _field_count_reason is null"
            ~ " union all by name select * exclude (_among_parsed) from temp." ~ rows_table ~ "_rejects)" -%}
        {%- set counted = run_query("select (select count(*) from temp." ~ rows_table ~ " where _field_count_reason is null)"
            ~ " + (select count(*) from temp." ~ rows_table ~ "_rejects)") -%}
    {%- else -%}
        {%- set relation = "(select *, cast(null as integer) as _source_line, cast(null as varchar) as _reject_reason, "
            ~ "cast(null as varchar) as _raw_line from (" ~ parts | join(' union all by name ') ~ ") as raw_files)" -%}
        {%- set counted = run_query("select count(*) from (" ~ parts | join(' union all by name ') ~ ") as raw_files") -%}
    {%- endif -%}
    {%- if counted.columns[0].values()[0] == 0 and warn -%}
        {% do exceptions.warn(
            "raw table " ~ table_name ~ ": its new files (" ~ fingerprints.keys() | reject('in', loaded_files) | join(', ')
            ~ ") hold no rows (marts that need it: "
            ~ (raw_table_contract(table_name).needed_by | join(', ') or 'none') ~ ")") %}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}


{#- The select that reads one CSV file of a raw table into the shape of the contract. No sniffing
    (one bad line must not make the whole file unreadable): the header gives the columns, every
    value is text, and lines that do not parse (an unbalanced quote, bytes that are not UTF-8) go to
    a reject table instead of aborting the scan; strict_mode off accepts mixed line endings.
    Field counts: strict_mode off would drop the fields of a record beyond the header's, so the scan
    declares one column more than the header and pads short records with NULL (null_padding, which
    needs the single-threaded scanner when values hold line breaks); empty fields read as '' (a
    null string that never occurs), so a padded field is told from an empty one. A record with a
    value in the extra column has more fields than the header, one whose last header field is
    padded has fewer: each gets _field_count_reason (malformed:too_many_columns or
    malformed:missing_columns), its record number, the line breaks inside its values (to find its
    line) and its fields as parsed, joined by commas (the raw line, kept inside the warehouse). -#}
{% macro raw_csv_part(table_name, file, relative, header, fingerprint) %}
    {%- set extra = '_idr_extra_field' -%}
    {%- set typed = [] -%}
    {%- set values = [] -%}
    {%- set fields = [] -%}
    {%- for column in header -%}
        {%- do typed.append(string_literal(column) ~ ": 'varchar'") -%}
        {%- do values.append("nullif(" ~ adapter.quote(column) ~ ", '') as " ~ adapter.quote(column)) -%}
        {%- do fields.append(adapter.quote(column)) -%}
    {%- endfor -%}
    {%- do typed.append(string_literal(extra) ~ ": 'varchar'") -%}
    {%- set joined = "concat_ws(',', " ~ (fields + [extra]) | join(', ') ~ ")" -%}
    {%- set read -%}
        select
            row_number() over () as _record_no,
            {{ values | join(', ') }},
            case
                when {{ extra }} is not null then 'malformed:too_many_columns'
                when {{ fields[-1] }} is null then 'malformed:missing_columns'
            end as _field_count_reason,
            length({{ joined }}) - length(replace({{ joined }}, chr(10), '')) as _line_breaks,
            {{ joined }} as _parsed_line
        from read_csv({{ string_literal(file) }}, header = true, auto_detect = false,
            columns = { {{- typed | join(', ') -}} }, delim = ',', quote = '"', escape = '"',
            strict_mode = false, null_padding = true, parallel = false,
            nullstr = {{ string_literal('\x1e\x1fidr-null\x1f\x1e') }}, max_line_size = 20000000,
            store_rejects = true, rejects_table = 'idr_rejects_{{ table_name }}',
            rejects_scan = 'idr_reject_scans_{{ table_name }}')
    {%- endset -%}
    {{ return("select " ~ raw_contract_select(table_name, header, string_literal(relative), string_literal(fingerprint))
        ~ ", _record_no, _field_count_reason, _line_breaks, _parsed_line from (" ~ read ~ ") as csv_records") }}
{% endmacro %}


{#- The column names of one raw file: the Parquet schema, or the CSV header line. -#}
{% macro raw_file_columns(file, format) %}
    {%- if format == 'parquet' -%}
        {%- set described = run_query("describe select * from read_parquet(" ~ string_literal(file) ~ ")") -%}
        {{ return(described.columns[0].values() | list) }}
    {%- endif -%}
    {#- The first line as one text value (no quote, a delimiter that never occurs), then split. -#}
    {%- set first = run_query(
        "select line from read_csv(" ~ string_literal(file) ~ ", header = false, auto_detect = false, "
        ~ "columns = {'line': 'varchar'}, delim = '\x1f', quote = '', escape = '', strict_mode = false, "
        ~ "ignore_errors = true, max_line_size = 20000000) limit 1") -%}
    {%- set values = first.columns[0].values() -%}
    {%- if values | length == 0 or values[0] is none -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for name in values[0].split(',') -%}
        {%- do names.append(name.strip().strip('\ufeff').strip().strip('"').strip()) -%}
    {%- endfor -%}
    {{ return(names) }}
{% endmacro %}


{#- Size and md5 of a file's content, as text: tells a rewritten batch from the one loaded. -#}
{% macro raw_file_fingerprint(file) %}
    {%- set result = run_query("select cast(size as varchar) || ':' || md5(content) from read_blob(" ~ string_literal(file) ~ ")") -%}
    {{ return(result.columns[0].values()[0]) }}
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


{#- The batches the calling incremental model already holds, as (_source_file,
    _source_fingerprint) pairs; [] when it is built in full. -#}
{% macro loaded_raw_batches() %}
    {%- if not execute or not is_incremental() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set existing_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if '_source_fingerprint' not in existing_columns -%}
        {% do exceptions.raise_compiler_error(
            'The table ' ~ this ~ ' has no column _source_fingerprint: it was built by an earlier version of '
            ~ 'this project. Rebuild it with `dbt build --full-refresh` (see docs/incremental.md).') %}
    {%- endif -%}
    {%- set result = run_query(
        'select _source_file, min(_source_fingerprint) from ' ~ this ~ ' where _source_file is not null group by 1') -%}
    {%- set pairs = [] -%}
    {%- for row in result.rows -%}
        {%- do pairs.append([row[0], row[1]]) -%}
    {%- endfor -%}
    {{ return(pairs) }}
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
