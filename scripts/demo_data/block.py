"""One block of BLOCK_PERSONS persons: the world model (companies, persons, personas, devices) and build()."""
from __future__ import annotations

import itertools
import random
import uuid
from datetime import date, timedelta

import numpy as np

from .bad_rows import BadRows
from .config import (
    ACCOUNT_RATE, ACTIVITY_END, ACTIVITY_SPAN, ACTIVITY_START, AGENT_PERSONAL_EMAIL_RATE,
    APP_EVENTS_PER_SESSION, APP_INSTALL_SHARE, APP_LOGGED_IN_RATE, APP_SESSIONS_MEAN, BLOCK_STREAM,
    COMPANIES_PER_BLOCK, CONSULTANT_CLIENTS, CONSULTANT_RATE, DAY, DEVICE_COUNT_WEIGHTS,
    FAMILY_DEVICE_PERSON_RATE, HOUSEHOLD_SAME_LAST_NAME, HOUSEHOLD_SIZE_WEIGHTS, HOUSEHOLD_START_RATE,
    IOS_SHARE, JOB_HUNTER_RATE, MOBILE_IP_SHARE, OPTED_OUT_IOS_RATE, PERSONA_COUNT_WEIGHTS, PHONE_OWNER_RATE,
    PUBLIC_DEVICE_RATE, PUBLIC_DEVICE_USERS, ROLE_COMPANY_RATE, SECOND_EMAIL_RATE, SHARED_BROWSER_RATE,
    SINGLE_PERSONA_KIND_WEIGHTS, TABLE_COLUMNS, TRUTH_TABLE, TS_STYLE_NAIVE, TS_STYLE_OFFSET, TS_STYLE_PROBS,
    TS_STYLE_Z, TWO_PERSONA_BUSINESS_SHARE, WEB_EVENTS_PER_SESSION, WEB_FORM_WEIGHTS, WEB_LOGGED_IN_RATE,
    WEB_SESSIONS_MEAN, WORK_PHONE_RATE,
)
from .formats import ascii_fold, format_ts, mobile_e164, weighted, weighted_list
from .normalize import ZERO_UUID
from .reference import (
    ANDROID_APP_MODELS, ANDROID_PHONES, ANDROID_TABLETS, ANDROID_VERSIONS, BUSINESS_CATEGORIES, COMPANY_A,
    COMPANY_B, COMPANY_TLD, COUNTRY_WEIGHTS, DESKTOP_BROWSERS, FREE_MAIL, GLOBAL_FIRST, GLOBAL_LAST,
    GLOBAL_NAME_RATE, IOS_PHONE_MODELS, IOS_TABLET_MODELS, IOS_VERSIONS, IP_FIRST_OCTETS, LEGAL_SUFFIX,
    NAMES, PERSONAL_CATEGORIES, ROLE_LOCALS, SAFARI_VERSIONS, SIDE_A, SIDE_B, SIDE_TLD, SOUTHERN,
    TZ_BASE_MINUTES, UA,
)
from .noise import PERSON_FIELDS, PersonNoise, noise_random
from .render import Render
from .sink import rows_to_table
from .world import Company, Device, Person, Persona, Usage, World, _rank_weights
from .writers.app_events import AppEventsWriter
from .writers.bookings import BookingsWriter
from .writers.crm import CrmWriter
from .writers.erasure import ErasureWriter
from .writers.esp import EspWriter
from .writers.loyalty import LoyaltyWriter
from .writers.orders import OrdersWriter
from .writers.sessions import Sessions
from .writers.subscriptions import SubscriptionsWriter
from .writers.web_events import WebEventsWriter


class Block(Render, CrmWriter, EspWriter, OrdersWriter, BookingsWriter, LoyaltyWriter, SubscriptionsWriter,
            WebEventsWriter, ErasureWriter, Sessions, AppEventsWriter, PersonNoise, BadRows):
    """One block of persons; the writers are mixins that append rows to self.rows."""

    def __init__(self, world: World, b: int, start: int, end: int):
        self.w, self.b, self.start, self.end, self.n = world, b, start, end, end - start
        self.rng = np.random.default_rng([world.seed, BLOCK_STREAM, b])
        self.r = random.Random(int(self.rng.integers(0, 2**62)))
        self.first = b == 0
        self.truth: set = set()
        self.rows: dict[str, list] = {t: [] for t in TABLE_COLUMNS if t not in ("web_events", "app_events")}
        self.web_special: list = []
        self.used_emails: set = set()
        self.dev_seq = 0
        self.web_usages: list[Usage] = []
        self.app_usages: list[Usage] = []
        # the first block shows every kind of junk at least once, however small the run
        self.need_junk = {"email", "phone", "optout"} if self.first else set()
        # person-record noise: its own random stream, and the person behind each person record
        self.nr = noise_random(world.seed, b) if world.person_noise else None
        self.row_persons: dict[str, list] = {t: [] for t in PERSON_FIELDS}

    # ---- random helpers ------------------------------------------------------------
    def count(self, expected: float, force: bool = True) -> int:
        k = int(expected)
        if self.r.random() < expected - k:
            k += 1
        if force and self.first and k == 0:
            k = 1
        return k

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def ts(self, t, person=None, probs=TS_STYLE_PROBS) -> str:
        u = self.r.random()
        style = TS_STYLE_Z if u < probs[0] else TS_STYLE_OFFSET if u < probs[0] + probs[1] else TS_STYLE_NAIVE
        if person is None:
            return format_ts(t, style, 60, False)
        return format_ts(t, style, person.tz, person.south)

    def rand_time(self, lo, hi=ACTIVITY_END) -> int:
        lo = int(min(lo, hi - 60))
        return lo + int(self.r.random() * (hi - lo))

    def ip(self, mobile=False) -> str:
        r = self.r
        if mobile and r.random() < 0.3:
            return f"2a02:{r.getrandbits(16):x}:{r.getrandbits(16):x}:{r.getrandbits(16):x}::{r.getrandbits(16):x}"
        return f"{r.choice(IP_FIRST_OCTETS)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    # ---- truth -------------------------------------------------------------------------
    def reg(self, itype, value, person, persona=None, device=None):
        self.truth.add((itype, value, person.key, persona.key if persona is not None else None, device))

    # ---- build --------------------------------------------------------------------------------
    def build(self):
        self._companies()
        self._persons()
        self._personas()
        self._choose_details_only()
        self._devices()
        self._family_devices()
        self._public_devices()
        self._crm()
        self._esp()
        self._orders()
        self._bookings()
        self._loyalty_pos()
        self._subscriptions()
        self._web_specials()
        self._erasure()
        self._person_noise()
        tables = {}
        for name, rows in self.rows.items():
            tables[name] = rows_to_table(name, rows)
        tables["web_events"] = self._web_table()
        tables["app_events"] = self._app_table()
        for name in TABLE_COLUMNS:
            tables[name] = self._inject_bad_rows(name, tables[name])
        truth = sorted(self.truth, key=lambda x: (x[0], x[1], x[2], x[3] or "", x[4] or ""))
        tables[TRUTH_TABLE] = rows_to_table(TRUTH_TABLE, truth)
        return tables

    # ---- companies ------------------------------------------------------------------------------
    def _companies(self):
        r = self.r
        k = max(1, min(COMPANIES_PER_BLOCK, round(self.n / 20)))
        self.companies = []
        for j in range(k):
            co = Company()
            co.g = self.b * COMPANIES_PER_BLOCK + j
            co.country = weighted(r, COUNTRY_WEIGHTS)
            combos = len(COMPANY_A) * len(COMPANY_B)
            a, bb = COMPANY_A[co.g % len(COMPANY_A)], COMPANY_B[(co.g // len(COMPANY_A)) % len(COMPANY_B)]
            suffix = "" if co.g < combos else str(co.g // combos)
            tld = COMPANY_TLD[co.country] if r.random() < 0.6 else r.choice([".com", ".io", ".com", ".net"])
            co.domain = f"{a}-{bb}{suffix}{tld}"
            co.name = f"{a.capitalize()} {bb.capitalize()}{(' ' + suffix) if suffix else ''} {r.choice(LEGAL_SUFFIX[co.country])}"
            co.street, co.city, co.postal = self.address(co.country)
            co.ip = self.ip()
            has_role = (j == 0) or r.random() < ROLE_COMPANY_RATE
            co.role_email = f"{ROLE_LOCALS[co.g % len(ROLE_LOCALS)]}@{co.domain}" if has_role else None
            co.role_holders = []
            self.companies.append(co)
        self.company_cum = list(itertools.accumulate(_rank_weights(k)))

    # ---- persons ---------------------------------------------------------------------------------
    def _name(self, c):
        r = self.r
        if r.random() < GLOBAL_NAME_RATE:
            return r.choice(GLOBAL_FIRST), r.choice(GLOBAL_LAST)
        firsts, lasts = NAMES[c]
        return r.choice(firsts), r.choice(lasts)

    def _persons(self):
        r = self.r
        self.persons: list[Person] = []
        self.households: list[list[Person]] = []
        i = 0
        while i < self.n:
            size = 1
            if self.n - i >= 2 and r.random() < HOUSEHOLD_START_RATE:
                size = min(self.n - i, weighted(r, HOUSEHOLD_SIZE_WEIGHTS))
            c = weighted(r, COUNTRY_WEIGHTS)
            street, city, postal = self.address(c)
            _, family_last = self._name(c)
            home_ip = self.ip()
            tz = r.choice(TZ_BASE_MINUTES[c])
            members = []
            for k in range(size):
                p = Person()
                p.idx = self.start + i + k
                p.key = f"P{p.idx:07d}"
                p.country = c
                p.first, last = self._name(c)
                p.last = family_last if (k == 0 or r.random() < HOUSEHOLD_SAME_LAST_NAME) else last
                if k == 0 and size == 1:
                    p.last = last
                p.fa, p.la = ascii_fold(p.first) or "user", ascii_fold(p.last) or "user"
                p.dob = date(1940, 1, 1) + timedelta(days=r.randint(0, 24500))
                p.street, p.city, p.postal = street, city, postal
                p.phone = mobile_e164(c, p.idx * 4, self.w.phone_salt) if r.random() < PHONE_OWNER_RATE else None
                p.phone_os = "ios" if r.random() < IOS_SHARE else "android"
                p.home_ip = home_ip
                p.tz, p.south = tz, c in SOUTHERN
                p.t0 = ACTIVITY_START + int((r.random() ** 1.5) * ACTIVITY_SPAN * 0.85)
                p.household = len(self.households) if size > 1 else None
                p.personas, p.devices, p.cards, p.web_usages = [], [], [], []
                p.loyalty = None
                p.flags = set()
                members.append(p)
            if size > 1:
                self.households.append(members)
            self.persons.extend(members)
            i += size
        # rare person-level scenarios: disjoint random persons of the block
        order = list(range(self.n))
        r.shuffle(order)
        pos = 0
        for flag, rate in (("consultant", CONSULTANT_RATE), ("anne", AGENT_PERSONAL_EMAIL_RATE),
                           ("julia", JOB_HUNTER_RATE)):
            k = min(self.count(rate * self.n), self.n - pos)
            for j in order[pos:pos + k]:
                self.persons[j].flags.add(flag)
            pos += k

    # ---- personas & emails -------------------------------------------------------------------------
    def _unique(self, email):
        if email in self.used_emails:
            return None
        self.used_emails.add(email)
        return email

    def _personal_email(self, p: Person, domain=None) -> str:
        r = self.r
        dom = domain or weighted(r, FREE_MAIL.get(p.country, FREE_MAIL["default"]))
        for _ in range(20):
            n = self.b * 100 + r.randint(0, 99)     # ends in a number unique to this block
            f, l = p.fa, p.la
            pat = r.randrange(7)
            local = [f"{f}.{l}", f"{f}{l}", f"{f[0]}.{l}", f"{f}_{l}", f"{f}", f"{l}.{f}", f"{f}{l[0]}"][pat]
            e = self._unique(f"{local}{n}@{dom}")
            if e:
                return e
        return self._unique(f"{p.fa}.{p.la}.{self.b}x{len(self.used_emails)}@{dom}") or "fallback@example.com"

    def _domain_email(self, p: Person, domain: str) -> str:
        f, l = p.fa, p.la
        cands = [f"{f}.{l}", f"{f[0]}.{l}", f"{f[0]}{l}", f"{f}", f"{f}.{l[0]}", f"{l}"]
        start = self.r.randrange(3)
        for loc in cands[start:] + cands[:start]:
            e = self._unique(f"{loc}@{domain}")
            if e:
                return e
        k = 2
        while True:
            e = self._unique(f"{f}.{l}{k}@{domain}")
            if e:
                return e
            k += 1

    def _pick_company(self):
        return weighted_list(self.r, self.companies, self.company_cum)

    def _personas(self):
        r, w = self.r, self.w
        for p in self.persons:
            if "consultant" in p.flags:
                kinds = ["personal"] + ["client"] * r.randint(*CONSULTANT_CLIENTS)
            elif "anne" in p.flags or "julia" in p.flags:
                kinds = ["personal", "business"] + (["side"] if r.random() < 0.1 else [])
            else:
                k = weighted(r, PERSONA_COUNT_WEIGHTS)
                if k == 1:
                    kinds = [weighted(r, SINGLE_PERSONA_KIND_WEIGHTS)]
                elif k == 2:
                    kinds = ["personal", "business" if r.random() < TWO_PERSONA_BUSINESS_SHARE else "side"]
                else:
                    kinds = ["personal", "business", "side"]
            used_clients = set()
            for slot, kind in enumerate(kinds):
                pe = Persona()
                pe.person, pe.slot, pe.kind = p, slot, kind
                pe.key = f"{p.key}-{slot + 1}"
                pe.gid = p.idx * 8 + slot
                pe.company, pe.side_domain, pe.side_name = None, None, None
                pe.esp, pe.web_usages, pe.app_usages = [], [], []
                pe.work_phone = None
                pe.addr = (p.street, p.city, p.postal, p.country)
                if kind == "personal":
                    pe.emails = [self._personal_email(p)]
                    if r.random() < SECOND_EMAIL_RATE["personal"]:
                        pe.emails.append(self._personal_email(p))
                    pe.fav = r.choice(PERSONAL_CATEGORIES) if "julia" not in p.flags else "careers"
                elif kind in ("business", "client"):
                    co = self._pick_company()
                    if kind == "client":
                        for _ in range(10):
                            if co.g not in used_clients:
                                break
                            co = r.choice(self.companies)
                        used_clients.add(co.g)
                    pe.company = co
                    pe.emails = [self._domain_email(p, co.domain)]
                    if r.random() < SECOND_EMAIL_RATE[kind]:
                        pe.emails.append(self._domain_email(p, co.domain))
                    if r.random() < 0.6:
                        pe.addr = (co.street, co.city, co.postal, co.country)
                    pe.fav = r.choice(BUSINESS_CATEGORIES)
                    if kind == "business" and p.phone and r.random() < WORK_PHONE_RATE:
                        pe.work_phone = mobile_e164(co.country, p.idx * 4 + 1, self.w.phone_salt)
                else:  # side business: its own small domain, unique per person
                    combos = len(SIDE_A) * len(SIDE_B) * len(SIDE_TLD)
                    g = p.idx
                    a = SIDE_A[g % len(SIDE_A)]
                    bb = SIDE_B[(g // len(SIDE_A)) % len(SIDE_B)]
                    tld = SIDE_TLD[(g // (len(SIDE_A) * len(SIDE_B))) % len(SIDE_TLD)]
                    suffix = "" if g < combos else str(g // combos)
                    pe.side_domain = f"{a}-{bb}{suffix}{tld}"
                    pe.side_name = f"{a.capitalize()} {bb.capitalize()}"
                    loc = r.choice(["hello", p.fa, f"{p.fa}.{p.la}", "shop"])
                    pe.emails = [self._unique(f"{loc}@{pe.side_domain}") or self._domain_email(p, pe.side_domain)]
                    if r.random() < SECOND_EMAIL_RATE["side"]:
                        pe.emails.append(self._domain_email(p, pe.side_domain))
                    pe.fav = r.choice(["tax", "finance", "home", "fashion"])
                has_account = (kind == "client" or ("anne" in p.flags and kind in ("personal", "business"))
                               or r.random() < ACCOUNT_RATE)
                pe.account = w.account_id(pe.gid) if has_account else None
                pe.created = self.rand_time(p.t0, min(ACTIVITY_END, p.t0 + 120 * DAY))
                p.personas.append(pe)

    # ---- devices -------------------------------------------------------------------------------------
    def _new_device(self, kind, form, owner: Person, browser=None, os_=None, ip=None):
        r = self.r
        self.dev_seq += 1
        d = Device()
        d.key = f"D{self.b:05d}-{self.dev_seq:05d}"
        d.kind, d.form = kind, form
        d.canon = self.uuid4()
        d.ip = ip or owner.home_ip
        d.ua = d.model = d.osv = d.platform = None
        d.mobile_share = MOBILE_IP_SHARE["app" if kind == "app" else form]
        if kind == "web":
            d.raw = d.canon
            if form == "desktop":
                if browser is None:
                    browser, os_, _ = r.choices(DESKTOP_BROWSERS, weights=[x[2] for x in DESKTOP_BROWSERS])[0]
                tmpl = UA[("desktop", browser, os_)]
            elif form == "phone":
                tmpl = UA[("phone", "safari", "ios")] if owner.phone_os == "ios" else UA[("phone", "chrome", "android")]
            else:
                tmpl = UA[("tablet", "safari", "ios")] if r.random() < 0.6 else UA[("tablet", "chrome", "android")]
            s, i = r.choice(SAFARI_VERSIONS)
            d.ua = tmpl.format(v=r.randint(120, 133), s=s, i=i, a=r.choice(ANDROID_VERSIONS),
                               m=r.choice(ANDROID_TABLETS if form == "tablet" else ANDROID_PHONES))
        else:
            d.platform = owner.phone_os if form != "tablet" else ("ios" if r.random() < 0.6 else "android")
            if d.platform == "ios":
                d.model = r.choice(IOS_TABLET_MODELS if form == "tablet" else IOS_PHONE_MODELS)
                d.osv = r.choice(IOS_VERSIONS)
                if r.random() < OPTED_OUT_IOS_RATE or "optout" in self.need_junk:
                    self.need_junk.discard("optout")
                    d.canon, d.raw = None, ZERO_UUID          # limit ad tracking: no usable id
                else:
                    d.raw = d.canon.upper()                    # IDFA are written upper-case
            else:
                d.model = r.choice(ANDROID_TABLETS if form == "tablet" else ANDROID_APP_MODELS)
                d.osv = r.choice(ANDROID_VERSIONS)
                d.raw = d.canon
        owner.devices.append(d)
        return d

    def _use(self, d: Device, p: Person, pe: Persona, sessions=None, lam=None, logged_rate=None):
        r = self.r
        u = Usage()
        u.device, u.person, u.persona = d, p, pe
        if d.kind == "web":
            u.sessions = sessions if sessions is not None else 1 + min(int(r.expovariate(1 / WEB_SESSIONS_MEAN)), 40)
            u.lam = lam if lam is not None else WEB_EVENTS_PER_SESSION
            rate = WEB_LOGGED_IN_RATE if logged_rate is None else logged_rate
        else:
            u.sessions = sessions if sessions is not None else 1 + min(int(r.expovariate(1 / APP_SESSIONS_MEAN)), 40)
            u.lam = lam if lam is not None else APP_EVENTS_PER_SESSION
            rate = APP_LOGGED_IN_RATE if logged_rate is None else logged_rate
        u.logged = pe.account is not None and r.random() < rate
        u.user_raw = self.raw_account(pe.account) if u.logged else None
        u.t0 = max(p.t0, pe.created if u.logged else p.t0)
        if d.canon is not None:
            self.reg("anonymous_id" if d.kind == "web" else "device_id", d.canon, p, pe, d.key)
        if u.logged:
            self.reg("account_id", pe.account, p, pe)
        if d.kind == "web":
            self.web_usages.append(u)
            pe.web_usages.append(u)
            p.web_usages.append(u)
        else:
            self.app_usages.append(u)
            pe.app_usages.append(u)
        return u

    def _devices(self):
        r = self.r
        multi = [p for p in self.persons if len(p.personas) >= 2 and "julia" not in p.flags]
        shared = set(id(p) for p in r.sample(multi, min(len(multi), self.count(SHARED_BROWSER_RATE * len(multi)))))
        for p in self.persons:
            nd = weighted(r, DEVICE_COUNT_WEIGHTS)
            personas = p.personas
            if "julia" in p.flags:
                # one laptop, two browsers: Firefox for the personal persona, Chrome for work
                os_ = r.choice(["windows", "macos"])
                self._use(self._new_device("web", "desktop", p, "firefox", os_), p, personas[0])
                self._use(self._new_device("web", "desktop", p, "chrome", os_), p, personas[1])
                nd = max(0, nd - 2)
            for k in range(nd):
                pe = personas[k] if k < len(personas) else r.choices(
                    personas, weights=[3 if x.kind == "personal" else 1 for x in personas])[0]
                ip = pe.company.ip if pe.company is not None and r.random() < 0.5 else None
                if r.random() < APP_INSTALL_SHARE:
                    d = self._new_device("app", "tablet" if r.random() < 0.1 else "phone", p, ip=ip)
                else:
                    d = self._new_device("web", weighted(r, WEB_FORM_WEIGHTS), p, ip=ip)
                self._use(d, p, pe)
            if id(p) in shared:
                # one browser used by two personas of the same person
                a, bsec = r.sample(personas, 2)
                webs = [u.device for u in a.web_usages]
                d = webs[0] if webs else self._new_device("web", "desktop", p)
                if not webs:
                    self._use(d, p, a)
                self._use(d, p, bsec)

    def _family_devices(self):
        r = self.r
        hh = [h for h in self.households]
        r.shuffle(hh)
        want = self.count(FAMILY_DEVICE_PERSON_RATE * self.n)
        got = 0
        for h in hh:
            if got >= want:
                break
            owner = h[0]
            d = self._new_device("web", "tablet", owner) if r.random() < 0.7 else self._new_device("app", "tablet", owner)
            for p in h:
                pe = next((x for x in p.personas if x.kind == "personal"), p.personas[0])
                self._use(d, p, pe, sessions=1 + int(r.expovariate(0.5)))
            got += len(h)

    def _public_devices(self):
        r = self.r
        self.public_devices = []
        for _ in range(self.count(PUBLIC_DEVICE_RATE * self.n)):
            host = r.choice(self.persons)
            d = self._new_device("web", "desktop", host, r.choice(["chrome", "edge"]), "windows", ip=self.ip())
            host.devices.remove(d)                       # owned by nobody: a library / kiosk PC
            k = min(self.n, r.randint(*PUBLIC_DEVICE_USERS))
            for p in r.sample(self.persons, k):
                pe = r.choice(p.personas)
                self._use(d, p, pe, sessions=1, lam=1.5, logged_rate=0.5)
            self.public_devices.append(d)
