"""Writer of subscriptions."""
from __future__ import annotations

from ..config import DAY
from ..reference import SUBSCRIPTION_SOURCES


class SubscriptionsWriter:
    """Mixin of Block: writes subscriptions."""

    # ---- subscriptions ------------------------------------------------------------------------------------
    def _subscriptions(self):
        r = self.r
        rows = self.rows["subscriptions"]
        lists_for = {"personal": [("newsletter_weekly", 0.20), ("deals", 0.25)],
                     "business": [("product_news", 0.20), ("newsletter_weekly", 0.08)],
                     "client": [("product_news", 0.10)],
                     "side": [("deals", 0.10), ("product_news", 0.10)]}
        for p in self.persons:
            for pe in p.personas:
                subs = [(lst, pe.emails[0]) for lst, rate in lists_for[pe.kind] if r.random() < rate]
                if len(pe.emails) > 1 and r.random() < 0.2:
                    subs.append(("deals", pe.emails[1]))
                if "julia" in p.flags and pe.kind == "personal":
                    subs.append(("job_alerts", pe.emails[0]))     # job alerts only ever to a personal address
                for lst, e in subs:
                    t = self.rand_time(p.t0)
                    raw = self.emit_email(e, p, pe)
                    rows.append((raw, lst, "subscribed", self.ts(t, p), r.choice(SUBSCRIPTION_SOURCES)))
                    if r.random() < 0.15:
                        t2 = self.rand_time(t + DAY)
                        rows.append((raw, lst, "unsubscribed", self.ts(t2, p), r.choice(["esp_unsubscribe", "account_settings"])))
