{#-
    Enforced contracts on Spark. The marts' YAML declares each column's type in the names DuckDB
    and PostgreSQL share (text, double precision, bigint, timestamp, boolean, integer); dbt checks
    a contract by running `select cast(null as <data_type>)` for the declared columns and comparing
    its schema with the model's. Spark has no `text` nor `double precision`, so on Spark the
    declared names are translated first (spark_contract_type) and the check then runs as dbt's
    own. Found by dispatch before dbt's macro (the root project comes first); DuckDB and PostgreSQL
    keep dbt's default and the YAML exactly as written.
-#}
{% macro spark__get_empty_schema_sql(columns) %}
    {%- set translated = {} -%}
    {%- for name in columns -%}
        {%- set column = dict(columns[name]) -%}
        {%- if column.get('data_type') is string -%}
            {%- do column.update({'data_type': identity_resolution.spark_contract_type(column['data_type'])}) -%}
        {%- endif -%}
        {%- do translated.update({name: column}) -%}
    {%- endfor -%}
    {{ return(dbt.default__get_empty_schema_sql(translated)) }}
{% endmacro %}


{#- A contract data_type of the YAML in Spark's name: text and varchar are string, double precision
    is double; every other name (bigint, integer, boolean, date) is Spark's already, and timestamp
    (without time zone, as on DuckDB and PostgreSQL) is Spark's timestamp_ntz through the spark
    output's spark.sql.timestampType (profiles.yml). -#}
{% macro spark_contract_type(data_type) %}
    {%- set spark_names = {'text': 'string', 'varchar': 'string', 'double precision': 'double'} -%}
    {%- set name = data_type | trim | lower -%}
    {{- return(spark_names.get(name, data_type)) -}}
{% endmacro %}


{#- dbt-spark adds a contract's constraints with ALTER TABLE after the build when the model's
    file_format is Delta, which it assumes when none is set. The project's Spark tables are Parquet
    (no ALTER COLUMN ... SET NOT NULL there): the constraints stay checked by the models' not_null
    and unique tests, and only a model that sets file_format 'delta' gets dbt-spark's ALTERs. -#}
{% macro spark__persist_constraints(relation, model) %}
    {%- if config.get('file_format') == 'delta' -%}
        {%- do alter_table_add_constraints(relation, model.constraints) -%}
        {%- do alter_column_set_constraints(relation, model.columns) -%}
    {%- endif -%}
{% endmacro %}
