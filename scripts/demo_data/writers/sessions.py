"""Writer of Sessions of device usages, shared by the vectorised web and app events."""
from __future__ import annotations

import numpy as np

from ..config import ACTIVITY_END, SESSION_LOGIN_RATE


class Sessions:
    """Mixin of Block: sessions of device usages, shared by the web and app event writers."""

    # ---- vectorised bulk events ----------------------------------------------------------------------------
    def _usage_arrays(self, usages):
        U = len(usages)
        sessions = np.fromiter((u.sessions for u in usages), np.int64, U)
        lam = np.fromiter((u.lam for u in usages), np.float64, U)
        t0 = np.fromiter((u.t0 for u in usages), np.int64, U)
        logged = np.fromiter((u.logged for u in usages), np.bool_, U)
        tz = np.fromiter((u.person.tz for u in usages), np.int64, U)
        south = np.fromiter((u.person.south for u in usages), np.bool_, U)
        mob = np.fromiter((u.device.mobile_share for u in usages), np.float64, U)
        return sessions, lam, t0, logged, tz, south, mob

    def _sessions(self, sessions, lam, t0, logged):
        rng = self.rng
        U = len(sessions)
        T = int(sessions.sum())
        su = np.repeat(np.arange(U), sessions)
        first_s = np.zeros(T, np.bool_)
        first_s[np.cumsum(sessions) - sessions] = True
        span = np.maximum(ACTIVITY_END - t0[su] - 3600, 3600)
        start = t0[su] + (rng.random(T) * span).astype(np.int64)
        s_logged = logged[su] & (first_s | (rng.random(T) < SESSION_LOGIN_RATE))
        nev = 1 + rng.poisson(lam[su])
        E = int(nev.sum())
        es = np.repeat(np.arange(T), nev)
        s_first_ev = np.cumsum(nev) - nev
        pos = np.arange(E) - s_first_ev[es]
        cs = np.cumsum(rng.exponential(50.0, E).astype(np.int64) + 3)
        t = np.minimum(start[es] + cs - cs[s_first_ev][es], ACTIVITY_END)
        return su[es], es, pos, t, s_logged[es]
