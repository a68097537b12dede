"""Drive the dashboard in Debian's chromium through Playwright: load each page, wait for its
charts and a known value, time it, save a screenshot. Used by test_browser.py and, on its own, to
measure page load times on a bigger warehouse:

    .venv-dashboard/bin/python tests/dashboard/browser.py --db data/identity100k.duckdb --out target/dashboard-100k
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("IDR_CHROMIUM", "/usr/bin/chromium")
PAGE_TIMEOUT_MS = 180_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def dashboard_server(db_path: Path, log_path: Path):
    """Streamlit on 127.0.0.1:<free port>, stopped by its process group id, also on failure."""
    port = free_port()
    env = {**os.environ, "IDR_DUCKDB_PATH": str(db_path)}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "streamlit"), "run", "app.py", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.headless", "true"],
            cwd=ROOT / "dashboard", env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dashboard did not start (see {log_path})")
            time.sleep(0.3)
        yield url, proc.pid
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextmanager
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            yield page
        finally:
            browser.close()


def wait_until_done(page) -> None:
    """Streamlit finished the script run: the app container is there and nothing is running."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.includes('Running')")


def load(page, url: str, known_text: str, charts: int, out_dir: Path, name: str) -> float:
    """Open a page; wait for its charts and a known value; screenshot; seconds to the known value."""
    started = time.perf_counter()
    page.goto(url)
    page.get_by_text(known_text, exact=False).first.wait_for(state="visible")
    if charts:
        page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg') \
            .nth(charts - 1).wait_for(state="visible")
    wait_until_done(page)
    seconds = time.perf_counter() - started
    screenshot(page, out_dir / f"{name}.png")
    return seconds


def screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main container, so grow the viewport to it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => { const main = document.querySelector('[data-testid=\"stMain\"]')"
        " || document.body; return main.scrollHeight; }")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 12_000)})
    page.wait_for_timeout(500)
    wait_until_done(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def explore(page, url: str, identifier_type: str, value: str, expected_kind: str, out_dir: Path) -> float:
    """The explorer: pick the type, type the identifier, wait for the evidence chain."""
    page.goto(f"{url}/?page=explorer")
    page.get_by_text("Type an identifier").wait_for(state="visible")
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=identifier_type, exact=True).click()
    started = time.perf_counter()
    box = page.get_by_label("Identifier (normalised, as in identity_map)")
    box.fill(value)
    box.press("Enter")
    page.locator('[data-testid="stTable"]', has_text=expected_kind).first.wait_for(state="visible")
    wait_until_done(page)
    seconds = time.perf_counter() - started
    screenshot(page, out_dir / "explorer.png")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--identifier", default=None,
                        help="type:value to explore (default: an account of the largest person)")
    args = parser.parse_args()
    import duckdb

    with duckdb.connect(str(args.db), read_only=True) as con:
        persons = con.execute("select count(*) from main_marts.dim_persons").fetchone()[0]
        if args.identifier:
            identifier_type, value = args.identifier.split(":", 1)
        else:
            identifier_type, value = "account_id", con.execute(
                "select m.identifier_value from main_marts.identity_map m join main_marts.dim_persons p "
                "using (person_id) where m.identifier_type = 'account_id' and p.n_personas > 1 "
                "order by p.n_personas desc, m.identifier_value limit 1").fetchone()[0]
        kind = con.execute(
            "select link_kind from main_marts.fct_identity_links where merged_at_level <> 'none' limit 1").fetchone()[0]
    timings = {}
    with dashboard_server(args.db.resolve(), args.out / "streamlit.log") as (url, _pid), browser_page() as page:
        for run in ("first", "cached"):
            timings[f"quality ({run})"] = load(page, f"{url}/?page=quality", f"{persons:,}", 4, args.out, "quality")
            timings[f"use_cases ({run})"] = load(page, f"{url}/?page=use_cases", "booking_guest_reminders", 1,
                                                 args.out, "use_cases")
        timings["explorer (lookup + chain)"] = explore(page, url, identifier_type, value, "link_kind", args.out)
    (args.out / "timings.json").write_text(json.dumps(timings, indent=2))
    for name, seconds in timings.items():
        print(f"{name:28s} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
