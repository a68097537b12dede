"""Tests for scripts/generate_demo_data.py: contract shape, determinism, formats, truth, scenarios, noise."""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_demo_data.py"

_spec = importlib.util.spec_from_file_location("generate_demo_data", SCRIPT)
gen = importlib.util.module_from_spec(_spec)
sys.modules["generate_demo_data"] = gen
_spec.loader.exec_module(gen)
import demo_data.noise as gen_noise  # noqa: E402  (the package: the entry script put scripts/ on sys.path)

# GEN_TEST_SEED / GEN_TEST_PERSONS let one rerun the suite on other worlds.
PERSONS = int(os.environ.get("GEN_TEST_PERSONS", "1000"))
SEED = int(os.environ.get("GEN_TEST_SEED", "7"))

CONTRACT = {  # docs/source-contract.md, in order
    "web_events": "event_id occurred_at anonymous_id user_id event_type page_url referrer user_agent ip_address properties",
    "app_events": "event_id occurred_at device_id app_user_id platform device_model os_version event_type properties",
    "esp_recipients": "esp_record_id email created_at",
    "crm_accounts": "account_id created_at first_name last_name company_name date_of_birth street city postal_code country",
    "crm_contact_points": "account_id kind value is_primary added_at added_by",
    "orders": "order_id ordered_at account_id email phone loyalty_number ship_street ship_city ship_postal_code "
              "ship_country channel total_amount currency",
    "bookings": "booking_id booked_at account_id item starts_at",
    "booking_guests": "booking_id guest_no first_name last_name email phone",
    "loyalty_members": "loyalty_number enrolled_at first_name last_name email phone date_of_birth street city "
                       "postal_code country",
    "pos_transactions": "transaction_id occurred_at store_id loyalty_number card_token amount",
    "subscriptions": "email list_name status updated_at source",
    "preferences": "account_id kind value updated_at",
    "erasure_requests": "identifier_type identifier_value requested_at",
    "truth_identifiers": "identifier_type identifier_value person_key persona_key device_key",
}


def run(out: Path, persons=PERSONS, seed=SEED, fmt="parquet", chunk=5000, workers=1, noise=None):
    extra = {} if noise is None else {"person_noise": noise}
    gen.generate(persons, seed, str(out), fmt, chunk, workers=workers, **extra)
    return out


def read_parquet(d: Path) -> dict[str, list[dict]]:
    return {t: pq.read_table(d / f"{t}.parquet").to_pylist() for t in CONTRACT}


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], [tuple(v if v != "" else None for v in r) for r in rows[1:]]


def file_digest(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir())}


@pytest.fixture(scope="module")
def main_dir(tmp_path_factory):
    return run(tmp_path_factory.mktemp("main"), fmt="both")


@pytest.fixture(scope="module")
def data(main_dir):
    return read_parquet(main_dir)


@pytest.fixture(scope="module")
def truth(data):
    return data["truth_identifiers"]


@pytest.fixture(scope="module")
def owners(truth):
    """(type, canonical value) -> list of truth rows."""
    out = defaultdict(list)
    for row in truth:
        out[(row["identifier_type"], row["identifier_value"])].append(row)
    return out


def raw_identifiers(data):
    """Every identifier written in a raw table, as (type, raw value, row country)."""
    acc_country = {}
    for a in data["crm_accounts"]:
        acc = gen.normalize_account_id(a["account_id"])
        if acc:
            acc_country[acc] = a["country"]
    out = []
    add = out.append
    for e in data["web_events"]:
        add(("anonymous_id", e["anonymous_id"], None))
        add(("account_id", e["user_id"], None))
        m = gen.ESP_RID_RE.search(e["page_url"] or "")
        if m:
            add(("esp_record_id", m.group(1), None))
        try:
            props = json.loads(e["properties"] or "null")
        except ValueError:
            props = None
        if isinstance(props, dict) and isinstance(props.get("email"), str):
            add(("email", props["email"], None))
    for e in data["app_events"]:
        add(("device_id", e["device_id"], None))
        add(("account_id", e["app_user_id"], None))
    for e in data["esp_recipients"]:
        add(("esp_record_id", e["esp_record_id"], None))
        add(("email", e["email"], None))
    for e in data["crm_accounts"]:
        add(("account_id", e["account_id"], None))
    for e in data["crm_contact_points"]:
        add(("account_id", e["account_id"], None))
        if e["kind"] in ("email", "phone"):
            add((e["kind"], e["value"], acc_country.get(gen.normalize_account_id(e["account_id"]))))
    for e in data["orders"]:
        add(("account_id", e["account_id"], None))
        add(("email", e["email"], None))
        add(("phone", e["phone"], e["ship_country"]))
        add(("loyalty_number", e["loyalty_number"], None))
    for e in data["bookings"]:
        add(("account_id", e["account_id"], None))
    for e in data["booking_guests"]:
        add(("email", e["email"], None))
        add(("phone", e["phone"], None))
    for e in data["loyalty_members"]:
        add(("loyalty_number", e["loyalty_number"], None))
        add(("email", e["email"], None))
        add(("phone", e["phone"], e["country"]))
    for e in data["pos_transactions"]:
        add(("loyalty_number", e["loyalty_number"], None))
        add(("card_token", e["card_token"], None))
    for e in data["subscriptions"]:
        add(("email", e["email"], None))
    for e in data["preferences"]:
        add(("account_id", e["account_id"], None))
    for e in data["erasure_requests"]:
        if e["identifier_type"] in gen.IDENTIFIER_TYPES:
            add((e["identifier_type"], e["identifier_value"], None))
    return [x for x in out if x[1] is not None]


NORMALIZE = {
    "email": lambda v, c: gen.normalize_email(v),
    "phone": lambda v, c: gen.normalize_phone(v, c),
    "account_id": lambda v, c: gen.normalize_account_id(v),
    "anonymous_id": lambda v, c: gen.normalize_uuid(v),
    "device_id": lambda v, c: gen.normalize_uuid(v),
    "esp_record_id": lambda v, c: gen.normalize_esp_record_id(v),
    "loyalty_number": lambda v, c: gen.normalize_loyalty_number(v),
    "card_token": lambda v, c: gen.normalize_card_token(v),
}


@pytest.fixture(scope="module")
def canonical_raw(data):
    """(type, canonical) for every raw identifier that normalises; plus the junk ones."""
    good, junk = set(), []
    for t, v, c in raw_identifiers(data):
        canon = NORMALIZE[t](v, c)
        if canon is None:
            junk.append((t, v))
        else:
            good.add((t, canon))
    return good, junk


# ---------------------------------------------------------------------------- shape & CLI
def test_help_runs():
    res = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0
    for flag in ("--persons", "--seed", "--out", "--format", "--chunk-persons"):
        assert flag in res.stdout


def test_cli_writes_summary(tmp_path):
    res = subprocess.run([sys.executable, str(SCRIPT), "--persons", "50", "--seed", "3", "--out", str(tmp_path),
                          "--format", "csv", "--quiet"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    for t in CONTRACT:
        assert any(line.startswith(t + " ") for line in res.stdout.splitlines()), t
        assert (tmp_path / f"{t}.csv").exists()


def test_all_files_with_contract_columns(main_dir):
    for t, cols in CONTRACT.items():
        for ext in ("parquet", "csv"):
            assert (main_dir / f"{t}.{ext}").exists(), f"{t}.{ext}"
        schema = pq.read_schema(main_dir / f"{t}.parquet")
        assert schema.names == cols.split(), t
        assert all(str(f.type) == "string" for f in schema), t
        header, _ = read_csv_rows(main_dir / f"{t}.csv")
        assert header == cols.split(), t


def test_every_table_has_rows(data):
    for t, rows in data.items():
        assert rows, t


def test_csv_and_parquet_hold_the_same_rows(main_dir, data):
    for t, cols in CONTRACT.items():
        _, csv_rows = read_csv_rows(main_dir / f"{t}.csv")
        pq_rows = [tuple(r[c] for c in cols.split()) for r in data[t]]
        assert csv_rows == pq_rows, t
        assert not any(v == "" for r in pq_rows for v in r), f"{t}: empty string instead of NULL"


# ---------------------------------------------------------------------------- determinism
def test_same_seed_same_bytes_other_seed_differs(tmp_path, main_dir):
    a = run(tmp_path / "a", fmt="both")
    assert file_digest(a) == file_digest(main_dir)
    b = run(tmp_path / "b", seed=SEED + 1)
    assert pq.read_table(b / "truth_identifiers.parquet") != pq.read_table(a / "truth_identifiers.parquet")
    assert pq.read_table(b / "web_events.parquet") != pq.read_table(a / "web_events.parquet")


def test_chunk_size_and_workers_do_not_change_rows(tmp_path):
    small = read_parquet(run(tmp_path / "small", persons=1200, chunk=100, workers=2))
    big = read_parquet(run(tmp_path / "big", persons=1200, chunk=5000))
    for t in CONTRACT:
        assert small[t] == big[t], t


# ---------------------------------------------------------------------------- truth
def test_truth_values_are_canonical(truth):
    assert truth
    for row in truth:
        t, v = row["identifier_type"], row["identifier_value"]
        assert t in gen.IDENTIFIER_TYPES
        assert gen.CANONICAL_RE[t].match(v), (t, v)
        assert NORMALIZE[t](v, None if t != "phone" else "US") == v, (t, v)
        assert row["person_key"] and row["person_key"].startswith("P")
        if t in ("anonymous_id", "device_id"):
            assert row["device_key"] and row["persona_key"], row
        else:
            assert row["device_key"] is None, row
        if t in ("loyalty_number", "card_token"):
            assert row["persona_key"] is None, row
        if t in ("email", "account_id", "esp_record_id"):
            assert row["persona_key"] and row["persona_key"].startswith(row["person_key"] + "-"), row


def test_truth_rows_unique(truth):
    keys = [tuple(r.values()) for r in truth]
    assert len(keys) == len(set(keys))


def test_every_valid_raw_identifier_is_in_truth(canonical_raw, owners):
    good, _ = canonical_raw
    missing = [x for x in good if x not in owners]
    assert not missing, missing[:20]


def test_truth_only_lists_identifiers_seen_in_raw(canonical_raw, owners):
    good, _ = canonical_raw
    extra = [k for k in owners if k not in good]
    assert not extra, extra[:20]


def test_junk_present_and_never_in_truth(canonical_raw, owners):
    _, junk = canonical_raw
    kinds = {t for t, _ in junk}
    assert {"email", "phone", "device_id"} <= kinds, kinds
    values = {v for _, v in owners}
    assert not [v for _, v in junk if v.strip().lower() in values]
    assert (gen.ZERO_UUID.upper() in {v for t, v in junk if t == "device_id"}
            or gen.ZERO_UUID in {v for t, v in junk if t == "device_id"})


def test_raw_variants_present(data):
    emails = [r["value"] for r in data["crm_contact_points"] if r["kind"] == "email"]
    assert any(e != e.strip() for e in emails)
    assert any(e != e.lower() for e in emails)
    phones = [r["phone"] for r in data["orders"] if r["phone"]] + \
             [r["value"] for r in data["crm_contact_points"] if r["kind"] == "phone"]
    assert any(p.startswith("+") for p in phones)
    assert any(p.startswith("00") for p in phones)
    assert any(p.startswith("(") or p.startswith("0") and not p.startswith("00") for p in phones)
    devices = [r["device_id"] for r in data["app_events"]]
    assert any(d != d.lower() for d in devices)                     # iOS ids upper-case
    accounts = [r["account_id"] for r in data["crm_accounts"] if r["account_id"]]
    assert any(a != a.strip().lower() for a in accounts)
    loyalty = [r["loyalty_number"] for r in data["pos_transactions"] if r["loyalty_number"]]
    assert any(" " in x or "-" in x for x in loyalty)
    countries = {r["country"] for r in data["crm_accounts"]}
    assert {"Germany", "de"} & countries or any(c and len(c) > 2 for c in countries)
    dobs = [r["date_of_birth"] for r in data["crm_accounts"] if r["date_of_birth"]]
    assert any("/" in d for d in dobs) and any("-" in d for d in dobs)
    names = " ".join(filter(None, (r["first_name"] for r in data["crm_accounts"])))
    assert any(ord(ch) > 127 for ch in names)


def test_timestamps_iso_and_in_window(data):
    seen = set()
    for t, col in (("web_events", "occurred_at"), ("app_events", "occurred_at"), ("orders", "ordered_at")):
        for row in data[t]:
            v = row[col]
            if v is None or v in gen.BAD_TIMESTAMPS or not v.strip():
                continue
            seen.add("Z" if v.endswith("Z") else "offset" if v[-6] in "+-" else "naive")
            assert "2025-01-01" <= v[:10] <= "2026-11-21", v
    assert seen == {"Z", "offset", "naive"}
    starts = [r["starts_at"][:10] for r in data["bookings"] if r["starts_at"]]
    upcoming = sum(s > "2026-11-27" for s in starts) / len(starts)
    assert 0.3 < upcoming < 0.7
    assert any(s.startswith("2027") for s in starts)


# ---------------------------------------------------------------------------- scenarios
def test_person_with_several_personas(truth):
    personas = defaultdict(set)
    for r in truth:
        if r["persona_key"]:
            personas[r["person_key"]].add(r["persona_key"])
    assert max(len(v) for v in personas.values()) >= 2
    assert sum(len(v) >= 2 for v in personas.values()) > 0.2 * len(personas)


def _device_owners(owners, kinds=("anonymous_id", "device_id")):
    return {k: v for k, v in owners.items() if k[0] in kinds}


def test_shared_browser_of_two_personas(owners):
    assert any(len({r["person_key"] for r in rows}) == 1 and len({r["persona_key"] for r in rows}) == 2
               for rows in _device_owners(owners, ("anonymous_id",)).values())


def test_family_and_public_devices(owners):
    n_persons = [len({r["person_key"] for r in rows}) for rows in _device_owners(owners).values()]
    assert any(2 <= n <= 4 for n in n_persons)                      # family tablet
    assert any(n >= 20 for n in n_persons)                          # library / kiosk


def _esp_clicks(data):
    for e in data["web_events"]:
        rid = gen.esp_rid_from_url(e["page_url"])
        anon = gen.normalize_uuid(e["anonymous_id"])
        if rid and anon:
            yield rid, anon


def test_forwarded_and_posted_esp_links(data, owners):
    forwarded = 0
    browsers = defaultdict(set)
    for rid, anon in _esp_clicks(data):
        browsers[rid].add(anon)
        esp_people = {r["person_key"] for r in owners[("esp_record_id", rid)]}
        anon_people = {r["person_key"] for r in owners[("anonymous_id", anon)]}
        assert esp_people
        if not esp_people & anon_people:
            forwarded += 1
    assert forwarded > 0
    assert max(len(v) for v in browsers.values()) >= 30


def test_role_email_shared_by_several_persons(owners):
    roles = [k for k, rows in owners.items() if k[0] == "email" and k[1].split("@")[0] in gen.ROLE_LOCALS
             and len({r["person_key"] for r in rows}) >= 2]
    assert roles


def test_shop_phone_on_orders_of_several_persons(data, owners):
    order_phones = {gen.normalize_phone(o["phone"], o["ship_country"]) for o in data["orders"] if o["phone"]}
    shared = [p for p in order_phones if p and len({r["person_key"] for r in owners[("phone", p)]}) >= 3]
    assert shared


def _account_emails(data):
    out = defaultdict(list)
    for cp in data["crm_contact_points"]:
        acc, email = gen.normalize_account_id(cp["account_id"]), gen.normalize_email(cp["value"])
        if cp["kind"] == "email" and acc and email:
            out[acc].append((email, cp["added_by"]))
    return out


def _is_free(email):
    dom = email.split("@")[1]
    return dom in gen.FREE_MAIL_DOMAINS or any(dom in v for v in gen.DOMAIN_TYPOS.values())


def test_agent_added_personal_email_on_business_account(data):
    found = False
    for acc, emails in _account_emails(data).items():
        agent_personal = [e for e, by in emails if by == "agent" and _is_free(e)]
        business = [e for e, by in emails if by != "agent" and not _is_free(e)]
        found |= bool(agent_personal and business)
    assert found


def test_customer_added_emails_never_mix_contexts(data):
    for acc, emails in _account_emails(data).items():
        kinds = {_is_free(e) for e, by in emails if by == "customer"}
        assert len(kinds) <= 1, (acc, emails)


def test_consultant_phone_on_three_accounts(data, owners):
    accounts_by_phone = defaultdict(set)
    country = {gen.normalize_account_id(a["account_id"]): a["country"] for a in data["crm_accounts"]}
    for cp in data["crm_contact_points"]:
        if cp["kind"] == "phone" and cp["added_by"] == "two_factor":
            acc = gen.normalize_account_id(cp["account_id"])
            ph = gen.normalize_phone(cp["value"], country.get(acc))
            if acc and ph:
                accounts_by_phone[ph].add(acc)
    best = max(accounts_by_phone.values(), key=len)
    assert len(best) >= 3
    persons = {r["person_key"] for a in best for r in owners[("account_id", a)]}
    assert len(persons) == 1


def test_allergy_on_one_account_of_a_multi_account_person(data, owners):
    allergy_accounts = {gen.normalize_account_id(p["account_id"]) for p in data["preferences"] if p["kind"] == "allergy"}
    assert allergy_accounts
    accounts_of = defaultdict(set)
    for (t, v), rows in owners.items():
        if t == "account_id":
            for r in rows:
                accounts_of[r["person_key"]].add(v)
    multi = [a for a in allergy_accounts if a and len(accounts_of[owners[("account_id", a)][0]["person_key"]]) >= 2]
    assert multi


def test_job_alerts_only_to_personal_emails(data):
    jobs = [gen.normalize_email(s["email"]) for s in data["subscriptions"] if s["list_name"] == "job_alerts"]
    jobs = [e for e in jobs if e]
    assert jobs
    assert all(_is_free(e) for e in jobs), [e for e in jobs if not _is_free(e)]


def test_anne_booking_guest_with_personal_email(data, owners):
    # a guest email that is a personal address of a person whose business account holds it via an agent
    agent_personal = {e for emails in _account_emails(data).values() for e, by in emails if by == "agent"}
    guest_emails = {gen.normalize_email(g["email"]) for g in data["booking_guests"]}
    assert agent_personal & guest_emails


def test_erasure_requests_resolve(data, owners):
    rows = [e for e in data["erasure_requests"] if e["identifier_type"] in gen.IDENTIFIER_TYPES]
    resolved = [e for e in rows if (e["identifier_type"], NORMALIZE[e["identifier_type"]](e["identifier_value"], None))
                in owners]
    assert resolved


def _all_strings(data):
    for t, rows in data.items():
        for r in rows:
            for v in r.values():
                if v:
                    yield t, v


def test_hostile_strings_and_broken_json(data):
    values = list(_all_strings(data))
    joined = {v for _, v in values}
    assert any("{{ var('x') }}" in v for v in joined)
    assert any("{% macro" in v for v in joined)
    assert any("'; drop table x; --" in v for v in joined)
    assert any('"' in v and "'" in v for v in joined)
    assert any("\n" in v for v in joined)
    assert any(len(v) >= 10240 for v in joined)
    assert any(any(ord(c) > 0xFFFF for c in v) for v in joined)      # emoji
    tables_with_hostile = {t for t, v in values if v in gen.HOSTILE_VALUES}
    assert len(tables_with_hostile) >= 10, tables_with_hostile
    broken = 0
    for e in data["web_events"]:
        try:
            json.loads(e["properties"])
        except (TypeError, ValueError):
            broken += 1
    assert broken


def test_quarantine_rows(data):
    ids = [e["event_id"] for e in data["web_events"]]
    assert len(ids) != len(set(ids))                                 # duplicate event_id
    bad_ts = {e["occurred_at"] for e in data["web_events"]} & set(gen.BAD_TIMESTAMPS)
    assert bad_ts
    for t, spec in gen.BAD_ROW_SPECS.items():
        rows = data[t]
        empty_required = any(any(r[c] is None or not r[c].strip() for c in spec["required"]) for r in rows)
        assert empty_required, t


# ---------------------------------------------------------------------------- person-record noise
PERSON_TABLES = {  # table -> person-describing columns (scripts/demo_data/noise.py PERSON_FIELDS)
    "crm_accounts": ["first_name", "last_name", "date_of_birth", "street", "city", "postal_code"],
    "loyalty_members": ["first_name", "last_name", "date_of_birth", "street", "city", "postal_code"],
    "booking_guests": ["first_name", "last_name"],
    "orders": ["ship_street", "ship_city", "ship_postal_code"],
}


@pytest.fixture(scope="module")
def clean_data(tmp_path_factory):
    """The same world as ``data`` without person-record noise."""
    return read_parquet(run(tmp_path_factory.mktemp("clean"), noise=0.0))


def _one_edit(a: str, b: str) -> bool:
    """b is a with one insert, delete, substitution or transposition of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _valid_date(text: str) -> bool:
    from datetime import datetime
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            datetime.strptime(text.strip(), fmt)
            return True
        except ValueError:
            pass
    return False


def noise_kinds(clean: dict, noisy: dict) -> dict[str, int]:
    """What the noise did, read from the difference of the same rows with and without it."""
    kinds = defaultdict(int)
    for table, cols in PERSON_TABLES.items():
        assert len(clean[table]) == len(noisy[table]), table
        for a, b in zip(clean[table], noisy[table]):
            if a == b:
                continue
            kinds[f"rows:{table}"] += 1
            changed = [c for c in a if a[c] != b[c]]
            assert set(changed) <= set(cols) | {"email", "phone", "loyalty_number"}, (table, changed)
            for c in set(changed) - set(cols):        # identifiers are only ever left out, never altered
                assert b[c] is None, (table, c)
                kinds[f"details_only:{table}"] += 1
            if "first_name" in changed and "last_name" in changed and \
                    (a["first_name"], a["last_name"]) == (b["last_name"], b["first_name"]):
                kinds["swapped_names"] += 1
            street, postal = ("ship_street", "ship_postal_code") if table == "orders" else ("street", "postal_code")
            if street in changed and postal in changed and b[street] and b[postal]:
                kinds["moved"] += 1
            for c in (c for c in changed if c in cols):
                x, y = a[c], b[c]
                if y is None or not y.strip():
                    kinds["blank" if c != "date_of_birth" else "dob_missing_or_blank"] += 1
                elif c == "date_of_birth":
                    kinds["dob_impossible" if not _valid_date(y) else "dob_day_month"] += 1
                elif c == postal and x and sorted(x) == sorted(y) and _one_edit(x, y):
                    kinds["postcode_transposed"] += 1
                elif c in ("first_name", "last_name", "street", "city", "ship_street", "ship_city") and x \
                        and _one_edit(x, y):
                    kinds["typo"] += 1
                elif c == "first_name" and x and (x.strip().title() in gen_noise.NICKNAMES_TITLE):
                    kinds["nickname"] += 1
    return dict(kinds)


def test_person_noise_kinds_and_rates(clean_data, data):
    kinds = noise_kinds(clean_data, data)
    for kind in ("typo", "nickname", "swapped_names", "dob_missing_or_blank", "dob_impossible", "dob_day_month",
                 "moved", "postcode_transposed", "blank"):
        assert kinds.get(kind, 0) > 0, (kind, kinds)
    rate = gen_noise.PERSON_NOISE_DEFAULT
    for table in ("crm_accounts", "booking_guests", "orders"):
        share = kinds[f"rows:{table}"] / len(data[table])
        assert 0.5 * rate < share < 1.5 * rate, (table, share)


def test_person_noise_touches_only_person_tables(clean_data, data):
    for table in CONTRACT:
        if table not in PERSON_TABLES and table != "truth_identifiers":
            assert clean_data[table] == data[table], table


def test_person_noise_rate_is_the_option(tmp_path, clean_data, data):
    """More noise changes more rows; noise 0 changes none (the clean world is the same rows)."""
    heavy = read_parquet(run(tmp_path / "heavy", noise=0.5))
    light, strong = noise_kinds(clean_data, data), noise_kinds(clean_data, heavy)
    assert strong["rows:crm_accounts"] > 2 * light["rows:crm_accounts"]
    again = read_parquet(run(tmp_path / "zero", noise=0.0))
    assert noise_kinds(clean_data, again) == {}
    with pytest.raises(ValueError):
        run(tmp_path / "bad", noise=1.5)


def test_noise_classifier_sees_a_wrong_edit():
    """Negative control of the classifier: two edits are no typo, a reordering no transposition."""
    assert _one_edit("Garcia", "Garia") and _one_edit("Portland", "Protland") and _one_edit("Anne", "Annne")
    assert not _one_edit("Garcia", "Gracai") and not _one_edit("Garcia", "Garcia")
    assert not _valid_date("2001-02-30") and not _valid_date("2001-13-01") and _valid_date("30/01/2001")


def test_details_only_loyalty_members_share_no_identifier(data, truth):
    """A loyalty member without e-mail or phone whose card is on no order, held by a person with an
    account: only the details can link the two records."""
    person_of = {(r["identifier_type"], r["identifier_value"]): r["person_key"] for r in truth}
    on_orders = {gen.normalize_loyalty_number(o["loyalty_number"]) for o in data["orders"] if o["loyalty_number"]}
    persons_with_account = {r["person_key"] for r in truth if r["identifier_type"] == "account_id"}
    found = 0
    for m in data["loyalty_members"]:
        number = gen.normalize_loyalty_number(m["loyalty_number"])
        if number is None or m["email"] or m["phone"] or number in on_orders:
            continue
        if person_of.get(("loyalty_number", number)) in persons_with_account:
            found += 1
    assert found >= 0.05 * len(data["loyalty_members"]), found
