"""Reference normalisers: the canonical forms truth_identifiers holds (the staging models must agree)."""
from __future__ import annotations

import re

from .reference import CALLING_CODE, COUNTRY_NAMES, NANP, TRUNK_COUNTRIES


EMAIL_RE = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
E164_RE = re.compile(r"^\+[1-9][0-9]{7,14}$")
ACCOUNT_RE = re.compile(r"^acc_[0-9]{7,}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ESP_RE = re.compile(r"^esp_[0-9a-f]{10}$")
LOYALTY_RE = re.compile(r"^[0-9]{10}$")
CARD_RE = re.compile(r"^tok_[A-Za-z0-9]{16}$")
CANONICAL_RE = {"email": EMAIL_RE, "phone": E164_RE, "account_id": ACCOUNT_RE, "anonymous_id": UUID_RE,
                "device_id": UUID_RE, "esp_record_id": ESP_RE, "loyalty_number": LOYALTY_RE, "card_token": CARD_RE}
ZERO_UUID = "00000000-0000-0000-0000-000000000000"
_COUNTRY_LOOKUP = {**{c: c for c in COUNTRY_NAMES}, **{n.upper(): c for c, n in COUNTRY_NAMES.items()}}


def normalize_country(raw):
    if raw is None:
        return None
    return _COUNTRY_LOOKUP.get(raw.strip().upper())


def normalize_email(raw):
    if raw is None:
        return None
    v = raw.strip().lower()
    return v if EMAIL_RE.match(v) and ".." not in v else None


def normalize_phone(raw, country=None):
    """E.164 or None. ``country`` is the row's country (any accepted spelling); default US."""
    if raw is None:
        return None
    s = raw.strip()
    digits = re.sub(r"[^0-9]", "", s)
    if not digits:
        return None
    if s.startswith("+"):
        e164 = "+" + digits
    elif digits.startswith("00"):
        e164 = "+" + digits[2:]
    else:
        c = normalize_country(country) or "US"
        if c in NANP:
            if len(digits) == 11 and digits[0] == "1":
                digits = digits[1:]
            if len(digits) != 10:
                return None
            e164 = "+1" + digits
        else:
            if c in TRUNK_COUNTRIES:
                if not digits.startswith("0"):
                    return None
                digits = digits[1:]
            if digits.startswith("0") and c != "IT":
                return None
            e164 = "+" + CALLING_CODE[c] + digits
    if not E164_RE.match(e164) or len(set(e164[-9:])) == 1:
        return None
    if e164.startswith("+1") and (len(e164) != 12 or e164[2] in "01" or e164[5] in "01"):
        return None
    code = next((k for k in ("44", "49", "33", "31", "34", "39", "61") if e164[1:].startswith(k)), None)
    if code and code != "39" and e164[1 + len(code)] == "0":
        return None
    return e164


def normalize_account_id(raw):
    if raw is None:
        return None
    v = raw.strip().lower()
    return v if ACCOUNT_RE.match(v) else None


def normalize_uuid(raw):
    if raw is None:
        return None
    v = raw.strip().lower()
    return v if UUID_RE.match(v) and v != ZERO_UUID else None


def normalize_esp_record_id(raw):
    if raw is None:
        return None
    v = raw.strip().lower()
    return v if ESP_RE.match(v) else None


def normalize_loyalty_number(raw):
    if raw is None:
        return None
    v = re.sub(r"[\s-]", "", raw)
    return v if LOYALTY_RE.match(v) else None


def normalize_card_token(raw):
    if raw is None:
        return None
    v = raw.strip()
    return v if CARD_RE.match(v) else None


ESP_RID_RE = re.compile(r"[?&]esp_rid=([^&#]*)")


def esp_rid_from_url(url):
    if url is None:
        return None
    m = ESP_RID_RE.search(url)
    return normalize_esp_record_id(m.group(1)) if m else None
