"""Identity-resolution dashboard over the published marts (Streamlit).

    bash scripts/dashboard.sh          # after the main job; http://127.0.0.1:8501

Pages (sidebar, or ?page=quality|use_cases|explorer): identity quality, use cases, explorer.
Reads the warehouse read-only through warehouse.py (a fresh connection per query). Identifier
values are masked; keys (device_id, persona_id, person_id) are the marts' hashes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import queries  # noqa: E402
from masking import mask, masked  # noqa: E402
import warehouse  # noqa: E402

PAGES = {"quality": "Identity quality", "use_cases": "Use cases", "explorer": "Explorer"}
@st.cache_data(show_spinner=False, max_entries=64)
def cached(name: str, version: str, *args):
    """A query of queries.py, cached until the warehouse file changes."""
    return getattr(queries, name)(*args)


def q(name: str, *args):
    return cached(name, warehouse.version(), *args)


def quality_page() -> None:
    st.header("Identity quality")
    counts = q("entity_counts")
    columns = st.columns(4)
    columns[0].metric("Persons", f"{counts['persons']:,}")
    columns[1].metric("Personas", f"{counts['personas']:,}")
    columns[2].metric("Devices", f"{counts['devices']:,}")
    columns[3].metric("Over-merge suspects", f"{q('overmerge_suspects'):,}")

    st.subheader("Match rate per identifier type")
    rates = q("match_rates")
    st.bar_chart(rates, x="identifier_type", y=["persona_match_pct", "person_match_pct"], stack=False,
                 y_label="% resolved", height=260)
    st.table(rates.set_index("identifier_type").style.format(precision=1))

    st.subheader("Cluster sizes per level")
    sizes = q("cluster_sizes")
    left, right = st.columns(2)
    for column, level, unit in ((left, "persona", "identifiers"), (right, "person", "personas")):
        with column:
            st.caption(f"{level}s by {unit}")
            part = sizes[sizes.level == level]
            st.bar_chart(part, x="size", y="clusters", height=220)
            st.table(part[["size", "clusters"]].set_index("size"))

    st.subheader("Over-merge suspects")
    st.caption("The persons with the most personas and devices (hashed keys).")
    st.table(q("largest_persons"))

    for column, title, name, empty in zip(st.columns(2), ("Shared identifiers", "Quarantine"),
                                          ("shared_identifiers", "quarantine"), ("None.", "No quarantined rows.")):
        with column:
            st.subheader(title)
            frame = q(name)
            if len(frame):
                st.table(frame)
            else:
                st.write(empty)

    st.subheader("Trend across runs")
    trend = q("run_trend")
    if len(trend):
        st.line_chart(trend, x="run_at", y=["persons", "personas", "devices"], height=260)
        st.caption(f"{len(trend)} run(s) in identity_run_history.")
    else:
        st.write("No run recorded yet in identity_run_history.")


def use_cases_page() -> None:
    st.header("Use cases")
    marts = q("use_case_marts")
    rows = []
    for mart in marts.itertuples():
        n_rows, n_members = q("audience", mart.mart_name, mart.resolution_level)
        rows.append({"mart": mart.mart_name, "level": mart.resolution_level, "rows": n_rows,
                     "audience": n_members, "routing": mart.routing_policy})
    overview = pd.DataFrame(rows)
    st.bar_chart(overview, x="mart", y="audience", height=260, horizontal=True)
    st.table(overview.set_index("mart"))
    st.caption("Level and routing come from each mart's model description (published_marts). "
               "Audience: distinct members at the mart's level.")
    for mart in marts.itertuples():
        with st.expander(f"{mart.mart_name}: sample (masked)"):
            st.markdown(f"**Routing:** {mart.routing_policy}")
            st.table(masked(q("sample", mart.mart_name)))


def explorer_page() -> None:
    st.header("Explorer")
    st.caption("Where an identifier resolves, what else is resolved with it, and the evidence chain "
               "(the same search as `dbt run-operation explain_identity`). Values are masked.")
    types = q("identifier_types")
    left, right = st.columns([1, 3])
    default_type = st.query_params.get("type", "email")
    identifier_type = left.selectbox("Identifier type", types,
                                     index=types.index(default_type) if default_type in types else 0)
    # type=password: the typed value stays off screen and out of screenshots.
    value = right.text_input("Identifier (normalised, as in identity_map)", key="identifier", type="password")
    if not value:
        st.info("Type an identifier to look it up.")
        return
    found = queries.lookup(identifier_type, value)
    if found.empty:
        st.warning("Not in identity_map (unknown, invalid, shared-out or erased).")
        return
    row = SimpleNamespace(**{k: (None if pd.isna(v) else v) for k, v in found.iloc[0].items()})
    resolved = pd.DataFrame([{"level": level, "key": getattr(row, key) or "(none)"}
                             for level, key in (("device", "device_id"), ("persona", "persona_id"),
                                                ("person", "person_id"))])
    columns = st.columns(3)
    columns[0].metric("Device", "yes" if row.device_id else "none")
    members = {}
    for level, key in (("persona", "persona_id"), ("person", "person_id")):
        members[level] = queries.identifiers_of(key, getattr(row, key)) if getattr(row, key) else pd.DataFrame()
    columns[1].metric("Identifiers in its persona", len(members["persona"]))
    columns[2].metric("Identifiers in its person", len(members["person"]))
    st.table(resolved.set_index("level"))
    if row.is_shared:
        st.warning(f"Shared identifier ({row.shared_reason}): kept from bridging, resolves to no persona or person.")

    if row.device_id:
        st.subheader("Other identifiers of its device")
        st.table(masked(queries.identifiers_of("device_id", row.device_id)))
    for level in ("persona", "person"):
        if len(members[level]):
            st.subheader(f"Identifiers of its {level}")
            st.table(masked(members[level]))

    others = members["person"]
    others = others[~((others.identifier_type == row.identifier_type)
                      & (others.identifier_value == row.identifier_value))] if len(others) else others
    if not len(others):
        return
    st.subheader("Evidence chain")
    labels = [f"{t}:{mask(v)}" for t, v in zip(others.identifier_type, others.identifier_value)]
    choice = st.selectbox("Why is it together with", range(len(labels)), format_func=lambda i: labels[i])
    target = others.iloc[choice]
    answer = warehouse.explain(warehouse.side(row.identifier_type, row.identifier_value),
                               warehouse.side(target.identifier_type, target.identifier_value))
    for level, chain in answer["chains"].items():
        if chain == "apart":
            st.markdown(f"**{level}:** apart.")
        elif chain is None:
            st.markdown(f"**{level}:** together, no chain within 12 hops over published links.")
        else:
            st.markdown(f"**{level}:** together, {len(chain)} step(s).")
            steps = pd.DataFrame([{
                "from": f"{s['from'].split(':', 1)[0]}:{mask(s['from'].split(':', 1)[1])}",
                "link_kind": s["link_kind"], "source_table": s["source_table"],
                "merged_at_level": s["merged_at_level"], "confidence": float(s["confidence"]),
                "n_records": int(s["n_records"]),
                "to": f"{s['to'].split(':', 1)[0]}:{mask(s['to'].split(':', 1)[1])}",
            } for s in chain])
            st.table(steps)


def main() -> None:
    st.set_page_config(page_title="Identity resolution", layout="wide")
    started = time.perf_counter()
    current = st.query_params.get("page", "quality")
    if current not in PAGES:
        current = "quality"
    page = st.sidebar.radio("Page", list(PAGES), index=list(PAGES).index(current), format_func=PAGES.get)
    st.query_params["page"] = page
    try:
        st.sidebar.caption(warehouse.describe())
        {"quality": quality_page, "use_cases": use_cases_page, "explorer": explorer_page}[page]()
    except warehouse.WarehouseUnavailable as error:
        st.error(str(error))
        return
    st.sidebar.caption(f"Page computed in {time.perf_counter() - started:.2f} s")


main()
