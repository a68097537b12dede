"""The dashboard's queries: plain, portable SQL over the published marts (DuckDB and PostgreSQL)."""

from __future__ import annotations

import re

import pandas as pd

from warehouse import query, relation

# Metrics of identity_quality_metrics that the quality page reads from the latest run.
LATEST_RUN = (
    "select metric_name, dimension, metric_value from {metrics} "
    "where measured_at = (select max(measured_at) from {metrics})"
)


def entity_counts() -> dict[str, int]:
    """Devices, personas and persons now published."""
    frame = query(
        f"select 'persons' as entity, count(*) as n from {relation('dim_persons')} "
        f"union all select 'personas', count(*) from {relation('dim_personas')} "
        f"union all select 'devices', count(*) from {relation('dim_devices')}")
    return {row.entity: int(row.n) for row in frame.itertuples()}


def match_rates() -> pd.DataFrame:
    """Per identifier type: identifiers, and the share resolved to a persona and to a person."""
    return query(
        "select identifier_type, count(*) as identifiers, "
        "round(avg(case when persona_id is not null then 100.0 else 0.0 end), 1) as persona_match_pct, "
        "round(avg(case when person_id is not null then 100.0 else 0.0 end), 1) as person_match_pct "
        f"from {relation('identity_map')} group by identifier_type order by identifier_type")


def latest_metrics(metric_name: str) -> pd.DataFrame:
    """One metric of the latest quality run, by dimension."""
    frame = query(LATEST_RUN.format(metrics=relation("identity_quality_metrics")) + " and metric_name = ? "
                  "order by dimension", [metric_name])
    return frame[["dimension", "metric_value"]]


def cluster_sizes() -> pd.DataFrame:
    """Clusters per level and size bucket (latest run)."""
    frame = latest_metrics("clusters_by_size")
    parts = frame["dimension"].str.split(":", n=1, expand=True)
    sizes = pd.DataFrame({"level": parts[0], "size": parts[1], "clusters": frame["metric_value"].astype("int64")})
    order = sizes["size"].str.extract(r"^(\d+)", expand=False).fillna("0").astype("int64")
    return sizes.assign(_order=order).sort_values(["level", "_order"]).drop(columns="_order").reset_index(drop=True)


def quarantine() -> pd.DataFrame:
    """Quarantined rows by table and reason (latest run; counts only, never the raw rows)."""
    frame = latest_metrics("quarantined_rows_by_reason")
    parts = frame["dimension"].str.split(":", n=1, expand=True)
    return pd.DataFrame({"source_table": parts[0], "reason": parts[1], "rows": frame["metric_value"].astype("int64")})


def shared_identifiers() -> pd.DataFrame:
    """Identifiers kept from bridging, by type and reason."""
    return query(
        "select identifier_type, shared_reason, count(*) as identifiers "
        f"from {relation('identity_map')} where is_shared "
        "group by identifier_type, shared_reason order by identifier_type, shared_reason")


def overmerge_suspects() -> int:
    frame = latest_metrics("overmerge_suspects")
    return int(frame["metric_value"].sum())


def largest_persons(limit: int = 10) -> pd.DataFrame:
    """The persons with the most personas and devices (hashed keys): where over-merges show first."""
    return query(
        "select person_id, n_personas, n_devices, n_accounts, n_identifiers "
        f"from {relation('dim_persons')} order by n_personas desc, n_devices desc, person_id limit ?", [limit])


def run_trend() -> pd.DataFrame:
    """Per build: persons, personas, devices and the overall person match rate (identity_run_history)."""
    return query(
        "select run_at, "
        "max(case when measure_kind = 'mart_rows' and measure_name = 'dim_persons' then measure_value end) as persons, "
        "max(case when measure_kind = 'mart_rows' and measure_name = 'dim_personas' then measure_value end) as personas, "
        "max(case when measure_kind = 'mart_rows' and measure_name = 'dim_devices' then measure_value end) as devices, "
        "max(case when measure_kind = 'quality_metric' and measure_name = 'overmerge_suspects' "
        "then measure_value end) as overmerge_suspects "
        f"from {relation('identity_run_history')} group by run_at order by run_at")


def use_case_marts() -> pd.DataFrame:
    """Each use-case mart with its level and routing policy (from its model docs) and row count."""
    return query(
        "select mart_name, resolution_level, routing_policy, n_rows "
        f"from {relation('published_marts')} where mart_kind = 'use_case' order by mart_name")


LEVEL_KEYS = {"persona": "persona_id", "person": "person_id", "device": "device_id"}


def audience(mart: str, level: str) -> tuple[int, int]:
    """(rows, distinct members at the mart's level) of one use-case mart."""
    key = LEVEL_KEYS[re.match(r"[a-z]+", level).group(0)]
    frame = query(f"select count(*) as n_rows, count(distinct {key}) as n_members from {relation(mart)}")
    return int(frame.n_rows[0]), int(frame.n_members[0])


def sample(mart: str, limit: int = 5) -> pd.DataFrame:
    return query(f"select * from {relation(mart)} order by 1, 2 limit ?", [limit])


def lookup(identifier_type: str, value: str) -> pd.DataFrame:
    """The identity_map row of a typed identifier (exact, else trimmed and lowercased)."""
    return query(
        "select identifier_type, identifier_value, device_id, persona_id, person_id, is_shared, shared_reason "
        f"from {relation('identity_map')} where identifier_type = ? "
        "and identifier_value in (?, lower(trim(?))) order by identifier_value limit 1",
        [identifier_type, value, value])


def identifiers_of(level_key: str, key: str) -> pd.DataFrame:
    """Every identifier resolved to one device, persona or person."""
    assert level_key in LEVEL_KEYS.values()
    return query(
        "select identifier_type, identifier_value, device_id, persona_id, person_id "
        f"from {relation('identity_map')} where {level_key} = ? order by identifier_type, identifier_value", [key])


def identifier_types() -> list[str]:
    return list(query(f"select distinct identifier_type from {relation('identity_map')} order by 1").identifier_type)
