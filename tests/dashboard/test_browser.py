"""In a real browser: the dashboard served on 127.0.0.1 (free port), driven by Debian's chromium
through Playwright. Each page: wait for its charts, assert a known value, save a screenshot under
IDR_DASHBOARD_OUT (default target/dashboard-test/). dbt can write while the dashboard is up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from browser import CHROMIUM, browser_page, dashboard_server, explore, load
from conftest import MARTS, ROOT

OUT = Path(os.environ.get("IDR_DASHBOARD_OUT", ROOT / "target" / "dashboard-test"))


@pytest.fixture(scope="module")
def out_dir() -> Path:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium (scripts/test_dashboard.sh does)")
    for old in OUT.glob("*.png"):
        old.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT


def test_pages_in_chromium_and_dbt_writes_while_up(warehouse, out_dir):
    persons = warehouse.scalar(f"select count(*) from {MARTS}.dim_persons")
    runs_before = warehouse.scalar(f"select count(distinct invocation_id) from {MARTS}.identity_run_history")
    reminders = warehouse.scalar(f"select count(*) from {MARTS}.booking_guest_reminders")
    with dashboard_server(warehouse.db_path, out_dir / "streamlit.log") as (url, pid), browser_page() as page:
        assert pid > 0
        load(page, f"{url}/?page=quality", "Trend across runs", 4, out_dir, "quality")
        shown = page.locator('[data-testid="stMetric"]', has_text="Persons").locator(
            '[data-testid="stMetricValue"]').inner_text()
        assert shown == f"{persons:,}"
        assert page.get_by_text(f"{runs_before} run(s) in identity_run_history").is_visible()

        load(page, f"{url}/?page=use_cases", "booking_guest_reminders", 1, out_dir, "use_cases")
        row = page.locator('[data-testid="stTable"] tr', has_text="booking_guest_reminders").first.inner_text()
        assert f"\t{reminders}\t" in f"\t{row}\t".replace("\n", "\t")

        explore(page, url, "account_id", "acc_anne_work", "agent_edit_email", out_dir)
        assert page.get_by_text("together, 1 step(s)").is_visible()

        # The dashboard holds no connection between page loads: dbt writes the warehouse now.
        warehouse.dbt("run", "-s", "identity_quality_metrics", "published_marts", "identity_run_history")
        load(page, f"{url}/?page=quality", f"{runs_before + 1} run(s) in identity_run_history", 4, out_dir,
             "quality_after_second_run")
    for name in ("quality", "use_cases", "explorer", "quality_after_second_run"):
        assert (out_dir / f"{name}.png").stat().st_size > 10_000, name


def test_a_held_connection_would_block_dbt(warehouse):
    """Negative control of the write check above: while a reader holds the file, a writer fails."""
    with duckdb.connect(str(warehouse.db_path), read_only=True):
        proc = subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(warehouse.db_path)!r})"],
                              capture_output=True, text=True)
    assert proc.returncode != 0 and "lock" in proc.stderr.lower()
