"""Writer of orders."""
from __future__ import annotations

from ..config import CHANNEL_WEIGHTS, LOYALTY_RATE, ORDERS_MEAN_ACCOUNT, ORDERS_MEAN_GUEST, SHOP_PHONE_RATE
from ..formats import weighted, weighted_list
from ..reference import CURRENCY


class OrdersWriter:
    """Mixin of Block: writes orders."""

    # ---- orders -------------------------------------------------------------------------------------
    def _store(self, country):
        r, w = self.r, self.w
        st = weighted_list(r, w.stores, w.store_cum)
        if st[1] != country and r.random() < 0.7:
            local = [s for s in w.stores if s[1] == country]
            if local:
                st = r.choice(local)
        return st

    def _orders(self):
        r = self.r
        rows = self.rows["orders"]
        for p in self.persons:
            for pe in p.personas:
                mean = ORDERS_MEAN_ACCOUNT if pe.account else ORDERS_MEAN_GUEST
                n = int(self.rng.poisson(mean)) if r.random() < 0.9 else 0
                for _ in range(n):
                    t = self.rand_time(max(p.t0, pe.created if pe.account else p.t0))
                    channel = weighted(r, CHANNEL_WEIGHTS)
                    is_guest = pe.account is None or (channel == "store" and r.random() < 0.4)
                    acc = None if is_guest else self.raw_account(pe.account)
                    street, city, postal, ciso = pe.addr
                    if channel == "store":
                        store = self._store(p.country)
                        if r.random() < 0.7:
                            street = city = postal = None
                        ciso = store[1] if street is None else ciso
                    row_country = self.raw_country(ciso)
                    eff = ciso if row_country is not None else None
                    u = r.random()
                    email = None
                    if is_guest or u < 0.85:
                        email = self.emit_email(r.choice(pe.emails), p, pe) if r.random() < 0.95 else None
                    phone = None
                    if p.phone and r.random() < (0.5 if channel in ("store", "phone") else 0.35):
                        phone = self.emit_phone(pe.work_phone or p.phone, p, pe if pe.work_phone else None, eff)
                    elif channel in ("store", "phone") and r.random() < SHOP_PHONE_RATE:
                        shop = weighted_list(r, self.w.shop_phones, self.w.shop_phone_cum)
                        phone = self.emit_phone(shop, p, None, eff, junk=False)   # the shop's own number
                    loyalty = None
                    if channel == "store" and p.loyalty is None and r.random() < LOYALTY_RATE:
                        p.loyalty = self.w.loyalty_number(p.idx)
                    if channel == "store" and p.loyalty and r.random() < 0.8:
                        loyalty = self.raw_loyalty(p.loyalty)
                        if "details_only" in p.flags:
                            loyalty = None          # the till keeps the card off the order
                        else:
                            self.reg("loyalty_number", p.loyalty, p)
                    amount = f"{max(1.0, self.rng.lognormal(3.8, 0.8)):.2f}"
                    rows.append((f"ORD-{r.getrandbits(64):016X}", self.ts(t, p), acc, email, phone, loyalty,
                                 self.raw_street(street), city, postal, row_country, channel, amount, CURRENCY[ciso]))
                    self.row_persons["orders"].append(p)
