#!/usr/bin/env python
"""Data-quality gate: Great Expectations (GX Core 1.x) suites on the built warehouse (DuckDB or PostgreSQL).

Runs the suites of gx/suites.py, one set per model group (staging, raw_accounting,
identity_marts, use_case_marts), against the warehouse that `dbt build` wrote; prints one line
per model group (passed/failed, number of expectations, names of the failing expectations),
writes GX Data Docs (HTML) and a summary.json into the report folder, and exits 1 when any
expectation fails (2 when the warehouse cannot be read).

    python scripts/quality_check.py [--target duckdb|postgres] [--duckdb identity.duckdb]
        [--pg-schema public] [--report-dir target/quality]
        [--batch-rows 1000000] [--max-persona-identifiers 200] [--max-person-personas 50]
        [--raw-data-path data/demo] [--volume-drop-max-share 0.5]

raw = staged + quarantined counts the raw rows from the files themselves (--raw-data-path), not
from the models that load them. The volume guard compares the rows of every raw table and mart
with the previous run of the gate (kept in the warehouse, table quality_history.row_counts) and
fails naming each table that fell to zero or by more than --volume-drop-max-share.

Targets: --target duckdb (default; $IDR_TARGET) reads the DuckDB file; --target postgres reads the
PostgreSQL database given by the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE),
schemas <--pg-schema>_staging, _marts, _config ($IDR_PG_SCHEMA, default public, as profiles.yml),
in a read-only transaction; the volume history goes to <prefix>_quality_history there.

Datasource choice, and why
--------------------------
GX validates pandas frames read from DuckDB here, not the warehouse through GX's SQL datasource:
GX 1.24's SQL datasource goes through SQLAlchemy and duckdb_engine 0.17, and against DuckDB 2.0
every metric query of that path fails, while GX's pandas dataframe datasource works. So:

- Row-local expectations (not NULL, accepted values, email and E.164 formats) run on the rows of
  each relation, read with DuckDB as Arrow record batches of at most --batch-rows rows (only the
  columns the suite needs), each batch converted to pandas and validated with a pandas dataframe
  datasource. Memory stays bounded by the batch size whatever the table size; a check fails when
  it fails on any batch.
- Properties of a whole table or of several tables (key uniqueness, referential integrity, raw =
  staged + quarantined, cluster-size bounds, personas mixing business and personal emails) cannot
  be decided batch by batch, so they are computed first with set-based SQL in DuckDB into small
  result frames (the violating rows, capped at 10,000, or the 20 largest clusters) and then
  asserted with GX expectations on those frames, e.g. the frame of duplicate keys must have 0
  rows (expect_table_row_count_to_equal 0, named in the expectation's meta.check, e.g.
  `identity_map.identifier_type+identifier_value.unique`).

The same path serves PostgreSQL: GX 1.24's SQL datasource does work there, but one path for both
targets means one set of suites and one behaviour (batches, frames, messages); the warehouse is
read through psycopg2 (a server-side cursor streams the batches) and the frames' SQL is written
for both dialects (gx/suites.py, regex_group; the typing-slip domains are listed in Python).

The GX context is ephemeral and configured in code (nothing generated to commit); the suites are
plain data in gx/suites.py. The warehouse is opened READ-ONLY (DuckDB allows one writer per file,
so a dbt run must not be blocked) and closed before Data Docs are rendered.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import shutil
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
SUITES_FILE = ROOT / "gx" / "suites.py"
FRAME_ROW_CAP = 10_000  # violating rows brought into pandas per frame (the count stays exact)
SAMPLE_VALUES = 5  # table names shown for a failing volume check (never identifier values)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run the Great Expectations data-quality suites against the built DuckDB "
                    "warehouse. Exits 1 when any expectation fails, 2 when the warehouse cannot "
                    "be read.")
    parser.add_argument("--target", choices=("duckdb", "postgres"),
                        default=os.environ.get("IDR_TARGET") or "duckdb",
                        help="warehouse to check: the DuckDB file or the PostgreSQL database of the "
                             "libpq variables (default: $IDR_TARGET, else duckdb)")
    parser.add_argument("--pg-schema", default=os.environ.get("IDR_PG_SCHEMA") or "public",
                        help="postgres: prefix of the model schemas, as IDR_PG_SCHEMA in profiles.yml "
                             "(default: $IDR_PG_SCHEMA, else public)")
    parser.add_argument("--duckdb", default=os.environ.get("IDR_DUCKDB_PATH", "identity.duckdb"),
                        help="DuckDB warehouse file, opened read-only (default: $IDR_DUCKDB_PATH, "
                             "else identity.duckdb)")
    parser.add_argument("--report-dir", default="target/quality",
                        help="folder for the GX Data Docs (index.html) and summary.json "
                             "(default: target/quality)")
    parser.add_argument("--batch-rows", type=int, default=1_000_000,
                        help="rows per batch when validating a table (default: 1000000)")
    parser.add_argument("--max-persona-identifiers", type=int, default=200,
                        help="largest allowed persona, in identifiers (default: 200)")
    parser.add_argument("--max-person-personas", type=int, default=50,
                        help="largest allowed person, in personas (default: 50)")
    parser.add_argument("--email-domain-typos", action=argparse.BooleanOptionalAction, default=True,
                        help="read a domain one typing slip from a free-mail domain as personal, as "
                             "the dbt var email_domain_typos does (default: on)")
    parser.add_argument("--raw-data-path", default=None,
                        help="the folder of raw files the warehouse was built from; raw rows are "
                             "counted from these files for raw = staged + quarantined (default: the "
                             "raw_data_path of the dbt run in --run-results; empty: the raw schema)")
    parser.add_argument("--raw-schema", default=None,
                        help="without raw files, count raw rows in this schema's tables (default: "
                             "the var raw_schema of the dbt run in --run-results, else raw)")
    parser.add_argument("--run-results", type=Path, default=Path("target/run_results.json"),
                        help="dbt's run_results.json, for the default of --raw-data-path")
    parser.add_argument("--volume-drop-max-share", type=float, default=None,
                        help="fail when a raw table or mart lost more than this share of its rows "
                             "(or all of them) since the previous run of the gate (default: the var "
                             "volume_drop_max_share of dbt_project.yml; 1 turns the guard off)")
    args = parser.parse_args(argv)
    if args.raw_data_path is None:
        args.raw_data_path = raw_data_path_of_run(args.run_results)
    if args.raw_schema is None:
        args.raw_schema = run_var(args.run_results, "raw_schema") or "raw"
    if args.volume_drop_max_share is None:
        from raw_contract import project_var

        args.volume_drop_max_share = float(project_var("volume_drop_max_share", 0.5))
    if not 0 <= args.volume_drop_max_share <= 1:
        parser.error("--volume-drop-max-share must be between 0 and 1")
    if args.batch_rows < 1:
        parser.error("--batch-rows must be at least 1")
    return args


def raw_data_path_of_run(run_results: Path) -> str | None:
    """The var raw_data_path of the dbt run that wrote run_results.json (None when unknown)."""
    return run_var(run_results, "raw_data_path")


def run_var(run_results: Path, name: str) -> str | None:
    """A var given to the dbt run that wrote run_results.json (None when unknown or empty)."""
    try:
        variables = json.loads(run_results.read_text())["args"].get("vars") or {}
    except (OSError, ValueError, KeyError):
        return None
    if isinstance(variables, str):
        import yaml

        variables = yaml.safe_load(variables) or {}
    value = str(variables.get(name) or "").strip()
    return value or None


def load_suites():
    spec = importlib.util.spec_from_file_location("idr_quality_suites", SUITES_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------------------------
# The warehouse: one small interface over DuckDB and PostgreSQL
# --------------------------------------------------------------------------------------------

class DuckDBWarehouse:
    """The DuckDB file, read-only unless write=True (DuckDB allows one writer per file)."""

    dialect = "duckdb"

    def __init__(self, path: Path, write: bool = False):
        import duckdb

        self.name = str(path)
        self.con = duckdb.connect(str(path), read_only=not write)

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def frame(self, sql: str, params: list | None = None):
        return self.con.execute(sql, params or []).df()

    def columns(self, relation: str) -> list[str]:
        return self.con.sql(f"select * from {relation} limit 0").columns

    def batches(self, sql: str, batch_rows: int):
        """pandas frames of exactly batch_rows rows (the last one shorter); [] for no rows."""
        reader = self.con.sql(sql).to_arrow_reader(batch_rows)
        n = 0
        for batch in rebatch(reader, batch_rows):
            n += 1
            yield batch.to_pandas()
        if n == 0:  # an empty table: the empty frame with its columns
            yield reader.schema.empty_table().to_pandas()

    def execute(self, sql: str) -> None:
        self.con.execute(sql)

    def executemany(self, sql: str, rows: list) -> None:
        self.con.executemany(sql, rows)

    def close(self) -> None:
        self.con.close()


class PostgresWarehouse:
    """A PostgreSQL database from the libpq variables. Read-only (a read-only session, each
    statement in its own short transaction) unless write=True. `?` parameters as in DuckDB."""

    dialect = "postgres"

    def __init__(self, write: bool = False):
        import psycopg2

        self.name = "postgresql://{}:{}/{}".format(os.environ.get("PGHOST", "localhost"),
                                                  os.environ.get("PGPORT", "5432"),
                                                  os.environ.get("PGDATABASE", "identity"))
        self.con = psycopg2.connect("",  # the libpq variables
                                    application_name="identity_resolution quality_check")
        self.con.set_session(readonly=not write, autocommit=True)

    @staticmethod
    def _sql(sql: str, params) -> str:
        # DuckDB-style placeholders; a literal % must be doubled for psycopg2 when it formats.
        return sql.replace("%", "%%").replace("?", "%s") if params else sql

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        with self.con.cursor() as cur:
            cur.execute(self._sql(sql, params), params or None)
            return cur.fetchall()

    def frame(self, sql: str, params: list | None = None):
        import pandas as pd

        with self.con.cursor() as cur:
            cur.execute(self._sql(sql, params), params or None)
            return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])

    def columns(self, relation: str) -> list[str]:
        with self.con.cursor() as cur:
            cur.execute(f"select * from {relation} limit 0")
            return [d[0] for d in cur.description]

    def batches(self, sql: str, batch_rows: int):
        """pandas frames of at most batch_rows rows, streamed by a server-side cursor."""
        import pandas as pd

        columns = self.columns(f"({sql}) as relation")
        self.con.autocommit = False  # a named (server-side) cursor lives in a transaction
        try:
            with self.con.cursor(name="quality_check_batches") as cur:
                cur.itersize = batch_rows
                cur.execute(sql)
                n = 0
                while rows := cur.fetchmany(batch_rows):
                    n += 1
                    yield pd.DataFrame(rows, columns=columns)
                if n == 0:
                    yield pd.DataFrame([], columns=columns)
        finally:
            self.con.rollback()
            self.con.autocommit = True

    def execute(self, sql: str) -> None:
        with self.con.cursor() as cur:
            cur.execute(sql)

    def executemany(self, sql: str, rows: list) -> None:
        with self.con.cursor() as cur:
            cur.executemany(self._sql(sql, rows), rows)

    def close(self) -> None:
        self.con.close()


def open_warehouse(args: argparse.Namespace, write: bool = False):
    if args.target == "postgres":
        return PostgresWarehouse(write=write)
    return DuckDBWarehouse(Path(args.duckdb), write=write)


# --------------------------------------------------------------------------------------------
# Outcomes
# --------------------------------------------------------------------------------------------

@dataclass
class CheckOutcome:
    name: str
    expectation: str
    success: bool = True
    unexpected_count: int = 0
    observed: Any = None
    samples: list = field(default_factory=list)
    error: str | None = None

    def detail(self) -> str:
        if self.error:
            return f"error: {self.error}"
        parts = []
        if self.expectation == "ExpectTableRowCountToEqual" and self.observed is not None:
            parts.append(f"{self.observed} violating row(s)")
        elif self.observed is not None:
            parts.append(f"observed {_plain(self.observed)}")
        if self.unexpected_count:
            parts.append(f"{self.unexpected_count} unexpected row(s)")
        if self.samples:
            parts.append("e.g. " + "; ".join(_short_repr(s) for s in self.samples[:SAMPLE_VALUES]))
        return ", ".join(parts) or "failed"


@dataclass
class SuiteOutcome:
    name: str
    group: str
    checks: dict[str, CheckOutcome]
    n_batches: int = 0
    n_rows: int = 0

    @property
    def success(self) -> bool:
        return all(c.success for c in self.checks.values())

    @property
    def failed(self) -> list[CheckOutcome]:
        return [c for c in self.checks.values() if not c.success]


def _exception_message(info: Any) -> str | None:
    """The first error GX caught while computing an expectation's metrics (a missing column,
    a bad regex, ...): exception_info is flat, or keyed by metric."""
    if not isinstance(info, dict):
        return None
    entries = [info] + [v for v in info.values() if isinstance(v, dict)]
    for entry in entries:
        if entry.get("raised_exception"):
            return (entry.get("exception_message") or "exception").splitlines()[0]
    return None


def _plain(value: Any) -> Any:
    """numpy / pandas scalars and containers as plain Python values, for printing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (TypeError, ValueError):
            return str(value)
    return value


def _short_repr(value: Any, width: int = 160) -> str:
    value = _plain(value)
    text = json.dumps(value, default=str) if isinstance(value, (dict, list)) else str(value)
    return text if len(text) <= width else text[: width - 3] + "..."


# --------------------------------------------------------------------------------------------
# GX
# --------------------------------------------------------------------------------------------

class Validator:
    """An ephemeral GX context with one pandas dataframe datasource and a Data Docs site."""

    def __init__(self, report_dir: Path):
        import great_expectations as gx
        import great_expectations.expectations as gxe
        from great_expectations.data_context.types.base import ProgressBarsConfig
        from great_expectations.expectations.row_conditions import Column

        self.gx, self.gxe, self.Column = gx, gxe, Column
        self.context = gx.get_context(mode="ephemeral")
        self.context.enable_analytics(False)
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False,
                                                                 metric_calculations=False)
        self.context.variables.data_docs_sites = {
            "quality_report": {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                  "base_directory": str(report_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        }
        self.datasource = self.context.data_sources.add_pandas("warehouse")
        from great_expectations.core.run_identifier import RunIdentifier

        self.run_id = RunIdentifier(run_name="quality_check")

    def expectation(self, check):
        cls = getattr(self.gxe, check.expectation)
        extra = {}
        if check.when:
            column, value = check.when
            extra["row_condition"] = self.Column(column) == value
        # The description replaces GX's generated sentence in Data Docs: lead with the check name.
        text = f"{check.name}: {check.notes}".replace("$", "$$")
        return cls(**check.kwargs, **extra, meta={"check": check.name}, notes=check.notes,
                   description=text[:1000])

    def definition(self, suite):
        asset = self.datasource.add_dataframe_asset(name=suite.name)
        batch_definition = asset.add_batch_definition_whole_dataframe("batch")
        gx_suite = self.context.suites.add(self.gx.ExpectationSuite(
            name=suite.name, expectations=[self.expectation(c) for c in suite.checks],
            meta={"notes": getattr(suite, "description", None) or f"Rows of {suite.name}"}))
        return self.context.validation_definitions.add(
            self.gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite))

    def run(self, definition, frame, outcome: SuiteOutcome) -> None:
        result = definition.run(
            batch_parameters={"dataframe": frame}, run_id=self.run_id,
            # No unexpected values in the results, the console or Data Docs: they would be
            # identifiers (personal data). A failing check reports counts.
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": 0})
        outcome.n_batches += 1
        outcome.n_rows += len(frame)
        for res in result.results:
            name = (res.expectation_config.meta or {}).get("check")
            check = outcome.checks[name]
            error = _exception_message(res.exception_info)
            if error:
                check.success = False
                check.error = error
                continue
            details = res.result or {}
            if "observed_value" in details:
                check.observed = details["observed_value"]
            if not res.success:
                check.success = False
                check.unexpected_count += int(details.get("unexpected_count") or 0)

    def build_docs(self) -> str | None:
        urls = self.context.build_data_docs(site_names=["quality_report"])
        return urls.get("quality_report")


# --------------------------------------------------------------------------------------------
# Running the suites
# --------------------------------------------------------------------------------------------

def _new_outcome(suite) -> SuiteOutcome:
    return SuiteOutcome(suite.name, suite.group,
                        {c.name: CheckOutcome(c.name, c.expectation) for c in suite.checks})


def _fail_all(outcome: SuiteOutcome, message: str) -> SuiteOutcome:
    for check in outcome.checks.values():
        check.success, check.error = False, message
    return outcome


def run_table_suite(con, validator: Validator, suite, batch_rows: int) -> SuiteOutcome:
    """Row-local checks on every batch of at most batch_rows rows of the relation."""
    outcome = _new_outcome(suite)
    try:
        existing = con.columns(suite.relation)
    except Exception as exc:  # noqa: BLE001 - a missing relation fails every check of the suite
        return _fail_all(outcome, f"cannot read {suite.relation}: {str(exc).splitlines()[0]}")
    # Only the columns the checks need; a missing column is left for GX to report as a failure.
    columns = [c for c in suite.columns() if c in existing] or existing[:1]
    select = ", ".join(f'"{c}"' for c in columns)
    definition = validator.definition(suite)
    for frame in con.batches(f"select {select} from {suite.relation}", batch_rows):
        validator.run(definition, frame, outcome)
    return outcome


def rebatch(reader, batch_rows: int):
    """Arrow tables of exactly batch_rows rows (the last one shorter) from a record-batch reader,
    whose own batches follow DuckDB's vector sizes rather than the size asked for."""
    import pyarrow as pa

    pending, n_pending = [], 0
    for record_batch in reader:
        pending.append(record_batch)
        n_pending += record_batch.num_rows
        while n_pending >= batch_rows:
            table = pa.Table.from_batches(pending, schema=reader.schema)
            yield table.slice(0, batch_rows)
            rest = table.slice(batch_rows)
            pending, n_pending = rest.to_batches(), rest.num_rows
    if n_pending:
        yield pa.Table.from_batches(pending, schema=reader.schema)


def run_frame_suite(con, validator: Validator, suite) -> SuiteOutcome:
    """Whole-table checks: compute the frame with set-based SQL in the warehouse, validate it with GX."""
    outcome = _new_outcome(suite)
    try:
        if callable(suite.query):
            frame = suite.query(con)
        else:
            frame = con.frame(f"select * from ({suite.query}) as frame limit {FRAME_ROW_CAP}")
            if len(frame) == FRAME_ROW_CAP:
                total = con.rows(f"select count(*) from ({suite.query}) as frame")[0][0]
                frame.attrs["total_rows"] = total
    except Exception as exc:  # noqa: BLE001 - a query that cannot run fails the suite
        return _fail_all(outcome, f"cannot compute {suite.frame}: {str(exc).splitlines()[0]}")
    validator.run(validator.definition(suite), frame, outcome)
    for check in outcome.failed:
        if check.expectation == "ExpectTableRowCountToEqual" and not check.error:
            # Count the violating rows (duplicate keys, orphan values, ...), never show them:
            # they hold identifiers. A frame of tables (the volume guard) names its tables.
            check.observed = frame.attrs.get("total_rows", len(frame))
            if "relation" in frame.columns:
                check.samples = frame.head(SAMPLE_VALUES).to_dict("records")
    return outcome


def run_all(con, groups: dict[str, list], validator: Validator,
            batch_rows: int) -> list[SuiteOutcome]:
    outcomes = []
    try:
        for suites in groups.values():
            for suite in suites:
                if hasattr(suite, "relation"):
                    outcomes.append(run_table_suite(con, validator, suite, batch_rows))
                else:
                    outcomes.append(run_frame_suite(con, validator, suite))
    finally:
        con.close()  # release the warehouse before anything else (one writer per DuckDB file)
    return outcomes


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------

def group_lines(outcomes: list[SuiteOutcome], group_names: list[str]) -> tuple[list[str], bool]:
    lines, all_ok = [], True
    width = max(len(g) for g in group_names)
    for group in group_names:
        members = [o for o in outcomes if o.group == group]
        n_expectations = sum(len(o.checks) for o in members)
        failed = [c for o in members for c in o.failed]
        ok = not failed
        all_ok &= ok
        status = "PASSED" if ok else "FAILED"
        line = (f"{status}  {group:<{width}}  {n_expectations} expectations in {len(members)} GX "
                f"suites")
        if failed:
            line += f", {len(failed)} failed: " + ", ".join(c.name for c in failed)
        lines.append(line)
    return lines, all_ok


def clear_previous_docs(report_dir: Path) -> None:
    """Drop the pages of an earlier run (only inside a folder that holds a GX Data Docs site)."""
    if (report_dir / "index.html").exists():
        for sub in ("validations", "expectations"):
            shutil.rmtree(report_dir / sub, ignore_errors=True)


def write_summary(path: Path, outcomes: list[SuiteOutcome], success: bool, db_path: Path | str,
                  docs: str | None, seconds: float, gx_version: str) -> None:
    summary = {
        "success": success,
        "duckdb": str(db_path),
        "great_expectations": gx_version,
        "data_docs": docs,
        "seconds": round(seconds, 2),
        "suites": [
            {
                "name": o.name, "group": o.group, "success": o.success,
                "n_expectations": len(o.checks), "n_batches": o.n_batches, "n_rows": o.n_rows,
                "failed": [{"name": c.name, "expectation": c.expectation, "detail": c.detail()}
                           for c in o.failed],
            }
            for o in outcomes
        ],
    }
    path.write_text(json.dumps(summary, indent=2, default=str) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    db_path = Path(args.duckdb)
    if args.target == "duckdb" and not db_path.is_file():
        print(f"quality_check: no DuckDB warehouse at {db_path} (build it with dbt first)",
              file=sys.stderr)
        return 2
    report_dir = Path(args.report_dir).resolve()
    report_dir.mkdir(parents=True, exist_ok=True)

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="great_expectations")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import duckdb
    import great_expectations as gx
    import psycopg2

    suites = load_suites()
    suites.use_target(args.target, "main" if args.target == "duckdb" else args.pg_schema)
    groups = suites.build(raw_schema=args.raw_schema,
                          max_persona_identifiers=args.max_persona_identifiers,
                          max_person_personas=args.max_person_personas,
                          email_domain_typos=args.email_domain_typos,
                          raw_data_path=args.raw_data_path,
                          volume_drop_max_share=args.volume_drop_max_share)
    validator = Validator(report_dir)
    where = str(db_path) if args.target == "duckdb" else f"PostgreSQL schemas {args.pg_schema}_*"
    try:
        outcomes = run_all(open_warehouse(args), groups, validator, args.batch_rows)
    except (duckdb.IOException, psycopg2.OperationalError) as exc:  # locked by a writer, no server, ...
        print(f"quality_check: cannot open {where}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    try:
        # The counts of this run become the baseline of the next one's volume guard.
        con = open_warehouse(args, write=True)
        try:
            suites.record_row_counts(con, suites.monitored_row_counts(con))
        finally:
            con.close()
    except (duckdb.Error, psycopg2.Error) as exc:
        print(f"quality_check: cannot record row counts in {where}: {str(exc).splitlines()[0]}",
              file=sys.stderr)
        return 2
    clear_previous_docs(report_dir)
    docs = validator.build_docs()
    lines, success = group_lines(outcomes, list(groups))
    seconds = time.monotonic() - started
    write_summary(report_dir / "summary.json", outcomes, success, where, docs, seconds,
                  gx.__version__)

    print(f"Great Expectations {gx.__version__} on {where} (read-only, batches of "
          f"{args.batch_rows} rows)")
    for line in lines:
        print(line)
    failed = [(o, c) for o in outcomes for c in o.failed]
    if failed:
        print("Failing expectations:")
        for suite_outcome, check in failed:
            print(f"  - {check.name} [{check.expectation} in {suite_outcome.name}]: "
                  f"{check.detail()}")
    n_expectations = sum(len(o.checks) for o in outcomes)
    print(f"Data Docs: {report_dir / 'index.html'}")
    print(f"Quality gate {'PASSED' if success else 'FAILED'}: {n_expectations - len(failed)} of "
          f"{n_expectations} expectations passed in {len(outcomes)} GX suites, {seconds:.1f} s")
    return 0 if success else 1


if __name__ == "__main__":
    sys.exit(main())
