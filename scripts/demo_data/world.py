"""The world shared by every block (stores, their phones, salts) and the entities of a block."""
from __future__ import annotations

import itertools
import random

import numpy as np

from .config import SHOP_PHONE_STORES, WORLD_STREAM
from .formats import M40, weighted
from .reference import CA_AREA_CODES, COUNTRY_WEIGHTS, NANP, US_AREA_CODES


class World:
    def __init__(self, persons: int, seed: int, person_noise: float = 0.0):
        self.persons = persons
        self.seed = seed
        self.person_noise = person_noise
        g = np.random.default_rng([seed, WORLD_STREAM])
        self.acc_width = max(7, len(str(8 * persons)))
        self.acc_mod = 10 ** self.acc_width
        self.acc_salt = int(g.integers(0, self.acc_mod))
        self.esp_salt = int(g.integers(0, M40))
        self.phone_salt = int(g.integers(0, 10**9))
        self.loyalty_salt = int(g.integers(0, 10**8))
        r = random.Random(int(g.integers(0, 2**62)))
        # stores with their landline numbers (fictional ranges, never a mobile)
        self.stores = []
        for k in range(30):
            c = weighted(r, COUNTRY_WEIGHTS)
            if c in NANP:
                area = r.choice(US_AREA_CODES if c == "US" else CA_AREA_CODES)
                ph = f"+1{area}5550{100 + k:03d}"
            elif c == "GB":
                ph = f"+44207946{k:04d}"
            elif c == "DE":
                ph = f"+4930{r.randint(10**7, 10**8 - 1)}"
            elif c == "FR":
                ph = f"+331{r.randint(10**7, 10**8 - 1)}"
            elif c == "NL":
                ph = f"+3120{r.randint(10**6, 10**7 - 1)}"
            elif c == "ES":
                ph = f"+3491{r.randint(10**6, 10**7 - 1)}"
            elif c == "IT":
                ph = f"+3906{r.randint(10**7, 10**8 - 1)}"
            else:
                ph = f"+6129{r.randint(10**6, 10**7 - 1)}"
            self.stores.append((f"ST{k + 1:03d}", c, ph))
        self.store_weights = [1.0 / (k + 1) ** 1.1 for k in range(len(self.stores))]
        self.store_cum = list(itertools.accumulate(self.store_weights))
        self.shop_phones = [s[2] for s in self.stores[:SHOP_PHONE_STORES]]
        self.shop_phone_cum = list(itertools.accumulate(self.store_weights[:SHOP_PHONE_STORES]))

    def account_id(self, persona_gid: int) -> str:
        v = (persona_gid * 7_777_777 + self.acc_salt) % self.acc_mod
        return f"acc_{v:0{self.acc_width}d}"

    def loyalty_number(self, person_idx: int) -> str:
        return f"40{(person_idx * 2_654_435_761 + self.loyalty_salt) % 10**8:08d}"


# --------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------


class Company:
    __slots__ = ("g", "domain", "name", "country", "street", "city", "postal", "ip", "role_email", "role_holders")


class Person:
    __slots__ = ("idx", "key", "country", "first", "last", "fa", "la", "dob", "street", "city", "postal", "phone",
                 "phone_os", "home_ip", "tz", "south", "t0", "household", "personas", "devices", "loyalty", "cards",
                 "flags", "web_usages")


class Persona:
    __slots__ = ("key", "gid", "person", "slot", "kind", "company", "side_domain", "side_name", "emails", "account",
                 "created", "addr", "esp", "web_usages", "app_usages", "work_phone", "fav", "acct_country")


class Device:
    __slots__ = ("key", "kind", "form", "canon", "raw", "platform", "ua", "model", "osv", "ip", "mobile_share")


class Usage:
    __slots__ = ("device", "person", "persona", "sessions", "lam", "logged", "user_raw", "t0")


def _rank_weights(n, a=0.9):
    return [1.0 / (k + 1) ** a for k in range(n)]
