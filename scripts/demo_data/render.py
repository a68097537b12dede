"""How a block writes a true value into a raw row: format variants, typos, junk; each emit registers its truth."""
from __future__ import annotations

from datetime import date

from .config import (
    ACCOUNT_VARIANT_RATE, CARD_VARIANT_RATE, EMAIL_JUNK_RATE, EMAIL_TYPO_RATE, EMAIL_VARIANT_RATE,
    LOYALTY_VARIANT_RATE, NAME_VARIANT_RATE, PHONE_JUNK_RATE,
)
from .formats import international_forms, national_forms, phone_country
from .normalize import EMAIL_RE
from .reference import (
    CALLING_CODE, CITIES, COUNTRY_NAMES, DOMAIN_TYPOS, JUNK_EMAILS, JUNK_PHONES, NANP, STREETS,
)


class Render:
    """Raw renderings of true values (mixin of Block; draws from the block's random stream)."""

    # ---- raw renderings (each registers what it emits) -------------------------------------
    def raw_email(self, canon: str) -> str:
        r = self.r
        if r.random() >= EMAIL_VARIANT_RATE:
            return canon
        local, _, dom = canon.partition("@")
        k = r.randrange(6)
        if k == 0:
            return ".".join(p.capitalize() for p in local.split(".")) + "@" + dom
        if k == 1:
            return canon.upper()
        if k == 2:
            return local + "@" + dom.capitalize()
        if k == 3:
            return " " + canon
        if k == 4:
            return canon + " "
        return "  " + local.capitalize() + "@" + dom + " "

    def typo(self, canon: str) -> str:
        r = self.r
        local, _, dom = canon.partition("@")
        if dom in DOMAIN_TYPOS and r.random() < 0.6:
            return local + "@" + r.choice(DOMAIN_TYPOS[dom])
        letters = [i for i, c in enumerate(local) if c.isalpha()]
        if len(local) > 3 and letters:
            i = r.choice(letters)
            if r.random() < 0.5:
                t = local[:i] + local[i + 1:]
            else:
                t = local[:i] + local[i] + local[i:]
            t = t.strip(".").replace("..", ".")
            cand = t + "@" + dom
            if EMAIL_RE.match(cand) and cand != canon:
                return cand
        return local + local[-1] + "@" + dom

    def emit_email(self, canon, person, persona, typos=True, junk=True) -> str:
        u = self.r.random()
        if junk and (u < EMAIL_JUNK_RATE or "email" in self.need_junk):
            self.need_junk.discard("email")
            return self.r.choice(JUNK_EMAILS)
        if typos and u < EMAIL_JUNK_RATE + EMAIL_TYPO_RATE:
            canon = self.typo(canon)
        self.reg("email", canon, person, persona)
        return self.raw_email(canon)

    def emit_phone(self, e164, person, persona, row_country, junk=True) -> str:
        """row_country: ISO2 the row's country says (None = no country on the row: US default)."""
        r = self.r
        if junk and (r.random() < PHONE_JUNK_RATE or "phone" in self.need_junk):
            self.need_junk.discard("phone")
            return r.choice(JUNK_PHONES)
        self.reg("phone", e164, person, persona)
        pc_ = phone_country(e164)
        eff = row_country or "US"
        same = pc_ == eff or (pc_ in NANP and eff in NANP)
        if same and r.random() < 0.55:
            cc = CALLING_CODE[pc_]
            forms = national_forms(pc_, e164[1 + len(cc):])
            if forms:
                return r.choice(forms)
        return r.choice(international_forms(pc_, e164))

    def raw_account(self, canon: str) -> str:
        r = self.r
        if r.random() >= ACCOUNT_VARIANT_RATE:
            return canon
        k = r.randrange(3)
        return canon.upper() if k == 0 else f" {canon}" if k == 1 else f"{canon}  "

    def raw_loyalty(self, canon: str) -> str:
        r = self.r
        if r.random() >= LOYALTY_VARIANT_RATE:
            return canon
        sep = " " if r.random() < 0.5 else "-"
        return f"{canon[:4]}{sep}{canon[4:7]}{sep}{canon[7:]}"

    def raw_card(self, canon: str) -> str:
        r = self.r
        if r.random() >= CARD_VARIANT_RATE:
            return canon
        return r.choice([f" {canon}", f"{canon} ", f"  {canon}  "])

    def raw_name(self, name):
        r = self.r
        if name is None or r.random() >= NAME_VARIANT_RATE:
            return name
        k = r.randrange(4)
        return name.lower() if k == 0 else name.upper() if k == 1 else name + " " if k == 2 else " " + name

    def raw_country(self, iso):
        u = self.r.random()
        if u < 0.78:
            return iso
        if u < 0.86:
            return iso.lower()
        if u < 0.94:
            return COUNTRY_NAMES[iso]
        if u < 0.97:
            return COUNTRY_NAMES[iso].upper()
        return None

    def raw_dob(self, d: date, blank=0.12):
        u = self.r.random()
        if u < blank:
            return None
        u = self.r.random()
        if u < 0.80:
            return d.isoformat()
        if u < 0.92:
            return d.strftime("%d/%m/%Y")
        return d.strftime("%Y/%m/%d")

    # ---- addresses ---------------------------------------------------------------------------
    def address(self, c, r=None):
        """(street line, city, postal code) in country c, drawn from r (default: the block's stream)."""
        r = r or self.r
        street, num = r.choice(STREETS[c]), r.randint(1, 250)
        line = f"{street} {num}" if c in ("DE", "NL", "ES", "IT") else f"{num} {street}"
        if c in ("NL",):
            postal = f"{r.randint(1000, 9999)} {r.choice('ABCDEGHJKLMNPRSTVWXZ')}{r.choice('ABCDEGHJKLMNPRSTVWXZ')}"
        elif c == "GB":
            L = "ABCDEFGHJKLMNOPRSTUWYZ"
            postal = f"{r.choice(L)}{r.choice(L)}{r.randint(1, 20)} {r.randint(1, 9)}{r.choice(L)}{r.choice(L)}"
        elif c == "CA":
            L = "ABCEGHJKLMNPRSTVXY"
            postal = f"{r.choice(L)}{r.randint(0, 9)}{r.choice(L)} {r.randint(0, 9)}{r.choice(L)}{r.randint(0, 9)}"
        elif c == "AU":
            postal = f"{r.randint(2000, 7999)}"
        else:
            postal = f"{r.randint(1000, 99999):05d}"
        return line, r.choice(CITIES[c]), postal

    def raw_street(self, street):
        r = self.r
        if street is None or r.random() > 0.08:
            return street
        s = street.replace("Straße", "Str.").replace("straße", "str.").replace("Street", "St").replace("Road", "Rd")
        return s.upper() if r.random() < 0.4 else s
