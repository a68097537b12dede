"""Writer of bookings and booking_guests."""
from __future__ import annotations

from ..config import ACTIVITY_END, BOOKER_RATE, BOOKING_UPCOMING_SHARE, DAY, UPCOMING_FROM, UPCOMING_TO
from ..reference import ITEMS_EVENT, ITEMS_TRIP
from ..world import Persona


class BookingsWriter:
    """Mixin of Block: writes bookings and booking_guests."""

    # ---- bookings --------------------------------------------------------------------------------------
    def _starts_at(self, booked):
        r = self.r
        if r.random() < BOOKING_UPCOMING_SHARE:
            return self.rand_time(max(UPCOMING_FROM, booked + DAY), UPCOMING_TO)
        return self.rand_time(booked + DAY, UPCOMING_FROM - DAY)

    def _booking(self, booker: Persona, item, guests, t=None):
        r = self.r
        p = booker.person
        if t is None:
            t = self.rand_time(max(p.t0, booker.created), UPCOMING_FROM - 3 * DAY)
        t = min(t, ACTIVITY_END - DAY)
        bid = f"BK-{r.getrandbits(64):016X}"
        self.rows["bookings"].append((bid, self.ts(t, p), self.raw_account(booker.account), item, self.ts(self._starts_at(t), p)))
        for no, (g, gpe, with_email, with_phone, email_override) in enumerate(guests, start=1):
            if g is None:   # a guest who is nobody we know: name only
                first, last = self._name(p.country)
                self.rows["booking_guests"].append((bid, str(no), first, last, None, None))
                self.row_persons["booking_guests"].append(None)
                continue
            email = None
            if with_email:
                email = self.emit_email(email_override or gpe.emails[0], g, gpe, typos=email_override is None,
                                        junk=email_override is None)
            phone = self.emit_phone(g.phone, g, None, None) if with_phone and g.phone else None
            self.rows["booking_guests"].append((bid, str(no), self.raw_name(g.first), self.raw_name(g.last), email, phone))
            self.row_persons["booking_guests"].append(g)

    def _bookings(self):
        r = self.r
        hh_of = {p.key: self.households[p.household] for p in self.persons if p.household is not None}
        for p in self.persons:
            for pe in p.personas:
                if pe.account is None or r.random() >= BOOKER_RATE[pe.kind]:
                    continue
                for _ in range(1 if r.random() < 0.7 else 2):
                    if pe.kind in ("business", "client"):
                        self._booking(pe, r.choice(ITEMS_EVENT), [(p, pe, r.random() < 0.8, r.random() < 0.3, None)])
                        continue
                    guests = [(p, pe, r.random() < 0.7, r.random() < 0.4, None)]
                    for m in hh_of.get(p.key, []):
                        if m is not p and r.random() < 0.8:
                            mpe = next((x for x in m.personas if x.kind == "personal"), m.personas[0])
                            guests.append((m, mpe, r.random() < 0.6, r.random() < 0.2, None))
                    if len(guests) == 1 and r.random() < 0.3:
                        f = r.choice(self.persons)
                        if f is not p:
                            guests.append((f, f.personas[0], r.random() < 0.5, False, None))
                    if r.random() < 0.1:
                        guests.append((None, None, False, False, None))
                    self._booking(pe, r.choice(ITEMS_TRIP), guests)
        # Anne: her father books a family trip and enters her PERSONAL email for her
        for anne in (p for p in self.persons if "anne" in p.flags):
            personal = next((x for x in anne.personas if x.kind == "personal"), None)
            business = next((x for x in anne.personas if x.kind == "business"), None)
            if personal is None or business is None:
                continue
            # her work event, booked on the business account
            self._booking(business, r.choice(ITEMS_EVENT), [(anne, business, True, False, None)])
            family = [m for m in hh_of.get(anne.key, []) if m is not anne]
            others = [x for x in self.persons if x is not anne and x.household != anne.household or x.household is None]
            r.shuffle(others)
            pool = family + [x for x in others if x is not anne]
            father = next((m for m in pool if any(x.account and x.kind == "personal" for x in m.personas)), None)
            if father is None:
                continue
            fpe = next(x for x in father.personas if x.account and x.kind == "personal")
            self._booking(fpe, r.choice(ITEMS_TRIP),
                          [(father, fpe, True, False, None), (anne, personal, True, False, personal.emails[0])])
