"""End-to-end test of the normalisation and utility macros.

Copies the package (dbt_project.yml, macros/, seeds/) and its integration_tests/ project into a
temporary folder, runs `dbt deps` and `dbt build` there against a fresh DuckDB file, and checks
from run_results.json that the equality tests ran and all passed. Nothing is written to the work
tree. The package's models are not copied: only the macros and the seeds they read are under test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE_PARTS = ("dbt_project.yml", "macros", "seeds")
INTEGRATION = "integration_tests"
DBT_TIMEOUT_S = 240


def _dbt_executable() -> str:
    beside_python = Path(sys.executable).parent / "dbt"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if found is None:
        pytest.fail("dbt is not installed (pip install -r requirements.txt)")
    return found


def _run_dbt(project_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBT_", "IDR_"))
    }
    env.update(
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
        IDR_IT_DUCKDB_PATH=str(project_dir / "target" / "integration_tests.duckdb"),
    )
    return subprocess.run(
        [_dbt_executable(), *args, "--profiles-dir", str(project_dir), "--project-dir", str(project_dir)],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=DBT_TIMEOUT_S,
        check=False,
    )


def _explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit code {result.returncode}\n--- stdout (tail) ---\n{result.stdout[-6000:]}\n--- stderr ---\n{result.stderr[-2000:]}"


@pytest.fixture(scope="module")
def integration_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its integration project copied to a temporary folder, dependencies installed."""
    package_root = tmp_path_factory.mktemp("identity_resolution")
    for part in PACKAGE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, package_root / part)
        else:
            shutil.copy2(source, package_root / part)
    project_dir = package_root / INTEGRATION
    shutil.copytree(
        REPO / INTEGRATION,
        project_dir,
        ignore=shutil.ignore_patterns("target", "dbt_packages", "logs", "*.duckdb*", ".user.yml"),
    )
    deps = _run_dbt(project_dir, "deps")
    assert deps.returncode == 0, _explain(deps)
    return project_dir


@pytest.fixture(scope="module")
def build_results(integration_project: Path) -> list[dict]:
    build = _run_dbt(integration_project, "build")
    assert build.returncode == 0, _explain(build)
    run_results = json.loads((integration_project / "target" / "run_results.json").read_text())
    return run_results["results"]


def test_every_node_of_the_build_succeeded(build_results: list[dict]) -> None:
    failed = [(r["unique_id"], r["status"], r.get("message")) for r in build_results if r["status"] not in ("success", "pass")]
    assert not failed, failed


def test_equality_tests_ran_and_passed(build_results: list[dict]) -> None:
    tests = [r for r in build_results if r["unique_id"].startswith("test.")]
    assert len(tests) > 0, "dbt build ran no test"
    not_passed = [(r["unique_id"], r["status"], r.get("failures")) for r in tests if r["status"] != "pass"]
    assert not not_passed, not_passed
    assert all(r.get("failures") in (0, None) for r in tests)


def test_every_integration_model_is_tested(build_results: list[dict], integration_project: Path) -> None:
    models = {
        r["unique_id"].split(".")[-1]
        for r in build_results
        if r["unique_id"].startswith("model.identity_resolution_integration_tests.")
    }
    expected_models = {path.stem for path in (integration_project / "models").glob("*.sql")}
    assert models == expected_models
    tested = {
        model
        for model in models
        for r in build_results
        if r["unique_id"].startswith(f"test.identity_resolution_integration_tests.expect_column_values_equal_{model}_")
    }
    assert tested == models, f"models without an equality test: {sorted(models - tested)}"


def test_unknown_identifier_type_is_a_compile_error(integration_project: Path) -> None:
    result = _run_dbt(
        integration_project,
        "compile",
        "--inline",
        "select {{ identity_resolution.normalize_identifier('shoe_size', 'x') }}",
    )
    assert result.returncode != 0, _explain(result)
    assert "unknown identifier_type 'shoe_size'" in result.stdout + result.stderr, _explain(result)


def test_every_order_term_gets_its_null_order_written_out(integration_project: Path) -> None:
    """ordered_nulls_last (which duplicate a base model keeps): a term without a NULL order gets
    NULLS LAST, DuckDB's default, since Spark sorts NULLs first (the 2,000-person demo kept another
    contact point there); a written one stays; a function call, which the comma split would cut,
    is refused. Negative control: the list as written, without the macro, is not what is checked."""
    written = "added_at, added_by desc, is_primary desc nulls first, status NULLS LAST"
    result = _run_dbt(integration_project, "compile", "--inline",
                      "select '{{ identity_resolution.ordered_nulls_last('" + written + "') }}' as terms")
    assert result.returncode == 0, _explain(result)
    expected = "added_at nulls last, added_by desc nulls last, is_primary desc nulls first, status NULLS LAST"
    assert expected in result.stdout, _explain(result)
    assert written not in result.stdout
    refused = _run_dbt(integration_project, "compile", "--inline",
                       "select {{ identity_resolution.ordered_nulls_last('coalesce(a, b), c') }}")
    assert refused.returncode != 0, _explain(refused)
    assert "got a function call" in refused.stdout + refused.stderr, _explain(refused)


def test_a_long_work_table_name_is_cut_to_63_characters(integration_project: Path) -> None:
    """cc_work_relation: a model name and a work suffix past 63 characters (PostgreSQL's limit;
    int_identity__known_match_components_without_type__cc_labels_next failed there) are cut to 54
    characters and 8 of their md5: 63 in all, the same on every call, two names that share their
    first 54 characters kept apart; a short name stays as it is. Negative control: without the cut,
    the long names come back at their full length (seen: 65 characters; the build failed on
    PostgreSQL)."""
    model = "int_identity__known_match_components_without_type"
    names = [model + "__cc_labels_next", model + "__cc_labels_prev", model + "__cc_labels_next", "people__cc_edges"]
    shown = " ".join("[{{ identity_resolution.cc_work_relation(api.Relation.create(schema='s', identifier='t'), '"
                     + name + "').identifier }}]" for name in names)
    result = _run_dbt(integration_project, "compile", "--inline", "select '" + shown + "' as names")
    assert result.returncode == 0, _explain(result)
    line = next(line for line in result.stdout.splitlines() if line.startswith("select '["))
    cut = line.removeprefix("select '[").split("]")[0:4]
    cut = [name.strip(" [") for name in cut]
    assert [len(name) for name in cut[:3]] == [63, 63, 63], cut
    assert cut[0] == cut[2] != cut[1] and cut[0].startswith(names[0][:54]), cut
    assert cut[3] == "people__cc_edges"
