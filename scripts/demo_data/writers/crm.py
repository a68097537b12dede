"""Writer of crm_accounts, crm_contact_points and preferences (drawn in one pass over the accounts)."""
from __future__ import annotations

from ..config import ALLERGY_ACCOUNT_RATE, CUSTOMER_PHONE_RATE, DAY, ROLE_EMAIL_RATE, TWO_FACTOR_RATE
from ..reference import ALLERGIES, DIETARY, LANGUAGE


class CrmWriter:
    """Mixin of Block: writes crm_accounts, crm_contact_points and preferences (one pass)."""

    # ---- CRM -------------------------------------------------------------------------------------------
    def _crm(self):
        r = self.r
        accounts = []
        acc_rows, cp_rows, pref_rows = self.rows["crm_accounts"], self.rows["crm_contact_points"], self.rows["preferences"]
        for p in self.persons:
            personal = next((x for x in p.personas if x.kind == "personal"), None)
            for pe in p.personas:
                if pe.account is None:
                    pe.acct_country = None
                    continue
                accounts.append(pe)
                street, city, postal, ciso = pe.addr
                row_country = self.raw_country(ciso)
                eff = ciso if row_country is not None else None
                pe.acct_country = eff
                self.reg("account_id", pe.account, p, pe)
                company = pe.company.name if pe.company is not None else pe.side_name
                acc_rows.append((self.raw_account(pe.account), self.ts(pe.created, p), self.raw_name(p.first),
                                 self.raw_name(p.last), company,
                                 self.raw_dob(p.dob, 0.12 if pe.kind in ("personal", "side") else 0.6),
                                 self.raw_street(street), city, postal, row_country))
                self.row_persons["crm_accounts"].append(p)
                t = pe.created
                for j, e in enumerate(pe.emails):
                    cp_rows.append((self.raw_account(pe.account), "email", self.emit_email(e, p, pe),
                                    "true" if j == 0 else "false", self.ts(t + j * 3600, p),
                                    "customer" if r.random() < 0.85 else "import"))
                if pe.kind in ("business", "client") and pe.company.role_email and r.random() < ROLE_EMAIL_RATE:
                    cp_rows.append((self.raw_account(pe.account), "email",
                                    self.emit_email(pe.company.role_email, p, pe, typos=False, junk=False), "false",
                                    self.ts(self.rand_time(t), p), r.choice(["customer", "import"])))
                    pe.company.role_holders.append(pe)
                if p.phone:
                    u = r.random()
                    if "consultant" in p.flags or u < TWO_FACTOR_RATE:
                        cp_rows.append((self.raw_account(pe.account), "phone", self.emit_phone(p.phone, p, None, eff),
                                        "true", self.ts(t + 60, p), "two_factor"))
                    elif u < TWO_FACTOR_RATE + CUSTOMER_PHONE_RATE:
                        cp_rows.append((self.raw_account(pe.account), "phone", self.emit_phone(p.phone, p, None, eff),
                                        r.choice(["true", "false"]), self.ts(self.rand_time(t), p), "customer"))
                if pe.work_phone:
                    cp_rows.append((self.raw_account(pe.account), "phone", self.emit_phone(pe.work_phone, p, pe, eff),
                                    "false", self.ts(self.rand_time(t), p), "customer"))
                if "anne" in p.flags and pe.kind == "business" and personal is not None:
                    # an agent adds the PERSONAL email to the business profile
                    cp_rows.append((self.raw_account(pe.account), "email",
                                    self.emit_email(personal.emails[0], p, personal, typos=False, junk=False),
                                    "false", self.ts(self.rand_time(t + 30 * DAY), p), "agent"))
                # preferences
                if r.random() < 0.12:
                    pref_rows.append((self.raw_account(pe.account), "dietary", r.choice(DIETARY),
                                      self.ts(self.rand_time(t), p)))
                if r.random() < 0.40:
                    lang = LANGUAGE[p.country]
                    lang = r.choice([lang, lang, lang, lang.upper(), f"{lang}-{p.country}"])
                    pref_rows.append((self.raw_account(pe.account), "language", lang, self.ts(self.rand_time(t), p)))
        # Sam: an allergy on exactly one account of the person
        by_person = {}
        for pe in accounts:
            by_person.setdefault(pe.person.key, []).append(pe)
        keys = list(by_person)
        k = min(len(keys), self.count(ALLERGY_ACCOUNT_RATE * len(accounts)))
        multi = [x for x in keys if len(by_person[x]) >= 2]
        chosen = r.sample(multi, min(len(multi), max(1, k // 2))) if multi and k else []
        rest = [x for x in keys if x not in set(chosen)]
        chosen += r.sample(rest, min(len(rest), k - len(chosen)))
        for key in chosen:
            pe = r.choice(by_person[key])
            pe.person.flags.add("sam")
            val = r.choice(ALLERGIES)
            pref_rows.append((self.raw_account(pe.account), "allergy", val if r.random() < 0.9 else val.capitalize(),
                              self.ts(self.rand_time(pe.created), pe.person)))
        self.accounts = accounts
