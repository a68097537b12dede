"""Small helpers: weighted draws, timestamp text, uuids, identifier derivations, phone spellings."""
from __future__ import annotations

import bisect
import itertools
import random
import unicodedata
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute.binary_join_element_wise)

from .config import DAY, TS_STYLE_NAIVE, TS_STYLE_OFFSET, TS_STYLE_PROBS, TS_STYLE_Z
from .reference import (
    CALLING_CODE, CA_AREA_CODES, CODE_TO_COUNTRY, DE_MOBILE_PREFIX, GB_MOBILE_PREFIX, IT_MOBILE_PREFIX, NANP,
    US_AREA_CODES, _FOLD,
)


DAY0 = date(2024, 1, 1)
EPOCH_DAY0 = (DAY0 - date(1970, 1, 1)).days
N_DAYS = (date(2029, 1, 1) - DAY0).days
DAY_STR = [(DAY0 + timedelta(days=d)).isoformat() for d in range(N_DAYS)]
TIME_STR = [f"T{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
_DOY = np.array([(DAY0 + timedelta(days=d)).timetuple().tm_yday for d in range(N_DAYS)])
DST_NORTH = (_DOY >= 80) & (_DOY < 303)      # late March .. late October, near enough
OFFSET_MIN, OFFSET_MAX, OFFSET_STEP = -720, 840, 15


def _fmt_offset(m):
    sign = "+" if m >= 0 else "-"
    m = abs(m)
    return f"{sign}{m // 60:02d}:{m % 60:02d}"


SUFFIXES = ["Z", ""] + [_fmt_offset(m) for m in range(OFFSET_MIN, OFFSET_MAX + 1, OFFSET_STEP)]
MILLIS = [f".{i:03d}" for i in range(1000)] + [""]
DAY_ARR = pa.array(DAY_STR)
TIME_ARR = pa.array(TIME_STR)
SUFFIX_ARR = pa.array(SUFFIXES)
MILLIS_ARR = pa.array(MILLIS)
HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
HEX_UP = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
M40 = (1 << 40) - 1


def ascii_fold(s: str) -> str:
    s = "".join(_FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


_WEIGHTED_CACHE: dict = {}


def weighted(r: random.Random, weights: dict):
    """A key of ``weights`` drawn with probability proportional to its value (dicts are constants)."""
    e = _WEIGHTED_CACHE.get(id(weights))
    if e is None:
        cum = list(itertools.accumulate(weights.values()))
        e = _WEIGHTED_CACHE[id(weights)] = (list(weights), cum, cum[-1], weights)
    return e[0][bisect.bisect(e[1], r.random() * e[2])]


def weighted_list(r: random.Random, items: list, cum: list):
    return items[bisect.bisect(cum, r.random() * cum[-1])]


def utc_offset(base_minutes: int, south: bool, t: int) -> int:
    d = t // DAY - EPOCH_DAY0
    d = min(max(d, 0), N_DAYS - 1)
    dst = bool(DST_NORTH[d]) != south
    return base_minutes + (60 if dst else 0)


def format_ts(t: int, style: int, base_minutes: int = 0, south: bool = False) -> str:
    """One timestamp as text in the given style (see TS_STYLE_*)."""
    t = int(t)
    if style == TS_STYLE_OFFSET:
        off = utc_offset(base_minutes, south, t)
        d, s = divmod(t + off * 60, DAY)
        return DAY_STR[d - EPOCH_DAY0] + TIME_STR[s] + _fmt_offset(off)
    d, s = divmod(t, DAY)
    return DAY_STR[d - EPOCH_DAY0] + TIME_STR[s] + ("Z" if style == TS_STYLE_Z else "")


def format_ts_array(rng, t, base_minutes, south, probs=TS_STYLE_PROBS, millis_share=0.0) -> pa.Array:
    """Vectorised format_ts with a random style per row."""
    t = np.asarray(t, dtype=np.int64)
    n = len(t)
    u = rng.random(n)
    style = np.where(u < probs[0], TS_STYLE_Z, np.where(u < probs[0] + probs[1], TS_STYLE_OFFSET, TS_STYLE_NAIVE))
    day = np.clip(t // DAY - EPOCH_DAY0, 0, N_DAYS - 1)
    dst = DST_NORTH[day] != south
    off = np.where(style == TS_STYLE_OFFSET, base_minutes + 60 * dst, 0)
    local = t + off * 60
    ld = local // DAY - EPOCH_DAY0
    ls = local % DAY
    sidx = np.where(style == TS_STYLE_Z, 0, np.where(style == TS_STYLE_NAIVE, 1,
                                                     2 + (off - OFFSET_MIN) // OFFSET_STEP))
    parts = [DAY_ARR.take(pa.array(ld)), TIME_ARR.take(pa.array(ls))]
    if millis_share > 0:
        ms = np.where(rng.random(n) < millis_share, rng.integers(0, 1000, n), 1000)
        parts.append(MILLIS_ARR.take(pa.array(ms)))
    parts.append(SUFFIX_ARR.take(pa.array(sidx)))
    return pa.compute.binary_join_element_wise(*parts, "")


def uuid_matrix(rng, n: int, upper=False) -> np.ndarray:
    b = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    b[:, 6] = (b[:, 6] & 0x0F) | 0x40
    b[:, 8] = (b[:, 8] & 0x3F) | 0x80
    hx = HEX_UP if upper else HEX
    h = np.empty((n, 32), dtype=np.uint8)
    h[:, 0::2] = hx[b >> 4]
    h[:, 1::2] = hx[b & 15]
    out = np.full((n, 36), ord("-"), dtype=np.uint8)
    out[:, 0:8], out[:, 9:13], out[:, 14:18] = h[:, 0:8], h[:, 8:12], h[:, 12:16]
    out[:, 19:23], out[:, 24:36] = h[:, 16:20], h[:, 20:32]
    return out


def fixed_width_strings(mat: np.ndarray) -> pa.Array:
    n, w = mat.shape
    offsets = np.arange(0, (n + 1) * w, w, dtype=np.int32)
    return pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets),
                                                  pa.py_buffer(np.ascontiguousarray(mat).tobytes())])


def take(vocab: pa.Array, idx: np.ndarray) -> pa.Array:
    return vocab.take(pa.array(np.asarray(idx, dtype=np.int64)))


def esp_record_id(x: int, salt: int) -> str:
    """Bijection on 40 bits: distinct inputs give distinct ids."""
    y = (x * 0x9E3779B97 + salt) & M40
    y ^= y >> 19
    y = (y * 0xC2B2AE3D27) & M40
    y ^= y >> 13
    return f"esp_{y:010x}"


def mobile_e164(country: str, x: int, salt: int) -> str:
    """The x-th mobile number of a country; injective in x (x < 10**7)."""
    P = 2_654_435_761
    if country in NANP:
        areas = US_AREA_CODES if country == "US" else CA_AREA_CODES
        v = (x * P + salt) % (8_000_000 * len(areas))
        area, rem = areas[v // 8_000_000], v % 8_000_000
        return f"+1{area}{200 + rem // 10000}{rem % 10000:04d}"
    if country == "GB":
        v = (x * P + salt) % (5 * 10**8)
        return f"+44{GB_MOBILE_PREFIX[v // 10**8]}{v % 10**8:08d}"
    if country == "DE":
        v = (x * P + salt) % (16 * 10**8)
        return f"+49{DE_MOBILE_PREFIX[v // 10**8]}{v % 10**8:08d}"
    if country in ("FR", "ES"):
        v = (x * P + salt) % (2 * 10**8)
        return f"+{CALLING_CODE[country]}{'67'[v // 10**8]}{v % 10**8:08d}"
    if country == "NL":
        return f"+316{(x * P + salt) % 10**8:08d}"
    if country == "IT":
        v = (x * P + salt) % (16 * 10**7)
        return f"+39{IT_MOBILE_PREFIX[v // 10**7]}{v % 10**7:07d}"
    if country == "AU":
        return f"+614{(x * P + salt) % 10**8:08d}"
    raise ValueError(country)


def phone_country(e164: str) -> str:
    if e164.startswith("+1"):
        return "CA" if e164[2:5] in CA_AREA_CODES else "US"
    for code, c in CODE_TO_COUNTRY.items():
        if e164[1:].startswith(code):
            return c
    return "US"


def _group(s: str, sizes) -> list[str]:
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return [p for p in out if p]


def national_forms(country: str, nsn: str) -> list[str]:
    """National spellings of a national significant number (no country code)."""
    if country in NANP:
        a, e, l = nsn[:3], nsn[3:6], nsn[6:]
        return [f"({a}) {e}-{l}", f"{a}-{e}-{l}", f"{a}.{e}.{l}", f"{a}{e}{l}", f"1-{a}-{e}-{l}",
                f"1 ({a}) {e}-{l}"]
    if country == "GB":
        n = "0" + nsn
        return [f"{n[:5]} {n[5:]}", n, f"{n[:5]}-{n[5:]}"] if nsn[0] == "7" else [f"{n[:3]} {n[3:7]} {n[7:]}", n]
    if country == "DE":
        n = "0" + nsn
        k = 4 if nsn[0] == "1" else 3
        return [f"{n[:k]} {n[k:]}", f"{n[:k]}/{n[k:]}", f"{n[:k]}-{n[k:]}", n]
    if country == "FR":
        n = "0" + nsn
        pairs = _group(n, [2, 2, 2, 2, 2])
        return [" ".join(pairs), ".".join(pairs), n]
    if country == "NL":
        n = "0" + nsn
        k = 2 if nsn[0] == "6" else 3
        return [f"{n[:k]}-{n[k:]}", f"{n[:k]} {n[k:k + 4]} {n[k + 4:]}", n]
    if country == "AU":
        n = "0" + nsn
        return [f"{n[:4]} {n[4:7]} {n[7:]}", n] if nsn[0] == "4" else [f"{n[:2]} {n[2:6]} {n[6:]}", n]
    if country in ("ES", "IT"):
        if nsn.startswith("0"):
            return []
        return [" ".join(_group(nsn, [3, 3, 3])), nsn] if country == "ES" else \
            [" ".join(_group(nsn, [3, 3, 4])), nsn]
    return []


def international_forms(country: str, e164: str) -> list[str]:
    cc = CALLING_CODE[country]
    nsn = e164[1 + len(cc):]
    if country in NANP:
        spaced = f"+1 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}"
        alt = f"+1 {nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"
    else:
        sizes = {"GB": [4, 6], "FR": [1, 2, 2, 2, 2], "NL": [1, 8] if nsn[0] == "6" else [2, 7],
                 "DE": [3, 8] if nsn[0] == "1" else [2, 8], "ES": [3, 3, 3], "IT": [3, 3, 4], "AU": [3, 3, 3]}
        groups = " ".join(_group(nsn, sizes.get(country, [3, 3, 4])))
        spaced = f"+{cc} {groups}"
        alt = f"+{cc}-{nsn}"
    return [e164, e164, spaced, alt, f"00{cc}{nsn}", f"00{cc} {nsn}"]
