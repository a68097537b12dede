{#-
    dbt.dateadd on Spark. dbt-spark's own goes through unix seconds and back with to_timestamp(<bigint>),
    which Spark refuses when `timestamp` means timestamp_ntz (spark.sql.timestampType, profiles.yml:
    the project's timestamps are without time zone, as on DuckDB and PostgreSQL). timestampadd adds
    the calendar unit to the value as a timestamp without time zone: the same result, no session
    time zone involved. Found by dispatch before dbt-spark's macro (the root project comes first).
-#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) %}
    timestampadd({{ datepart }}, {{ interval }}, cast({{ from_date_or_timestamp }} as timestamp_ntz))
{% endmacro %}
