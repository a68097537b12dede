"""Arrow tables and the writers that append them to one Parquet and/or CSV file per table."""
from __future__ import annotations

import csv
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .config import ALL_TABLES, TABLE_COLUMNS, TRUTH_COLUMNS, TRUTH_TABLE


def schema_for(name, with_t=False):
    cols = TRUTH_COLUMNS if name == TRUTH_TABLE else TABLE_COLUMNS[name]
    fields = [pa.field(c, pa.string()) for c in cols]
    if with_t:
        fields.append(pa.field("_t", pa.int64()))
    return pa.schema(fields)


def rows_to_table(name, rows, with_t=False) -> pa.Table:
    schema = schema_for(name, with_t)
    if not rows:
        return schema.empty_table()
    cols = list(zip(*rows))
    return pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(cols, schema)], schema=schema)


def _sort_drop_t(tbl: pa.Table) -> pa.Table:
    if tbl.num_rows:
        order = np.argsort(tbl.column("_t").to_numpy(), kind="stable")
        tbl = tbl.take(pa.array(order))
    return tbl.drop_columns(["_t"])


class Sink:
    """One ParquetWriter and/or csv writer per table, appended chunk by chunk."""

    def __init__(self, out: str, fmt: str):
        os.makedirs(out, exist_ok=True)
        self.pq, self.csv, self.files, self.counts = {}, {}, [], {t: 0 for t in ALL_TABLES}
        for t in ALL_TABLES:
            schema = schema_for(t)
            if fmt in ("parquet", "both"):
                self.pq[t] = pq.ParquetWriter(os.path.join(out, f"{t}.parquet"), schema, compression="zstd")
            if fmt in ("csv", "both"):
                f = open(os.path.join(out, f"{t}.csv"), "w", newline="", encoding="utf-8")
                w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
                w.writerow(schema.names)
                self.files.append(f)
                self.csv[t] = w

    def write(self, name: str, tbl: pa.Table):
        if tbl.num_rows == 0:
            return
        self.counts[name] += tbl.num_rows
        if name in self.pq:
            self.pq[name].write_table(tbl, row_group_size=1_000_000)
        if name in self.csv:
            cols = [c.to_pylist() for c in tbl.columns]
            self.csv[name].writerows(zip(*cols))

    def close(self):
        for w in self.pq.values():
            w.close()
        for f in self.files:
            f.close()
