"""Writer of erasure_requests."""
from __future__ import annotations

from ..config import ACTIVITY_END, DAY, ERASURE_RATE


class ErasureWriter:
    """Mixin of Block: writes erasure_requests."""

    # ---- erasure -------------------------------------------------------------------------------------------
    def _erasure(self):
        r = self.r
        rows = self.rows["erasure_requests"]
        for p in r.sample(self.persons, min(self.n, self.count(ERASURE_RATE * self.n))):
            opts = []
            pe = p.personas[0]
            opts.append(("email", lambda: self.emit_email(pe.emails[0], p, pe, typos=False, junk=False)))
            if p.phone:
                opts.append(("phone", lambda: self.emit_phone(p.phone, p, None, None, junk=False)))
            accs = [x for x in p.personas if x.account]
            if accs:
                opts.append(("account_id", lambda: (self.reg("account_id", accs[0].account, p, accs[0]),
                                                    self.raw_account(accs[0].account))[1]))
            if p.loyalty:
                opts.append(("loyalty_number", lambda: (self.reg("loyalty_number", p.loyalty, p),
                                                        self.raw_loyalty(p.loyalty))[1]))
            apps = [(u.device, u.persona) for x in p.personas for u in x.app_usages if u.device.canon and u.person is p]
            if apps:
                opts.append(("device_id", lambda: apps[0][0].raw))
            webs = [u for u in p.web_usages if u.device in p.devices]
            if webs:
                opts.append(("anonymous_id", lambda: webs[0].device.raw))
            itype, fn = r.choice(opts)
            rows.append((itype, fn(), self.ts(self.rand_time(ACTIVITY_END - 200 * DAY), p)))
