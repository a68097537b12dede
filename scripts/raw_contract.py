"""The raw tables of the source contract and the identifier types, read from the one list: the
vars `raw_tables` and `identifier_types` of dbt_project.yml (source, base and staging model, record key, columns, required columns, the marts
that need each table). Also counts the records of raw files on its own (Python's csv module,
Parquet metadata), independently of the dbt models that load them.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def raw_tables(project_file: Path = ROOT / "dbt_project.yml") -> dict[str, dict]:
    """{table: {source, base, staged, key, columns, required, needed_by}} in contract order."""
    project = yaml.safe_load(project_file.read_text())
    return project["vars"]["raw_tables"]


def identifier_types(project_file: Path = ROOT / "dbt_project.yml") -> list[str]:
    """The published identifier types (the var identifier_types)."""
    return list(yaml.safe_load(project_file.read_text())["vars"]["identifier_types"])


def project_var(name: str, default=None, project_file: Path = ROOT / "dbt_project.yml"):
    """One var of dbt_project.yml (its default, not a --vars override)."""
    return yaml.safe_load(project_file.read_text())["vars"].get(name, default)


def table_files(folder: Path, table: str) -> list[Path]:
    """The files of a raw table in load order, as the project reads them: `<table>.<ext>`, then
    `<table>/*.<ext>` by name; Parquet when the table has any Parquet file, else CSV."""
    for ext in ("parquet", "csv"):
        files = [p for p in [folder / f"{table}.{ext}"] if p.is_file()]
        files += sorted((folder / table).glob(f"*.{ext}")) if (folder / table).is_dir() else []
        if files:
            return files
    return []


def count_records(path: Path) -> int:
    """Data records of one raw file: Parquet row count from its footer, or CSV records after the
    header as Python's csv module reads them (quoted line breaks stay inside a record; a line that
    does not fit the header still counts: it is a record to stage or quarantine)."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        records = sum(1 for row in csv.reader(handle) if row)
    return max(records - 1, 0)


def count_table(folder: Path, table: str) -> int:
    """Records of every file of one raw table (0 when it has none)."""
    return sum(count_records(p) for p in table_files(folder, table))
