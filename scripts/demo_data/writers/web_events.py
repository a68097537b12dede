"""Writer of web_events: the Python-written events (signup, forms, ESP click-throughs) and the vectorised bulk."""
from __future__ import annotations

import json
import random

import numpy as np
import pyarrow as pa

from ..config import (
    ACTIVITY_END, ESP_CLICKS_MEAN, ESP_FORWARD_RATE, ESP_RID_UPPER_RATE, FORM_SUBMIT_MEAN, GIFT_EMAIL_RATE,
    POSTED_LINK_CLICKS, POSTED_LINK_RATE, SIGNUP_EVENT_RATE,
)
from ..formats import fixed_width_strings, format_ts_array, take, uuid_matrix
from ..reference import (
    CATEGORIES, CAT_INDEX, CLICK_ELEMENTS, ESP_LANDINGS, EXTERNAL_REFERRERS, FORM_KINDS, LOGIN_METHODS, QUIZ,
    SITE, URLS_PER_CATEGORY,
)
from ..sink import _sort_drop_t, rows_to_table
from ..world import Usage

# --------------------------------------------------------------------------------------
# Static vocabularies for the vectorised events
# --------------------------------------------------------------------------------------


def _build_web_vocab():
    r = random.Random(20261120)
    words = ["guide", "tips", "best", "how-to", "checklist", "review", "ideas", "basics", "deep-dive", "news",
             "faq", "trends", "mistakes", "budget", "2026", "beginners", "pro", "weekend", "quick", "ultimate"]
    urls, props = [], []
    for c in CATEGORIES:
        for k in range(URLS_PER_CATEGORY):
            slug = "-".join(r.sample(words, 3))
            q = "" if r.random() < 0.85 else r.choice(["?utm_source=google&utm_medium=cpc", "?ref=nav", "?page=2"])
            urls.append(f"{SITE}/{c}/{slug}{q}")
            props.append(json.dumps({"content_category": c, "title": slug.replace("-", " ").title()},
                                    separators=(",", ":")))
    quiz_urls, quiz_props = [], []
    for q, answers in QUIZ:
        for a in answers:
            quiz_urls.append(f"{SITE}/quiz/{q}")
            quiz_props.append(json.dumps({"question": q, "answer": a}, ensure_ascii=False, separators=(",", ":")))
    click_props = [json.dumps({"element": e, "content_category": c}, separators=(",", ":"))
                   for c in CATEGORIES for e in CLICK_ELEMENTS]
    login_props = [json.dumps({"method": m}, separators=(",", ":")) for m in LOGIN_METHODS]
    return urls, props, quiz_urls, quiz_props, click_props, login_props


_urls, _pv_props, _quiz_urls, _quiz_props, _click_props, _login_props = _build_web_vocab()
N_QUIZ = len(_quiz_urls)
WEB_URLS = _urls + _quiz_urls + [f"{SITE}/login"]
QUIZ_URL_OFF = len(_urls)
LOGIN_URL_OFF = len(_urls) + N_QUIZ
WEB_URL_ARR = pa.array(WEB_URLS)
WEB_REF_ARR = pa.array(WEB_URLS + EXTERNAL_REFERRERS, pa.string())
CLICK_PROPS_OFF = len(_pv_props)
QUIZ_PROPS_OFF = CLICK_PROPS_OFF + len(_click_props)
LOGIN_PROPS_OFF = QUIZ_PROPS_OFF + len(_quiz_props)
WEB_PROPS_ARR = pa.array(_pv_props + _click_props + _quiz_props + _login_props)
WEB_TYPE_ARR = pa.array(["page_view", "click", "quiz_answer", "login"])


class WebEventsWriter:
    """Mixin of Block: writes web_events."""

    # ---- web events written in Python: signup, forms, ESP click-throughs -----------------------------------
    def _web_event(self, u: Usage, t, etype, url, user_raw, props, referrer=None):
        d = u.device
        t = min(int(t), ACTIVITY_END)
        self.web_special.append((self.uuid4(), self.ts(t, u.person), d.raw, user_raw, etype, url, referrer, d.ua,
                                 d.ip, json.dumps(props, ensure_ascii=False, separators=(",", ":")), t))

    def _esp_url(self, eid):
        r = self.r
        rid = eid.upper() if r.random() < ESP_RID_UPPER_RATE else eid
        camp = f"{r.choice(['weekly', 'deals', 'jobs', 'travel'])}_{r.randint(1, 52):02d}"
        landing = r.choice(ESP_LANDINGS)
        if r.random() < 0.1:
            return f"{SITE}/{landing}?esp_rid={rid}&utm_source=esp&utm_medium=email"
        return f"{SITE}/{landing}?utm_source=esp&utm_medium=email&utm_campaign={camp}&esp_rid={rid}"

    def _web_specials(self):
        r = self.r
        all_web = self.web_usages
        for p in self.persons:
            for pe in p.personas:
                webs = pe.web_usages
                if not webs:
                    continue
                if pe.account and r.random() < SIGNUP_EVENT_RATE:
                    u = webs[0]
                    self.reg("account_id", pe.account, p, pe)
                    self._web_event(u, pe.created, "signup", f"{SITE}/signup", self.raw_account(pe.account),
                                    {"email": self.emit_email(pe.emails[0], p, pe), "plan": "free"})
                for u in webs:
                    for _ in range(int(self.rng.poisson(FORM_SUBMIT_MEAN))):
                        t = self.rand_time(u.t0)
                        kind = r.choice(FORM_KINDS)
                        if r.random() < GIFT_EMAIL_RATE:
                            other = r.choice(self.persons)
                            if other.household is not None and p.household is not None:
                                other = r.choice(self.households[p.household])
                            ope = r.choice(other.personas)
                            email, kind = self.emit_email(ope.emails[0], other, ope), "gift_card"
                        else:
                            email = self.emit_email(r.choice(pe.emails), p, pe)
                        self._web_event(u, t, "form_submit", f"{SITE}/forms/{kind}", u.user_raw if r.random() < 0.3 else None,
                                        {"form": kind, "email": email, "content_category": pe.fav})
                for e, eid in pe.esp:
                    for _ in range(int(self.rng.poisson(ESP_CLICKS_MEAN))):
                        u = r.choice(webs)
                        if r.random() < ESP_FORWARD_RATE:       # forwarded: a browser of someone else
                            others = [x for x in all_web if x.person is not p]
                            if others:
                                u = r.choice(others)
                        self._web_event(u, self.rand_time(max(u.t0, pe.created)), "page_view", self._esp_url(eid), None,
                                        {"content_category": r.choice(CATEGORIES)},
                                        referrer=r.choice([None, "https://mail.google.com/", "android-app://com.google.android.gm/"]))
        # ESP links posted publicly: one esp_rid clicked from many unrelated browsers
        cookies = {}
        for u in all_web:
            cookies.setdefault(u.device.key, u)
        cookie_list = list(cookies.values())
        for _ in range(self.count(POSTED_LINK_RATE * self.n)):
            if not self.esp_records or not cookie_list:
                break
            pe, eid = r.choice(self.esp_records)
            cands = [u for u in cookie_list if u.person is not pe.person]
            for u in r.sample(cands, min(len(cands), r.randint(*POSTED_LINK_CLICKS))):
                self._web_event(u, self.rand_time(u.t0), "page_view", self._esp_url(eid), None,
                                {"content_category": "deals"}, referrer=r.choice(["https://www.reddit.com/", "https://t.co/", None]))
    def _web_table(self):
        rng = self.rng
        us = self.web_usages
        special = rows_to_table("web_events", self.web_special, with_t=True)
        if not us:
            return _sort_drop_t(special)
        sessions, lam, t0, logged, tz, south, mob = self._usage_arrays(us)
        eu, es, pos, t, ev_logged = self._sessions(sessions, lam, t0, logged)
        E = len(t)
        typ = rng.choice(3, E, p=[0.72, 0.22, 0.06])
        is_login = (pos == 0) & ev_logged
        typ[is_login] = 3
        fav = np.fromiter((CAT_INDEX[u.persona.fav] for u in us), np.int64, len(us))
        cat = np.where(rng.random(E) < 0.6, fav[eu], rng.integers(0, len(CATEGORIES), E))
        page = cat * URLS_PER_CATEGORY + rng.integers(0, URLS_PER_CATEGORY, E)
        quiz = rng.integers(0, N_QUIZ, E)
        method = rng.integers(0, len(LOGIN_METHODS), E)
        url_idx = np.where(typ == 2, QUIZ_URL_OFF + quiz, np.where(typ == 3, LOGIN_URL_OFF, page))
        el = rng.integers(0, len(CLICK_ELEMENTS), E)
        props_idx = np.select([typ == 0, typ == 1, typ == 2],
                              [page, CLICK_PROPS_OFF + cat * len(CLICK_ELEMENTS) + el, QUIZ_PROPS_OFF + quiz],
                              LOGIN_PROPS_OFF + method)
        prev = np.roll(url_idx, 1)
        ref_idx = np.where(pos == 0, len(WEB_URLS) + rng.integers(0, len(EXTERNAL_REFERRERS), E), prev)
        user_vocab = pa.array([None] + [u.user_raw for u in us], pa.string())
        user_idx = np.where(ev_logged, eu + 1, 0)
        pool = [self.ip(mobile=True) for _ in range(64)]
        ip_vocab = pa.array([u.device.ip for u in us] + pool)
        ip_idx = np.where(rng.random(E) < mob[eu], len(us) + rng.integers(0, len(pool), E), eu)
        cols = {
            "event_id": fixed_width_strings(uuid_matrix(rng, E)),
            "occurred_at": format_ts_array(rng, t, tz[eu], south[eu]),
            "anonymous_id": take(pa.array([u.device.raw for u in us]), eu),
            "user_id": take(user_vocab, user_idx),
            "event_type": take(WEB_TYPE_ARR, typ),
            "page_url": take(WEB_URL_ARR, url_idx),
            "referrer": take(WEB_REF_ARR, ref_idx),
            "user_agent": take(pa.array([u.device.ua for u in us]), eu),
            "ip_address": take(ip_vocab, ip_idx),
            "properties": take(WEB_PROPS_ARR, props_idx),
            "_t": pa.array(t, pa.int64()),
        }
        bulk = pa.table(cols)
        return _sort_drop_t(pa.concat_tables([bulk, special]))
