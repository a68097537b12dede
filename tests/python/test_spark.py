"""The Spark target (dbt-spark, session method, local[2]): the same answers as DuckDB.

Spark runs inside each dbt process (pyspark 4.3, Java 17: Debian's openjdk-17-jre-headless is
installed when `java` is missing). Everything Spark writes (Parquet tables, the Derby metastore,
derby.log) goes to a scratch folder (IDR_SPARK_DIR) removed at the end. Raw tables are loaded
into Spark schemas from the raw files (scripts/spark_warehouse.py: never through `dbt seed`), each
build writes its models under its own schema prefix (IDR_SPARK_SCHEMA), and a build is copied into
a DuckDB file to be compared row by row with the DuckDB build (scripts/compare_warehouses.py).
Run with `bash scripts/test_spark.sh` (marker `spark`, venv .venv-spark; the DuckDB core runs
without it). The string similarity functions of the probabilistic comparisons (Jaro-Winkler,
Damerau-Levenshtein) are compared with DuckDB's over a list of pairs (one `dbt show` per engine).
The tests also marked `spark_full` build the whole project on Spark: the scenario business equal
to DuckDB (its registries among the tables), every spark__ macro run, and a generated 500-person
business split into a main load and a later batch, built run by run on Spark and equal, every
table, to a full build of the same loads on DuckDB (also marked `spark_incremental`). CI runs them
all: `bash scripts/test_spark.sh`; one group alone with `-m spark_incremental` and the like.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

import scenario_data
from compare_warehouses import compare, install_hash_key
from conftest import assert_green, assert_same_answers, generated_business, main_load_and_batch, ROOT, TEST_HASH_KEY, run_dbt, MODELS_AND_SEEDS

pytestmark = pytest.mark.spark

# The generated business of the incremental test: at 500 persons every staging, intermediate and mart
# table holds rows (identity_key_aliases aside, as at 2,000), and every data test and the quality
# gate pass on DuckDB; Spark's time grows with the rows (session 22, docs/benchmarks.md).
DEMO_PERSONS = 500
MARTS = ("main_marts",)
ALL_SCHEMAS = ("main_staging", "main_intermediate", "main_marts")
# What a Spark build and a DuckDB build of the same rows may differ in, every table compared: the
# last bits of a double, and the raw row's JSON text (DuckDB keeps it for quarantined rows only,
# docs/privacy.md, and writes it in its own JSON form) with the quarantine key hashed from it.
ENGINE_TOLERANCE = {"double_decimals": 9, "ignore_columns": ("raw_record", "quarantined_record_id")}
SEEDS = ("main_config",)
TOOL = ROOT / "scripts" / "spark_warehouse.py"


def ensure_java() -> None:
    """Java 17 from Debian's packages when there is no java (as root, like CI)."""
    if shutil.which("java"):
        return
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "openjdk-17-jre-headless"], check=True,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    assert shutil.which("java"), "openjdk-17-jre-headless installed no java"


@pytest.fixture(scope="session")
def spark_env():
    """The variables of the spark target, with a scratch folder for all Spark writes."""
    ensure_java()
    folder = Path(tempfile.mkdtemp(prefix="idr-spark-", dir="/tmp"))
    # The profile's driver memory (6g): the tests run what a user runs. With 4g, the 500-person
    # batch run (session 22) once ran out of heap building a broadcast table.
    env = {"IDR_TARGET": "spark", "IDR_SPARK_DIR": str(folder), "SPARK_LOCAL_IP": "127.0.0.1"}
    try:
        yield env
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def spark_tool(env: dict, *args: str, stdin: str | None = None) -> str:
    """scripts/spark_warehouse.py in its own process (the Derby metastore takes one process at a time)."""
    done = subprocess.run([sys.executable, str(TOOL), *args], input=stdin, capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done.stdout


def run_spark(args: list[str], workdir: Path, env: dict, prefix: str, raw_schema: str,
              extra_vars: dict | None = None, key: bool = True, check: bool = True):
    """dbt on the spark target: models in schemas <prefix>_*, raw tables from the Spark schema raw_schema.
    key: the build gets the tests' hashing key first (so its nodes and keys are DuckDB's)."""
    if key:
        spark_tool(env, "key", "--prefix", prefix, stdin=TEST_HASH_KEY)
    return run_dbt(args, workdir, None, {"raw_schema": raw_schema, **(extra_vars or {})},
                   env={**env, "IDR_SPARK_SCHEMA": prefix}, hash_key=None, check=check)


def copy_build(env: dict, prefix: str, reference: Path, out: Path, schemas=MARTS + SEEDS) -> Path:
    spark_tool(env, "copy", "--prefix", prefix, "--reference", str(reference), "--out", str(out),
               "--schemas", *schemas)
    return out


def none_strings(copy: Path) -> int:
    """Text values 'None' in the seeds as Spark loaded them (dbt seeds on Spark once turned empty CSV
    fields into the string 'None', which merged strangers)."""
    with duckdb.connect(str(copy), read_only=True) as con:
        columns = con.execute("select table_name, column_name from duckdb_columns() "
                              "where schema_name = 'main_config' and data_type = 'VARCHAR'").fetchall()
        assert len(columns) >= 10, columns
        return sum(con.execute(f'select count(*) from main_config."{t}" where "{c}" = \'None\'').fetchone()[0]
                   for t, c in columns)


@pytest.fixture(scope="module")
def scenarios(scenario_build, spark_env, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("spark_scenarios")
    raw = scenario_data.write(workdir / "raw")
    spark_tool(spark_env, "load", "--src", str(raw), "--schema", "raw_scenarios")
    build = run_spark(["build"], workdir / "spark", spark_env, "scenarios", "raw_scenarios")
    copy = copy_build(spark_env, "scenarios", scenario_build.db_path, workdir / "spark_copy.duckdb")
    return {"duck": scenario_build, "spark": build, "copy": copy}


@pytest.mark.spark_full
def test_every_model_test_and_seed_passes_on_spark(scenarios):
    assert_green(scenarios["spark"])
    kinds = {r["unique_id"].split(".")[0] for r in scenarios["spark"].results()}
    assert {"model", "test", "seed"} <= kinds
    assert len(scenarios["spark"].results()) >= 300


@pytest.mark.spark_full
def test_scenarios_give_the_same_answers_on_spark(scenarios):
    assert_same_answers(scenarios["duck"].db_path, scenarios["copy"])


def load_duckdb(db_path: Path, src: Path, schema: str, batch_column: str) -> None:
    """Every raw file of src as a table of text in schema of a DuckDB warehouse, each row with its
    file (relative to src) in batch_column, appended to what the schema holds: what
    scripts/spark_warehouse.py load writes into Spark, so that a DuckDB build reads a warehouse
    as the Spark builds do (no file fingerprint, the same batch names)."""
    from raw_contract import raw_tables, table_files
    from spark_warehouse import _read_as_text

    with duckdb.connect(str(db_path)) as con:
        con.execute(f'create schema if not exists "{schema}"')
        for table in raw_tables():
            for path in table_files(src, table):
                rows = _read_as_text(con, path)
                if not rows.column_names:
                    continue
                con.register("batch_rows", rows)
                batch = path.relative_to(src).as_posix()
                con.execute(f'create table if not exists "{schema}"."{table}" as '
                            f'select *, cast(null as varchar) as "{batch_column}" from batch_rows limit 0')
                con.execute(f'insert into "{schema}"."{table}" by name '
                            f'select *, ? as "{batch_column}" from batch_rows', [batch])
                con.unregister("batch_rows")


@pytest.fixture(scope="module")
def river(spark_env, tmp_path_factory):
    """A generated 500-person business split by time into a main load and one later batch (the
    latest 20% of rows), told apart by a load column (var raw_batch_column): on Spark run by run
    into one schema prefix (the state after the first run copied out too); on DuckDB in one run from
    both loads, read from raw tables in the warehouse as Spark reads them. The two Spark runs are
    also this suite's generated business on Spark (a separate full Spark build of it took minutes
    of CI's longest step); the runs build models, seeds and hooks: every data test runs on Spark in
    the scenario build."""
    workdir = tmp_path_factory.mktemp("spark_incremental")
    raw = workdir / "raw"
    generated_business(raw, DEMO_PERSONS, seed=11)
    # Without erasure requests (docs/privacy.md, "Erasure and incremental runs").
    only_main, batches = main_load_and_batch(raw, workdir)
    batch_vars = {"raw_batch_column": "_batch"}
    duck = workdir / "full" / "warehouse.duckdb"
    duck.parent.mkdir()
    install_hash_key(duck, TEST_HASH_KEY)
    load_duckdb(duck, only_main, "raw_river", "_batch")
    load_duckdb(duck, batches, "raw_river", "_batch")
    full = run_dbt(MODELS_AND_SEEDS, duck.parent, None, {"raw_schema": "raw_river", **batch_vars})
    spark_tool(spark_env, "load", "--src", str(only_main), "--schema", "raw_river", "--batch-column", "_batch")
    first = run_spark(MODELS_AND_SEEDS, workdir / "run1", spark_env, "river", "raw_river", batch_vars)
    behind = copy_build(spark_env, "river", full.db_path, workdir / "behind.duckdb", ALL_SCHEMAS)
    added = spark_tool(spark_env, "load", "--src", str(batches), "--schema", "raw_river", "--batch-column",
                       "_batch", "--append")
    # The key is in the prefix since the first run.
    second = run_spark(MODELS_AND_SEEDS, workdir / "run2", spark_env, "river", "raw_river", batch_vars, key=False)
    return {"builds": (first, second, full), "added": added, "behind": behind,
            "incremental": copy_build(spark_env, "river", full.db_path, workdir / "incremental.duckdb", ALL_SCHEMAS),
            "full": full.db_path}


@pytest.mark.spark_full
@pytest.mark.spark_incremental
def test_an_incremental_batch_on_spark_equals_a_full_build(river):
    """Every staging, intermediate and mart table of the generated business after a main load and
    one incremental batch on Spark equals a build of both loads at once on DuckDB (doubles to 9
    decimals: the engines' logarithms differ in the last bits; the raw row's JSON and the
    quarantine key hashed from it aside: ENGINE_TOLERANCE); negative control: the state one batch
    behind differs."""
    for build in river["builds"]:
        assert_green(build)
    assert re.search(r"raw_river\.web_events: [1-9]", river["added"]), river["added"]
    with duckdb.connect(str(river["incremental"]), read_only=True) as con:
        # The second run read only the new batch: base tables hold both batches, loaded in two runs.
        assert con.execute("select count(distinct _source_file), count(distinct _loaded_at) "
                           "from main_staging.base_web__events").fetchone() == (2, 2)
    diffs = compare(river["incremental"], river["full"], ALL_SCHEMAS, **ENGINE_TOLERANCE)
    assert len(diffs) >= 40, [d.relation for d in diffs]
    assert [d for d in diffs if not d.equal] == []
    by_name = {d.relation.split(".")[1]: d.rows for d in diffs}
    for model in ("base_web__events", "int_identity__evidence", "identity_map", "dim_persons"):
        assert by_name[model] > 0, model
    behind = {d.relation.split(".")[1]: d
              for d in compare(river["behind"], river["full"], ALL_SCHEMAS, **ENGINE_TOLERANCE)}
    for model in ("base_web__events", "int_identity__identifiers", "identity_map"):
        assert not behind[model].equal, model


@pytest.mark.spark_full
def test_seeds_on_spark_hold_no_none_strings(scenarios, tmp_path):
    """The registries (seeds), loaded by the scenario build's `dbt build` on Spark, equal DuckDB's,
    empty fields NULL (dbt-spark's own seed loading wrote 'None' there and broke on a quote);
    negative control: one 'None' is seen."""
    assert_green(scenarios["spark"])
    assert any(r["unique_id"].startswith("seed.") for r in scenarios["spark"].results())
    diffs = compare(scenarios["duck"].db_path, scenarios["copy"], SEEDS)
    seeds = sorted(p.stem for p in (ROOT / "seeds").glob("*.csv"))
    assert len(diffs) == len(seeds) >= 5 and all(d.rows > 0 for d in diffs), (seeds, diffs)
    assert [d for d in diffs if not d.equal] == []
    assert none_strings(scenarios["copy"]) == 0
    broken = tmp_path / "broken.duckdb"
    shutil.copy(scenarios["copy"], broken)
    with duckdb.connect(str(broken)) as con:
        con.execute("update main_config.identifier_types set scope = 'None' where identifier_type = 'email'")
    assert none_strings(broken) == 1
    diffs = {d.relation: d for d in compare(scenarios["duck"].db_path, broken, SEEDS)}
    assert not diffs["main_config.identifier_types"].equal


@pytest.mark.spark_full
def test_the_comparison_sees_one_changed_key(scenarios, tmp_path):
    """Negative control: one person_id changed in identity_map is a difference."""
    changed = tmp_path / "changed.duckdb"
    shutil.copy(scenarios["copy"], changed)
    with duckdb.connect(str(changed)) as con:
        con.execute("update main_marts.identity_map set person_id = person_id || 'x' "
                    "where identifier_value = (select min(identifier_value) from main_marts.identity_map "
                    "where person_id is not null)")
    diffs = {d.relation: d for d in compare(scenarios["duck"].db_path, changed, MARTS)}
    assert not diffs["main_marts.identity_map"].equal
    assert diffs["main_marts.identity_map"].only_in_first == 1


# Made-up name fragments (nobody's identifiers) for the string similarity functions: equal, empty,
# one character, transpositions, prefix differences, a Jaro-Winkler of exactly 0.92 (a level
# threshold), accents and other non-ASCII letters (DuckDB compares UTF-8 bytes), names past 64
# bytes (where DuckDB's algorithm works in blocks), NULL on either side.
SIMILARITY_PAIRS = [
    ("martha", "martha"), ("", ""), ("", "anna"), ("anna", ""), ("a", "a"), ("a", "b"), ("a", "ab"),
    ("ab", "ba"), ("martha", "marhta"), ("abcd", "abdc"), ("ca", "abc"), ("dwayne", "duane"),
    ("dixon", "dicksonx"), ("jellyfish", "smellyfish"), ("smith", "smitx"), ("jon", "john"),
    ("jonathan", "jonathon"), ("katherine", "kathryn"), ("prefix", "prefixes"), ("xprefix", "prefix"),
    ("abcdefgh", "abcdxfgh"), ("rue de la paix", "rue de la pais"), ("josé", "jose"), ("zoë", "zoe"),
    ("müller", "mueller"), ("łukasz", "lukasz"), ("straße", "strasse"), ("ærøskøbing", "aeroskobing"),
    ("café", "cafè"), ("李小龙", "李小明"), ("μαρία", "μαρια"),
    ("bartholomew " * 6, "bartholomev " * 6), ("maximilianus alexander " * 3, "maximillianus alexandre " * 3),
    (None, "anna"), ("anna", None), (None, None),
]


def similarity_query() -> str:
    """jaro_winkler and damerau_levenshtein over SIMILARITY_PAIRS, the comparison levels' thresholds
    taken in SQL, and the edit-distance forms Spark used before (old_jw, old_dl), a negative control."""
    def text(value):
        assert value is None or "'" not in value
        return "null" if value is None else f"'{value}'"
    rows = ", ".join(f"({i}, {text(a)}, {text(b)})" for i, (a, b) in enumerate(SIMILARITY_PAIRS))
    return ("select i, jw, dl, jw >= 0.80 as jw_080, jw >= 0.90 as jw_090, jw >= 0.92 as jw_092, old_jw, old_dl "
            "from (select i, {{ identity_resolution.jaro_winkler('a', 'b') }} as jw, "
            "{{ identity_resolution.damerau_levenshtein('a', 'b') }} as dl, "
            "1.0 - cast(levenshtein(a, b) as double) / nullif(greatest(length(a), length(b)), 0) as old_jw, "
            "levenshtein(a, b) as old_dl "
            f"from (values {rows}) as pairs (i, a, b)) as similarities")


def shown_rows(build) -> dict[int, dict]:
    """The rows of `dbt show --output json --log-format json`, by pair number."""
    for line in build.output.splitlines():
        if line.startswith("{") and '"ShowNode"' in line:
            return {row["i"]: row for row in json.loads(json.loads(line)["data"]["preview"])}
    raise AssertionError(build.output[-3000:])


def similarity_differences(duck: dict, spark: dict, jw: str = "jw", dl: str = "dl") -> list[tuple[int, str]]:
    """Pairs where Spark's value (columns jw, dl) is not DuckDB's: NULL apart from a value,
    Jaro-Winkler off by more than 1e-9 or on the other side of a level threshold, another distance."""
    differences = []
    for i in range(len(SIMILARITY_PAIRS)):
        d, s = duck[i], spark[i]
        if (d["jw"] is None) != (s[jw] is None) or d["jw"] is not None and abs(d["jw"] - s[jw]) > 1e-9:
            differences.append((i, "jaro_winkler"))
        if jw == "jw" and any(d[band] != s[band] for band in ("jw_080", "jw_090", "jw_092")):
            differences.append((i, "threshold"))
        if d["dl"] != s[dl]:
            differences.append((i, "damerau_levenshtein"))
    return differences


def test_string_similarity_on_spark_equals_duckdb(spark_env, tmp_path):
    """jaro_winkler and damerau_levenshtein on Spark (SQL over UTF-8 bytes) give DuckDB's values on
    every pair (one `dbt show` per engine): the probable person level compares names with them.
    Negative control: the edit-distance forms Spark used before differ from DuckDB on this list."""
    show = ["show", "--inline", similarity_query(), "--limit", "1000", "--output", "json", "--log-format", "json"]
    duck = shown_rows(run_dbt(show, tmp_path / "duckdb", None))
    spark = shown_rows(run_spark(show, tmp_path / "spark", spark_env, "similarity", "raw", key=False))
    assert len(duck) == len(spark) == len(SIMILARITY_PAIRS)
    nulls = [i for i, (a, b) in enumerate(SIMILARITY_PAIRS) if a is None or b is None]
    assert [i for i in duck if duck[i]["jw"] is None] == [i for i in duck if duck[i]["dl"] is None] == nulls
    # The list reaches both sides of the thresholds, 0.92 exactly among them (smith/smitx).
    assert {row["jw_092"] for row in duck.values() if row["jw"] is not None} == {True, False}
    assert duck[SIMILARITY_PAIRS.index(("smith", "smitx"))]["jw"] == 0.92
    assert similarity_differences(duck, spark) == []
    old = similarity_differences(duck, spark, "old_jw", "old_dl")
    assert {kind for _, kind in old} == {"jaro_winkler", "damerau_levenshtein"}, old


# JSON texts (the generator's broken ones among them) and what every engine says of them: valid
# or not, and the text at the key "email". Left out: the edges where the engines differ (text
# after a complete value, trailing commas, NaN; macros/utils/_utils__macros.md).
JSON_TEXTS = [
    ('{"email": "a@b.com"}', True, "a@b.com"), ("{'email': 'a@b.com'}", False, None),
    ("{'single': 'quotes'}", False, None), ('{"email": "a@b.com"', False, None),
    ('{"content_category": "tax", "note": "unterminated', False, None), ("not json {", False, None),
    ('{"email": "tab\there"}', False, None), ('{email: "a@b.com"}', False, None), ("[1, 2]", True, None),
    ('"text"', True, None), ("null", True, None), ('{"email": null}', True, None), ("", False, None),
    ('{"email": {"x": 1}}', True, '{"x":1}'), ('{"a": 1, "email": "c@d.org"}', True, "c@d.org"),
]
# Timestamp texts (the generator's broken ones among them): parse_timestamp reads them alike.
TIMESTAMP_TEXTS = ["2026-03-01T10:00:00Z", "2026-03-01T10:00:00+02:00", "2026-03-01 10:00:00.1234567",
                   "2026-03-01T10:00:00,5-0330", "2026-03-01", "2026-12-31 24:00:00+01:00", "2026-03-01T24:00",
                   "2026-03-01 24:00:00.5", "2026-03-01 24:30:00", "2026-02-29T10:00:00Z", "2024-02-29T10:00:00Z",
                   "not-a-date", "2026-13-45T99:00:00", "31/02/2026 25:61", "0000-00-00 00:00:00",
                   "2026-02-30T10:00:00Z", "tomorrow", " 2026-03-01T10:00:00Z ", "2026-03-01t10:00:00z"]
# Names whose accents every engine drops alike: precomposed (Vietnamese, Polish, Czech), decomposed
# (a letter and combining marks), and letters that have no decomposition (they stay).
ACCENT_NAMES = ["Nguyễn", "Nguye\u0302\u0303n", "Đặng Trần", "Łukasz Dvořák", "straße Ærø Œuvre",
                "İstanbul", "Zoë Ñuñez", "ǅemal", "한국", "Ἀλέξανδρος", "Йордан"]


def text_functions_query(engine: str) -> str:
    """strip_accents_sql of every character from U+0080 to U+FFFF it changes (the surrogates aside),
    then of ACCENT_NAMES; is_valid_json and safe_json_text of JSON_TEXTS, with the Spark form used
    before (get_json_object), a negative control."""
    if engine == "duckdb":
        char, column = "chr(cast(code_point as integer))", "range"
    else:
        char, column = "decode(unhex(lpad(hex(code_point), 4, '0')), 'UTF-16BE')", "id"
    code_points = (f"(select {column} as code_point from range(128, 55296) union all "
                   f"select {column} from range(57344, 65536)) as r")
    def text(value):
        assert "\\" not in value
        return "'" + value.replace("'", "''" if engine == "duckdb" else "\\'") + "'"
    names = ", ".join(f"({i}, {text(n)})" for i, n in enumerate(ACCENT_NAMES))
    jsons = ", ".join(f"({i}, {text(j)})" for i, (j, _, _) in enumerate(JSON_TEXTS))
    old_valid = "get_json_object(j, '$') is not null" if engine == "spark" else "cast(null as boolean)"
    # What Spark's parse_timestamp did before it read 24:00:00 (the cast alone): a negative control.
    old_time = "cast(try_cast(t as timestamp_ntz) as string)" if engine == "spark" else "cast(null as varchar)"
    times = ", ".join(f"({i}, {text(t)})" for i, t in enumerate(TIMESTAMP_TEXTS))
    string = "varchar" if engine == "duckdb" else "string"
    return ("select 'char' as kind, code_point as i, stripped as value, cast(null as boolean) as valid, "
            "cast(null as boolean) as old_valid from (select code_point, "
            "{{ identity_resolution.strip_accents_sql('ch') }} as stripped, ch from (select code_point, "
            f"{char} as ch from {code_points}) as c) as s where stripped <> ch "
            "union all select 'name', i, {{ identity_resolution.strip_accents_sql('n') }}, null, null "
            f"from (values {names}) as names (i, n) "
            "union all select 'json', i, {{ identity_resolution.safe_json_text('j', 'email') }}, "
            f"{{{{ identity_resolution.is_valid_json('j') }}}}, {old_valid} from (values {jsons}) as jsons (i, j) "
            f"union all select 'time', i, cast({{{{ identity_resolution.parse_timestamp('t') }}}} as {string}), "
            f"null, {old_time} is not null from (values {times}) as times (i, t)")


def text_function_rows(build) -> dict[tuple[str, int], dict]:
    for line in build.output.splitlines():
        if line.startswith("{") and '"ShowNode"' in line:
            return {(row["kind"], row["i"]): row for row in json.loads(json.loads(line)["data"]["preview"])}
    raise AssertionError(build.output[-3000:])


def test_accents_json_and_timestamps_on_spark_equal_duckdb(spark_env, tmp_path):
    """strip_accents_sql (a translate() table on Spark, DuckDB's strip_accents) changes the same
    characters the same way on both engines, and drops the same accents from names; is_valid_json
    and safe_json_text read JSON alike, and parse_timestamp timestamps, the generator's broken
    texts included (one `dbt show` per engine). Negative controls: get_json_object, Spark's
    validity check before, takes {'single': 'quotes'} for JSON (the 2,000-person demo kept an
    invalid properties text there); Spark's cast alone refuses 24:00:00."""
    rows = {}
    for engine in ("duckdb", "spark"):
        show = ["show", "--inline", text_functions_query(engine), "--limit", "10000", "--output", "json",
                "--log-format", "json"]
        build = run_dbt(show, tmp_path / engine, None) if engine == "duckdb" else \
            run_spark(show, tmp_path / engine, spark_env, "texts", "raw", key=False)
        rows[engine] = text_function_rows(build)
    duck, spark = rows["duckdb"], rows["spark"]
    assert 2500 < sum(kind == "char" for kind, _ in duck) < 3500
    assert {k: (r["value"], r["valid"]) for k, r in duck.items()} == {k: (r["value"], r["valid"]) for k, r in spark.items()}
    assert duck[("name", 0)]["value"] == duck[("name", 1)]["value"] == "Nguyen"
    assert [(duck[("json", i)]["valid"], duck[("json", i)]["value"]) for i in range(len(JSON_TEXTS))] == \
        [(valid, value) for _, valid, value in JSON_TEXTS]
    old = [i for i in range(len(JSON_TEXTS)) if spark[("json", i)]["old_valid"] != JSON_TEXTS[i][1]]
    assert JSON_TEXTS.index(("{'single': 'quotes'}", False, None)) in old, old
    parsed = {TIMESTAMP_TEXTS[i]: duck[("time", i)]["value"] for i in range(len(TIMESTAMP_TEXTS))}
    assert parsed["2026-12-31 24:00:00+01:00"] == "2026-12-31 23:00:00" and parsed["tomorrow"] is None
    assert parsed["2026-03-01T10:00:00,5-0330"] == "2026-03-01 13:30:00.5"
    end_of_day = TIMESTAMP_TEXTS.index("2026-03-01T24:00")
    assert duck[("time", end_of_day)]["value"] == "2026-03-02 00:00:00"
    assert spark[("time", end_of_day)]["old_valid"] is False
    assert spark[("time", TIMESTAMP_TEXTS.index("2026-03-01T10:00:00Z"))]["old_valid"] is True


def spark_macros() -> set[str]:
    names = set()
    for path in (ROOT / "macros").rglob("*.sql"):
        names |= set(re.findall(r"\{%-?\s*macro\s+(spark__\w+)\s*\(", path.read_text()))
    return names


# What each spark__ macro writes into the SQL Spark runs: found in the debug log of the builds.
SPARK_MACRO_SQL = {
    "spark__keyed_hash": "sha2(concat((select key_table.hash_key from",
    "spark__random_hash_key_sql": "sha2(concat(uuid(), uuid(), uuid(), uuid()), 256)",
    "spark__raw_field_values": "explode(map_values(from_json(",
    "spark__alphanumeric_runs": "explode(split(",
    "spark__score_distinct_value_pairs_by_default": "as value_key_0",  # the distinct-pair path it chose
    "spark___utc_timestamp_from_parts": "timestampadd(",
    "spark___unicode_nfc": None,  # writes its argument unchanged: nothing of its own to find
    "spark__regex_extract": "nullif(regexp_extract(",
    "spark__regex_literal": "\\\\p{Punct}",
    "spark__try_cast_as": "try_cast(",
    "spark__regex_replace_all": "regexp_replace(",
    "spark__mode_of": ", true)",
    "spark__row_to_json_text": "to_json(struct(",
    "spark__is_valid_json": "try_parse_json(",
    "spark__string_literal": "\\\\",  # a doubled backslash (regex literals pass through it)
    "spark__value_in_relation": "array_contains((select collect_set(",
    "spark__regex_matches": " rlike ",
    "spark__safe_json_text": "'$[\\'",
    "spark__load_csv_rows": "cast(null as integer)",
    "spark__delete_rows": "__kept using parquet as select * from",
    "spark__type_double": "as double) as confidence",
    "spark__project_table_columns": "identity_resolution: purged ",  # the purge's log line: it listed the tables
    "spark__jaro_winkler": "jw_v -> element_at(transform(",
    "spark__damerau_levenshtein": "dl_v -> case when size(dl_v.x) = 0",
    "spark__get_empty_schema_sql": "cast(null as double)\n as measure_value",  # a contract's double precision
    "spark__dateadd": "timestampadd(day, ",
    "spark__ordered_text_set": "concat_ws('|', array_sort(collect_list(",
    # Runs only when int_privacy__erased_nodes is rebuilt over its own table: the incremental test's
    # second run, which fails without it (dbt-spark drops the table before the model reads it).
    "spark__previous_rows": None,
    # Adds no SQL on Parquet; without it dbt-spark's ALTER COLUMN ... SET NOT NULL fails every mart
    # with a not_null constraint, so the green marts of the build show it ran.
    "spark__persist_constraints": None,
    # Writes no keyword (Spark has none), so the CTE it stands in reads `hashed_values as  (`, where
    # DuckDB and PostgreSQL read `hashed_values as materialized (`.
    "spark__materialized_cte": "hashed_values as  (",
}


@pytest.mark.spark_full
def test_every_spark_macro_runs_on_spark(scenarios, spark_env, tmp_path):
    """Each spark__ macro of the project shows in the SQL the Spark builds ran. The random key is
    only made by a build whose warehouse has none: one small run without a key makes it (without
    the erasure purge at its end, which the scenario build ran: on Spark it costs about as much
    CPU as the rest of that run)."""
    assert spark_macros() == set(SPARK_MACRO_SQL), "register every spark__ macro in SPARK_MACRO_SQL"
    keyless = run_spark(["run", "--select", "base_privacy__erasure_requests"], tmp_path / "keyless", spark_env,
                        "keyless", "raw_scenarios", {"erasure_purge": False}, key=False)
    assert_green(keyless)
    logs = "".join(p.read_text(errors="replace") for build in (scenarios["spark"], keyless)
                   for p in (build.target_path.parent / "logs").glob("dbt.log*"))
    missing = [name for name, sql in SPARK_MACRO_SQL.items() if sql is not None and sql not in logs]
    assert missing == []
