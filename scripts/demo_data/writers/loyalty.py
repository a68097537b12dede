"""Writer of loyalty_members and pos_transactions (drawn in one pass over the persons)."""
from __future__ import annotations

from contextlib import nullcontext

from ..config import CARD_PAYMENT_RATE, LOYALTY_RATE, LOYALTY_SWIPE_RATE, POS_NON_MEMBER_RATE
from ..formats import ALNUM


class LoyaltyWriter:
    """Mixin of Block: writes loyalty_members and pos_transactions (one pass)."""

    # ---- loyalty & POS -------------------------------------------------------------------------------
    def _loyalty_pos(self):
        r = self.r
        mem_rows, pos_rows = self.rows["loyalty_members"], self.rows["pos_transactions"]
        for p in self.persons:
            member = p.loyalty is not None or r.random() < LOYALTY_RATE
            if member:
                p.loyalty = self.w.loyalty_number(p.idx)
                self.reg("loyalty_number", p.loyalty, p)
                pe = next((x for x in p.personas if x.kind == "personal"), p.personas[0])
                row_country = self.raw_country(p.country)
                eff = p.country if row_country is not None else None
                details_only = "details_only" in p.flags
                # a details-only member gives no e-mail and no phone: the same draws, nothing registered
                with self._unregistered() if details_only else nullcontext():
                    email = self.emit_email(pe.emails[0], p, pe) if r.random() < 0.85 else None
                    phone = self.emit_phone(p.phone, p, None, eff) if p.phone and r.random() < 0.7 else None
                if details_only:
                    email = phone = None
                mem_rows.append((self.raw_loyalty(p.loyalty), self.ts(self.rand_time(p.t0), p), self.raw_name(p.first),
                                 self.raw_name(p.last), email, phone, self.raw_dob(p.dob), self.raw_street(p.street),
                                 p.city, p.postal, row_country))
                self.row_persons["loyalty_members"].append(p)
            if not member and r.random() >= POS_NON_MEMBER_RATE:
                continue
            if member and r.random() < 0.2:
                continue
            p.cards = ["tok_" + "".join(r.choices(ALNUM, k=16)) for _ in range(1 if r.random() < 0.7 else 2)]
            for _ in range(1 + int(self.rng.poisson(2.5))):
                store = self._store(p.country)
                loyalty = None
                if p.loyalty and r.random() < LOYALTY_SWIPE_RATE:
                    loyalty = self.raw_loyalty(p.loyalty)
                card = None
                if r.random() < CARD_PAYMENT_RATE:
                    c = r.choice(p.cards)
                    self.reg("card_token", c, p)
                    card = self.raw_card(c)
                pos_rows.append((f"TX-{r.getrandbits(64):016X}", self.ts(self.rand_time(p.t0), p), store[0], loyalty,
                                 card, f"{max(0.5, self.rng.lognormal(3.2, 0.9)):.2f}"))
