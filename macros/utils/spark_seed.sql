{#-
    Seeds on Spark. dbt-spark's own spark__load_csv_rows formats every value into the SQL as
    '<value>': an empty CSV field (None) becomes the string 'None' (cast to an integer column it
    fails; in a text column it is a value that once merged strangers), and a value holding a quote
    (the ESP's record id) breaks the statement. Here each value is a literal of its own kind: NULL
    for an empty field, numbers and booleans as they are, text through string_literal (quotes and
    backslashes escaped). Found by dispatch before the adapter's macro (the root project comes
    first), so `dbt seed` and `dbt build` on Spark use it; other engines keep their own.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    cast({{ identity_resolution.spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}


{#- One CSV value as a Spark SQL literal: null, a number, a boolean or an escaped string. -#}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        {{ identity_resolution.string_literal(value | string) }}
    {%- endif -%}
{%- endmacro %}
