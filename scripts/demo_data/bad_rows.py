"""Hostile and quarantine rows injected into every raw table (the project must survive them)."""
from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from .config import FIRST_BLOCK_MIN_BAD_ROWS, HOSTILE_ROW_RATE, QUARANTINE_ROW_RATE

HOSTILE_VALUES = [
    "O'Brien said \"hi\" '' \"\"",
    "{{ var('x') }}",
    "{% macro x() %}{{ log('pwned', info=True) }}{% endmacro %}",
    "'; drop table x; --",
    "🦄 Zoë 👩‍👩‍👧 ✓ 李",
    "line one\nline two\r\nline three",
    "x" * 10240,
    "NULL",
    "tab\there, back\\slash, comma, semicolon; {{",
    "\u202eevil\u202c zero\u200bwidth",
]
BROKEN_JSON = ['{"email": "a@b.com"', '{"content_category": "tax", "note": "unterminated', 'not json {',
               "{'single': 'quotes'}"]
BAD_TIMESTAMPS = ["not-a-date", "2026-13-45T99:00:00", "31/02/2026 25:61", "0000-00-00 00:00:00",
                  "2026-02-30T10:00:00Z", "tomorrow"]

# Which rows the bad-row injector may touch, per table.
#  pk: primary key columns; regen: how an extra row gets a fresh key (None: cannot)
#  mode: "extra" = hostile rows are added copies, "inplace" = an existing non-identifier text is replaced
BAD_ROW_SPECS = {
    "web_events": dict(pk=["event_id"], regen="uuid", required=["event_id", "occurred_at", "anonymous_id"],
                       ts=["occurred_at"], hostile=["properties", "page_url", "referrer", "user_agent"],
                       json="properties", mode="extra"),
    "app_events": dict(pk=["event_id"], regen="uuid", required=["event_id", "occurred_at", "device_id"],
                       ts=["occurred_at"], hostile=["properties", "device_model", "os_version", "event_type"],
                       json="properties", mode="extra"),
    "esp_recipients": dict(pk=["esp_record_id"], regen=None, required=["esp_record_id", "email"],
                           ts=["created_at"], hostile=["email"], json=None, mode="extra"),
    "crm_accounts": dict(pk=["account_id"], regen=None, required=["account_id", "created_at"], ts=["created_at"],
                         hostile=["first_name", "last_name", "company_name", "street", "city"], json=None,
                         mode="inplace"),
    "crm_contact_points": dict(pk=[], regen=None, required=["account_id", "kind", "value"], ts=["added_at"],
                               hostile=["value"], json=None, mode="extra"),
    "orders": dict(pk=["order_id"], regen="ORD", required=["order_id", "ordered_at"], ts=["ordered_at"],
                   hostile=["ship_street", "ship_city"], json=None, mode="inplace"),
    "bookings": dict(pk=["booking_id"], regen="BK", required=["booking_id", "booked_at", "account_id"],
                     ts=["booked_at"], hostile=["item"], json=None, mode="inplace"),
    "booking_guests": dict(pk=["booking_id", "guest_no"], regen="guest", required=["booking_id", "guest_no"],
                           ts=[], hostile=["first_name", "last_name"], json=None, mode="inplace"),
    "loyalty_members": dict(pk=["loyalty_number"], regen=None, required=["loyalty_number"], ts=["enrolled_at"],
                            hostile=["first_name", "last_name", "street", "city"], json=None, mode="inplace"),
    "pos_transactions": dict(pk=["transaction_id"], regen="TX", required=["transaction_id", "occurred_at"],
                             ts=["occurred_at"], hostile=["store_id"], json=None, mode="inplace"),
    "subscriptions": dict(pk=[], regen=None, required=["email", "list_name", "status", "updated_at"],
                          ts=["updated_at"], hostile=["source"], json=None, mode="inplace"),
    "preferences": dict(pk=[], regen=None, required=["account_id", "kind", "value"], ts=["updated_at"],
                        hostile=["value"], json=None, mode="extra"),
    "erasure_requests": dict(pk=[], regen=None, required=["identifier_type", "identifier_value", "requested_at"],
                             ts=["requested_at"], hostile=["identifier_value"], json=None, mode="extra"),
}


class BadRows:
    """Bad-row injection (mixin of Block)."""

    # ---- bad rows ------------------------------------------------------------------------------------------
    def _inject_bad_rows(self, name, tbl: pa.Table) -> pa.Table:
        spec = BAD_ROW_SPECS[name]
        n = tbl.num_rows
        if n == 0:
            return tbl
        r = self.r
        kinds = list(range(len(HOSTILE_VALUES))) + (["broken"] * 2 if spec["json"] else [])
        # block 0: web_events get every hostile kind twice (once in a JSON column, once raw)
        min_h = (2 * len(kinds) if name == "web_events" else FIRST_BLOCK_MIN_BAD_ROWS) if self.first else 0
        min_q = FIRST_BLOCK_MIN_BAD_ROWS if self.first else 0
        n_h = max(min_h, self.count(HOSTILE_ROW_RATE * n, force=False))
        n_q = max(min_q, self.count(QUARANTINE_ROW_RATE * n, force=False))
        src = [r.randrange(n) for _ in range(n_h + n_q)]
        src_rows = tbl.take(pa.array(src, pa.int64())).to_pylist()
        extras, inplace = [], {}
        off = 0 if self.first else r.randrange(len(kinds))
        for k in range(n_h):
            row = src_rows[k]
            kind = kinds[(off + k) % len(kinds)]
            if kind == "broken":
                col, val = spec["json"], r.choice(BROKEN_JSON)
            else:
                col = spec["hostile"][(k + k // len(kinds)) % len(spec["hostile"])]
                val = HOSTILE_VALUES[kind]
                if col == spec["json"]:
                    val = json.dumps({"note": val, "content_category": "tax"}, ensure_ascii=r.random() < 0.5)
            if spec["mode"] == "inplace":
                inplace[(src[k], col)] = val
            else:
                row = dict(row)
                row[col] = val
                if name == "crm_contact_points":
                    row["kind"] = "email"
                self._regen_pk(name, spec, row)
                extras.append(row)
        qkinds = (["dup"] if spec["pk"] else []) + (["bad_ts"] if spec["ts"] else []) + ["empty"]
        for k in range(n_q):
            row = dict(src_rows[n_h + k])
            kind = qkinds[k % len(qkinds)]
            if kind == "dup":
                if spec["ts"] and r.random() < 0.3:
                    other = tbl.column(spec["ts"][0])[r.randrange(n)].as_py()
                    row[spec["ts"][0]] = other          # same key, different content
                extras.append(row)
            elif kind == "bad_ts":
                col = spec["ts"][0]
                if spec["regen"] is None and spec["pk"]:
                    inplace[(src[n_h + k], col)] = r.choice(BAD_TIMESTAMPS)
                else:
                    row[col] = r.choice(BAD_TIMESTAMPS)
                    self._regen_pk(name, spec, row)
                    extras.append(row)
            else:
                if spec["regen"] is None and spec["pk"]:
                    col = spec["pk"][0]
                else:
                    col = r.choice(spec["required"])
                    self._regen_pk(name, spec, row)
                row[col] = None if r.random() < 0.8 else " "
                if col in spec["pk"] and row[col] == " ":
                    row[col] = None
                extras.append(row)
        if inplace:
            by_col = {}
            for (i, c), v in inplace.items():
                by_col.setdefault(c, {})[i] = v
            for c, repl in by_col.items():
                vals = tbl.column(c).to_pylist()
                for i, v in repl.items():
                    vals[i] = v
                tbl = tbl.set_column(tbl.column_names.index(c), c, pa.array(vals, pa.string()))
        if extras:
            ext = pa.Table.from_pylist(extras, schema=tbl.schema)
            positions = np.sort(np.array([r.randrange(n + 1) for _ in extras], dtype=np.int64))
            order = np.insert(np.arange(n, dtype=np.int64), positions, np.arange(n, n + len(extras), dtype=np.int64))
            tbl = pa.concat_tables([tbl, ext]).take(pa.array(order))
        return tbl

    def _regen_pk(self, name, spec, row):
        r = self.r
        regen = spec["regen"]
        if regen == "uuid":
            row["event_id"] = self.uuid4()
        elif regen in ("ORD", "BK", "TX"):
            row[spec["pk"][0]] = f"{regen}-{r.getrandbits(64):016X}"
        elif regen == "guest":
            row["guest_no"] = str(90 + r.randrange(10))
