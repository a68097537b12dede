"""Writer of app_events (vectorised)."""
from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from ..config import APP_MILLIS_SHARE, APP_USER_ID_ON_EVENT
from ..formats import fixed_width_strings, format_ts_array, take, uuid_matrix
from ..reference import APP_QUERIES, APP_SCREENS, APP_TYPES, APP_TYPE_PROBS
from ..sink import _sort_drop_t, rows_to_table


def _build_app_vocab():
    per_type = [
        [json.dumps({"source": s}) for s in ["icon", "push", "deeplink", "widget"]],
        [json.dumps({"screen": s}) for s in APP_SCREENS],
        [json.dumps({"query": q}, ensure_ascii=False) for q in APP_QUERIES],
        [json.dumps({"sku": f"SKU-{k:05d}", "quantity": 1 + k % 3}) for k in range(0, 5000, 97)],
        [json.dumps({"order_value": f"{10 + k * 7.5:.2f}", "currency": c}) for k in range(12) for c in ("EUR", "USD", "GBP")],
        [json.dumps({"campaign": f"{c}_{w:02d}"}) for c in ("weekly", "deals", "back_in_stock") for w in range(1, 9)],
        [json.dumps({"method": m}) for m in ["password", "face_id", "fingerprint", "magic_link"]],
    ]
    offs, ns, flat = [], [], []
    for lst in per_type:
        offs.append(len(flat))
        ns.append(len(lst))
        flat.extend(lst)
    return np.array(offs), np.array(ns), pa.array(flat)


APP_PROPS_OFF, APP_PROPS_N, APP_PROPS_ARR = _build_app_vocab()
APP_TYPE_ARR = pa.array(APP_TYPES)


class AppEventsWriter:
    """Mixin of Block: writes app_events (vectorised)."""

    def _app_table(self):
        rng = self.rng
        us = self.app_usages
        if not us:
            return rows_to_table("app_events", [])
        sessions, lam, t0, logged, tz, south, mob = self._usage_arrays(us)
        eu, es, pos, t, ev_logged = self._sessions(sessions, lam, t0, logged)
        E = len(t)
        typ = rng.choice(len(APP_TYPE_PROBS), E, p=APP_TYPE_PROBS)
        typ[pos == 0] = 0                               # sessions open with app_open ...
        is_login = (pos == 0) & ev_logged
        typ[is_login] = 6                               # ... or with a login
        ev_logged = ev_logged & (is_login | (rng.random(E) < APP_USER_ID_ON_EVENT))
        props_idx = APP_PROPS_OFF[typ] + rng.integers(0, 10**6, E) % APP_PROPS_N[typ]
        user_vocab = pa.array([None] + [u.user_raw for u in us], pa.string())
        cols = {
            "event_id": fixed_width_strings(uuid_matrix(rng, E)),
            "occurred_at": format_ts_array(rng, t, tz[eu], south[eu], millis_share=APP_MILLIS_SHARE),
            "device_id": take(pa.array([u.device.raw for u in us]), eu),
            "app_user_id": take(user_vocab, np.where(ev_logged, eu + 1, 0)),
            "platform": take(pa.array([u.device.platform for u in us]), eu),
            "device_model": take(pa.array([u.device.model for u in us]), eu),
            "os_version": take(pa.array([u.device.osv for u in us]), eu),
            "event_type": take(APP_TYPE_ARR, typ),
            "properties": take(APP_PROPS_ARR, props_idx),
            "_t": pa.array(t, pa.int64()),
        }
        return _sort_drop_t(pa.table(cols))
