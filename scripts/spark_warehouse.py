#!/usr/bin/env python3
"""The Spark warehouse of the `spark` target (profiles.yml): load raw files into it, install the
hashing key, copy a build out of it for comparison. Runs in .venv-spark (requirements-spark.txt).

    python scripts/spark_warehouse.py load --src data/demo                 # schema raw, replaces tables
    python scripts/spark_warehouse.py load --src data/demo --batch-column _batch --append
    python scripts/spark_warehouse.py copy --prefix main --reference identity.duckdb --out spark.duckdb
    python scripts/spark_warehouse.py key --prefix main < key.txt     # the hashing key, from stdin

The Spark session is built from the `spark` output of profiles.yml (same master, memory, warehouse
folder and Derby metastore under IDR_SPARK_DIR), so the tables written here are the ones dbt reads.
Derby is embedded: run this while no dbt process of the same IDR_SPARK_DIR runs.

Raw files are read as DuckDB reads them on files (docs/source-contract.md: `<table>.parquet|csv`,
then batch files `<table>/<name>.<ext>`), every column as text, and written as Spark tables of
strings: raw data never goes through `dbt seed`, whose CSV loading on Spark turns empty fields into
the string 'None'. With --batch-column each row gets the file it came from (as load_postgres.py
does): set the dbt var raw_batch_column to the same name. Prints counts only, never values.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb
import jinja2
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_warehouses import SCHEMAS, _relations  # noqa: E402
from raw_contract import raw_tables, table_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _env_var(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise KeyError(f"environment variable {name} is not set")
    return value


def spark_settings(profiles: Path = ROOT / "profiles.yml") -> dict[str, str]:
    """server_side_parameters of the spark output, rendered with the environment as dbt does."""
    outputs = yaml.safe_load(profiles.read_text())["identity_resolution"]["outputs"]
    render = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return {key: render.from_string(str(value)).render(env_var=_env_var)
            for key, value in outputs["spark"]["server_side_parameters"].items()}


def session():
    """The Spark session of the spark target (Hive catalog on the Derby metastore)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("identity_resolution_tools").enableHiveSupport()
    for key, value in spark_settings().items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _read_as_text(con: duckdb.DuckDBPyConnection, path: Path):
    """One raw file as an Arrow table, every column as text (NULL stays NULL)."""
    literal = "'" + path.as_posix().replace("'", "''") + "'"
    if path.suffix == ".parquet":
        relation = con.sql(f"select * from read_parquet({literal})")
    else:
        relation = con.sql(f"select * from read_csv({literal}, header = true, all_varchar = true, "
                           "delim = ',', quote = '\"', escape = '\"', max_line_size = 20000000)")
    casted = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in relation.columns)
    return con.sql(f"select {casted} from relation").to_arrow_table()


def load(spark, src: Path, schema: str = "raw", batch_column: str | None = None,
         append: bool = False) -> dict[str, int]:
    """Writes every raw table found in src as a Spark table of strings in schema; rows per table."""
    from pyspark.sql import functions as F

    counts: dict[str, int] = {}
    duck = duckdb.connect()
    spark.sql(f"create database if not exists {_quote(schema)}")
    for table in raw_tables():
        files = table_files(src, table)
        if not files:
            continue
        name = f"{_quote(schema)}.{_quote(table)}"
        if not append:
            spark.sql(f"drop table if exists {name}")
        counts[table] = 0
        for path in files:
            arrow = _read_as_text(duck, path)
            if arrow.num_rows == 0 and not arrow.column_names:
                continue
            frame = spark.createDataFrame(arrow)
            if batch_column:
                frame = frame.withColumn(batch_column, F.lit(path.relative_to(src).as_posix()))
            if spark.catalog.tableExists(f"{schema}.{table}"):
                existing = spark.table(name).columns
                for column in existing:
                    if column not in frame.columns:
                        frame = frame.withColumn(column, F.lit(None).cast("string"))
                extra = [c for c in frame.columns if c not in existing]
                if extra:
                    raise SystemExit(f"spark_warehouse: {path.name} has columns that {schema}.{table} "
                                     f"lacks ({', '.join(extra)}): load with a new schema")
                frame.select(*existing).write.insertInto(name)
            else:
                frame.write.format("parquet").saveAsTable(name)
            counts[table] += arrow.num_rows
    return counts


def install_hash_key(spark, key: str, prefix: str = "main") -> None:
    """The key table <prefix>_private.identity_hash_key with `key` when it holds none (what a user
    does with their SQL client before the first run; docs/privacy.md). The key is passed as data,
    never as SQL text."""
    schema = f"{prefix}_private"
    spark.sql(f"create database if not exists {_quote(schema)}")
    name = f"{_quote(schema)}.identity_hash_key"
    spark.sql(f"create table if not exists {name} (hash_key string) using parquet")
    if spark.table(name).count() == 0:
        spark.createDataFrame([(key,)], "hash_key string").write.insertInto(name)


def copy_to_duckdb(spark, prefix: str, reference: Path, out: Path,
                   schemas: tuple[str, ...] = SCHEMAS) -> Path:
    """Copies the Spark build whose model schemas are <prefix>_staging, _intermediate, _marts into the
    DuckDB file `out`, under the reference DuckDB build's names: every relation of `schemas` there,
    values read as text and cast to the reference's column types (as compare_warehouses does for
    PostgreSQL). A relation missing on Spark is left out (compare() reports it missing)."""
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach '{reference.as_posix()}' as reference_db (read_only)")
    for schema, name in _relations(con, "reference_db", schemas):
        spark_schema = prefix + schema.removeprefix("main")
        if not spark.catalog.tableExists(f"{spark_schema}.{name}"):
            continue
        frame = spark.table(f"{_quote(spark_schema)}.{_quote(name)}")
        spark_columns = {c.lower(): c for c in frame.columns}
        typed = con.execute(
            "select column_name, data_type from duckdb_columns() where database_name = 'reference_db' "
            "and schema_name = ? and table_name = ? order by column_index", [schema, name]).fetchall()
        typed = [(c, t) for c, t in typed if c.lower() in spark_columns]
        texts = []
        for i, (column, data_type) in enumerate(typed):
            source = _quote(spark_columns[column.lower()])
            if data_type.endswith("[]") or data_type.startswith(("STRUCT", "MAP")):
                texts.append(f"to_json({source}) as c{i}")
            elif data_type.startswith("TIMESTAMP"):
                texts.append(f"date_format({source}, 'yyyy-MM-dd HH:mm:ss.SSSSSS') as c{i}")
            else:
                texts.append(f"cast({source} as string) as c{i}")
        as_text = frame.selectExpr(*texts).toArrow() if texts else None  # noqa: F841 (read below)
        casts = ", ".join(
            (f"cast(cast(c{i} as json) as {t}) as \"{c}\"" if t.endswith("[]") or t.startswith(("STRUCT", "MAP"))
             else f"cast(c{i} as {t}) as \"{c}\"") for i, (c, t) in enumerate(typed))
        con.execute(f'create schema if not exists "{schema}"')
        con.execute(f'create table "{schema}"."{name}" as select {casts} from as_text')
    con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    loading = commands.add_parser("load", help="load a folder of raw files into a Spark schema")
    loading.add_argument("--src", type=Path, required=True, help="folder of raw files")
    loading.add_argument("--schema", default="raw", help="target schema (the dbt var raw_schema)")
    loading.add_argument("--batch-column", default=None, help="add this column holding each row's file")
    loading.add_argument("--append", action="store_true", help="add rows to existing tables")
    copying = commands.add_parser("copy", help="copy a Spark build into a DuckDB file to compare it")
    copying.add_argument("--prefix", default="main", help="schema prefix of the Spark build")
    copying.add_argument("--reference", type=Path, required=True, help="a DuckDB build of the project")
    copying.add_argument("--out", type=Path, required=True, help="the DuckDB file to write")
    copying.add_argument("--schemas", nargs="+", default=list(SCHEMAS))
    keying = commands.add_parser("key", help="install the hashing key read from stdin (docs/privacy.md)")
    keying.add_argument("--prefix", default="main", help="schema prefix of the build (IDR_SPARK_SCHEMA)")
    args = parser.parse_args(argv)
    spark = session()
    try:
        if args.command == "load":
            counts = load(spark, args.src, args.schema, args.batch_column, args.append)
            if not counts:
                print(f"spark_warehouse: no raw table files in {args.src}", file=sys.stderr)
                return 1
            for table, rows in counts.items():
                print(f"{args.schema}.{table}: {rows} rows")
        elif args.command == "key":
            key = sys.stdin.read().rstrip("\n")
            if len(key) < 16:
                print("spark_warehouse: the key on stdin must have at least 16 characters", file=sys.stderr)
                return 1
            install_hash_key(spark, key, args.prefix)
            print(f"key table {args.prefix}_private.identity_hash_key ready")
        else:
            copy_to_duckdb(spark, args.prefix, args.reference, args.out, tuple(args.schemas))
            print(f"copied the Spark build {args.prefix}_* into {args.out}")
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
