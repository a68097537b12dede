"""Hand-written raw tables for every scenario of the product brief (docs/product.md).

One small synthetic business in which each scenario uses its own people, so that one dbt build
serves every scenario test. Values are written the way people and systems type them (mixed case,
spaces, national phone formats) to exercise staging on the way.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
# The column lists of the source contract, from the generator so that there is one copy.
from generate_demo_data import TABLE_COLUMNS as _ALL_COLUMNS  # noqa: E402

COLUMNS = {table: columns for table, columns in _ALL_COLUMNS.items() if table != "truth_identifiers"}

UA_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
UA_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/126.0.0.0 Safari/537.36")
UA_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
             "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
UA_IPAD = ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Version/17.5 Mobile/15E148 Safari/604.1")

# Cookie ids: lowercase uuids in canonical form; the raw rows sometimes shout them.
def cookie(n: int) -> str:
    return f"c0000000-0000-4000-8000-{n:012d}"


def device(n: int) -> str:
    return f"d0000000-0000-4000-8000-{n:012d}"


class Tables:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {name: [] for name in COLUMNS}
        self._event = 0

    def add(self, table: str, **values: object) -> None:
        unknown = set(values) - set(COLUMNS[table])
        assert not unknown, f"{table}: unknown columns {unknown}"
        self.rows[table].append({k: ("" if v is None else str(v)) for k, v in values.items()})

    def web(self, anonymous_id: str, event_type: str = "page_view", user_id: str | None = None,
            at: str = "2026-05-01T10:00:00Z", ua: str = UA_CHROME, url: str = "https://shop.example.com/",
            properties: str | None = None, event_id: str | None = None) -> None:
        self._event += 1
        self.add("web_events", event_id=event_id or f"w{self._event:06d}", occurred_at=at,
                 anonymous_id=anonymous_id, user_id=user_id, event_type=event_type, page_url=url,
                 user_agent=ua, ip_address="192.0.2.10", properties=properties)

    def app(self, device_id: str, account_id: str | None, platform: str = "ios",
            at: str = "2026-05-02T10:00:00Z") -> None:
        self._event += 1
        self.add("app_events", event_id=f"a{self._event:06d}", occurred_at=at, device_id=device_id,
                 app_user_id=account_id, platform=platform, device_model="iPhone15,2",
                 os_version="17.5", event_type="login", properties='{"screen": "home"}')

    def account(self, account_id: str, created_at: str = "2025-01-10T09:00:00Z", **extra: object) -> None:
        self.add("crm_accounts", account_id=account_id, created_at=created_at, country="US", **extra)

    def contact(self, account_id: str, kind: str, value: str, added_by: str = "customer",
                added_at: str = "2025-01-10T09:00:00Z", is_primary: str = "false") -> None:
        self.add("crm_contact_points", account_id=account_id, kind=kind, value=value,
                 is_primary=is_primary, added_at=added_at, added_by=added_by)

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        for table, columns in COLUMNS.items():
            with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns)
                writer.writeheader()
                for row in self.rows[table]:
                    writer.writerow({c: row.get(c, "") for c in columns})
        return folder


def build() -> Tables:
    t = Tables()

    # --- Anne: work account; an agent added her personal email; her father books her as a guest.
    t.account("acc_anne_work", first_name="Anne", last_name="Smith", company_name="Globex")
    t.contact("ACC_ANNE_WORK ", "email", "Anne.Smith@Globex-Corp.com", is_primary="true")
    t.contact("acc_anne_work", "phone", "(415) 555-0110", added_by="two_factor")
    t.contact("acc_anne_work", "email", "anne.s@gmail.com", added_by="agent", added_at="2025-06-01T12:00:00Z")
    t.add("esp_recipients", esp_record_id="esp_anne01", email="anne.s@gmail.com", created_at="2025-02-01T00:00:00Z")
    t.add("subscriptions", email="anne.s@gmail.com", list_name="newsletter_weekly", status="subscribed",
          updated_at="2025-02-01T00:00:00Z", source="footer")
    t.account("acc_bob_dad", first_name="Bob", last_name="Smith")
    t.contact("acc_bob_dad", "email", "bob.smith@yahoo.com")
    t.add("bookings", booking_id="bk_anne_trip", booked_at="2026-10-01T08:00:00Z", account_id="acc_bob_dad",
          item="Family trip to Lisbon", starts_at="2027-02-01T09:00:00Z")
    t.add("booking_guests", booking_id="bk_anne_trip", guest_no="1", first_name="Bob", last_name="Smith",
          email="bob.smith@yahoo.com")
    t.add("booking_guests", booking_id="bk_anne_trip", guest_no="2", first_name="Anne", last_name="Smith",
          email=" Anne.S@Gmail.com ")
    t.add("bookings", booking_id="bk_past_trip", booked_at="2025-01-01T08:00:00Z", account_id="acc_bob_dad",
          item="Past trip", starts_at="2025-03-01T09:00:00Z")
    t.add("booking_guests", booking_id="bk_past_trip", guest_no="1", first_name="Bob", last_name="Smith",
          email="bob.smith@yahoo.com")

    # --- Joe: office, personal and side-business accounts, one phone.
    for account, email in [("acc_joe_office", "joe@initech-supplies.com"),
                           ("acc_joe_personal", "joe.bloggs@outlook.com"),
                           ("acc_joe_side", "joe@joes-crafts.shop")]:
        t.account(account, first_name="Joe", last_name="Bloggs")
        t.contact(account, "email", email, is_primary="true")
        t.contact(account, "phone", "+1 415 555 0120", added_by="two_factor")
        t.add("orders", order_id=f"o_{account}", ordered_at="2026-04-01T10:00:00Z", account_id=account,
              email=email, channel="web", total_amount="42.00", currency="usd")

    # --- Julia: personal persona in Firefox, work persona in Chrome, one laptop, one 2FA phone.
    t.account("acc_julia_home", first_name="Julia", last_name="Roberts")
    t.contact("acc_julia_home", "email", "julia.r@gmail.com", is_primary="true")
    t.contact("acc_julia_home", "phone", "415.555.0130", added_by="two_factor")
    t.account("acc_julia_work", first_name="Julia", last_name="Roberts", company_name="Contoso Bank")
    t.contact("acc_julia_work", "email", "julia.roberts@contoso-bank.com", is_primary="true")
    t.contact("acc_julia_work", "phone", "+14155550130", added_by="two_factor")
    t.web(cookie(301), "login", user_id="acc_julia_home", ua=UA_FIREFOX)
    t.web(cookie(301), "quiz_answer", user_id="acc_julia_home", ua=UA_FIREFOX,
          properties='{"question": "current_job_title", "answer": "Data Engineer"}')
    t.web(cookie(302), "login", user_id="ACC_JULIA_WORK", ua=UA_CHROME)
    t.web(cookie(302), "quiz_answer", user_id="acc_julia_work", ua=UA_CHROME,
          properties='{"question": "current_job_title", "answer": "Risk Analyst at Contoso"}')
    t.add("subscriptions", email="Julia.R@gmail.com", list_name="job_alerts", status="subscribed",
          updated_at="2026-03-01T00:00:00Z", source="careers_page")
    t.add("subscriptions", email="julia.roberts@contoso-bank.com", list_name="newsletter_weekly",
          status="subscribed", updated_at="2026-03-01T00:00:00Z", source="footer")

    # --- Sam: peanut allergy on one account; a second account of Sam's joined by name+dob+address.
    for account, email in [("acc_sam_a", "sam.lee@gmail.com"), ("acc_sam_b", "sam.lee.cooks@yahoo.com")]:
        t.account(account, first_name="Sam", last_name="Lee", date_of_birth="1990-04-12",
                  street="12 Oak Street", city="Springfield", postal_code="62701")
        t.contact(account, "email", email, is_primary="true")
    t.add("preferences", account_id="acc_sam_a", kind="allergy", value="Peanut", updated_at="2026-01-01T00:00:00Z")

    # --- Consultant: one account per client, one 2FA phone: one person, five client personas,
    # plus her personal account and loyalty card on the same phone (seven nodes hold the phone).
    for n in (1, 2, 3, 4, 5):
        account = f"acc_carla_client{n}"
        t.account(account, created_at="2024-06-01T09:00:00Z", first_name="Carla", last_name="Diaz")
        t.contact(account, "email", f"carla@client-{n}.com", is_primary="true")
        t.contact(account, "phone", "+1 (415) 555-0140", added_by="two_factor")
    t.account("acc_carla_home", created_at="2024-07-01T09:00:00Z", first_name="Carla", last_name="Diaz")
    t.contact("acc_carla_home", "email", "carla.diaz@gmail.com", is_primary="true")
    t.contact("acc_carla_home", "phone", "415 555 0140")
    t.add("loyalty_members", loyalty_number="LC-0140", enrolled_at="2024-08-01T00:00:00Z", first_name="Carla",
          last_name="Diaz", phone="+14155550140")

    # --- Forwarded ESP link: Dana's link clicked from Eve's browser; Eve is logged in there.
    t.account("acc_dana")
    t.contact("acc_dana", "email", "dana.k@gmail.com")
    t.add("esp_recipients", esp_record_id="ESP_DANA01", email="dana.k@gmail.com", created_at="2025-02-01T00:00:00Z")
    t.web(cookie(601), "login", user_id="acc_dana")
    t.web(cookie(601), "page_view", url="https://shop.example.com/deals?utm_source=esp&esp_rid=esp_dana01")
    t.account("acc_eve")
    t.contact("acc_eve", "email", "eve.m@gmail.com")
    t.web(cookie(602), "login", user_id="acc_eve")
    t.web(cookie(602), "page_view", url="https://shop.example.com/deals?esp_rid=esp_dana01&utm_source=esp")

    # --- A publicly posted ESP link clicked from many anonymous browsers.
    t.add("esp_recipients", esp_record_id="esp_public1", email="frank.p@gmail.com", created_at="2025-02-01T00:00:00Z")
    for n in range(8):
        t.web(cookie(700 + n), "page_view", url="https://shop.example.com/?esp_rid=esp_public1")

    # --- A family iPad used by a mother and her son; a library PC used by many.
    for account, email in [("acc_mom", "grace.h@gmail.com"), ("acc_kid", "leo.h@gmail.com")]:
        t.account(account)
        t.contact(account, "email", email)
        t.web(cookie(801), "login", user_id=account, ua=UA_IPAD)
    for n in range(7):
        account = f"acc_library_user{n}"
        t.account(account)
        t.contact(account, "email", f"reader{n}@gmail.com")
        t.web(cookie(802), "login", user_id=account)

    # --- A shop phone number typed on strangers' store orders.
    for n in range(12):
        t.add("orders", order_id=f"o_shop{n}", ordered_at="2026-04-02T10:00:00Z", email=f"walkin{n}@gmail.com",
              phone="415-555-0999", channel="store", total_amount="10", currency="USD")

    # --- A role inbox on two different people's accounts at one company.
    for account, email in [("acc_acme_ann", "ann@acme-widgets.com"), ("acc_acme_ben", "ben@acme-widgets.com")]:
        t.account(account)
        t.contact(account, "email", email, is_primary="true")
        t.contact(account, "email", "Info@Acme-Widgets.com", added_by="import")

    # --- App-install prompts: two smartphone web browsers; only Hana has no app.
    t.account("acc_hana")
    t.contact("acc_hana", "email", "hana.k@gmail.com")
    t.web(cookie(901), "login", user_id="acc_hana", ua=UA_IPHONE)
    t.account("acc_ivan")
    t.contact("acc_ivan", "email", "ivan.p@gmail.com")
    t.web(cookie(902), "login", user_id="acc_ivan", ua=UA_IPHONE)
    t.app(device(902).upper(), "acc_ivan")

    # --- Content interest: a browser reading tax content, another watching one video.
    for n in range(4):
        t.web(cookie(1001), "page_view", url=f"https://shop.example.com/tax/{n}",
              properties='{"content_category": "tax"}')
    t.web(cookie(1002), "page_view", properties='{"content_category": "video"}')

    # --- Newsletter cross-promotion: Kim reads the weekly newsletter and left the deals list.
    t.account("acc_kim")
    t.contact("acc_kim", "email", "kim.t@gmail.com")
    t.add("subscriptions", email="kim.t@gmail.com", list_name="newsletter_weekly", status="subscribed",
          updated_at="2026-01-01T00:00:00Z", source="footer")
    t.add("subscriptions", email="kim.t@gmail.com", list_name="deals", status="subscribed",
          updated_at="2026-01-01T00:00:00Z", source="footer")
    t.add("subscriptions", email="kim.t@gmail.com", list_name="deals", status="unsubscribed",
          updated_at="2026-02-01T00:00:00Z", source="preference_center")
    t.add("subscriptions", email="someone.else@gmail.com", list_name="product_news", status="subscribed",
          updated_at="2026-01-01T00:00:00Z", source="footer")

    # --- A gift: Lea orders from her account with her friend Max's email (his account's own) as the
    # order's contact. A friend's email on one order is not the friend: they stay two persons.
    for account, email, first, dob in [("acc_lea", "lea.m@gmail.com", "Lea", "1990-06-21"),
                                       ("acc_max", "max.r@gmail.com", "Max", "1988-01-09")]:
        t.account(account, first_name=first, last_name="Example", date_of_birth=dob)
        t.contact(account, "email", email)
    t.add("orders", order_id="o_lea_gift", ordered_at="2026-04-03T10:00:00Z", account_id="acc_lea",
          email="max.r@gmail.com", channel="web", total_amount="30", currency="USD")
    # A second gift carries Max's phone, verified for his two-factor sign-in: it stays his.
    t.contact("acc_max", "phone", "+1 415 555 0160", added_by="two_factor")
    t.add("orders", order_id="o_lea_gift_2", ordered_at="2026-04-04T10:00:00Z", account_id="acc_lea",
          phone="(415) 555-0160", channel="web", total_amount="25", currency="USD")

    # --- A family landline: Eva and her husband Tom each order from their own accounts with the
    # home phone. Eva has a second account (same name and birthday, her mobile verified on both).
    # The landline is held by two people, so it joins neither; Eva's two accounts are one person.
    t.account("acc_eva", first_name="Eva", last_name="Novak", date_of_birth="1975-03-14")
    t.account("acc_eva_shop", first_name="Eva", last_name="Novak", date_of_birth="14/03/1975")
    t.account("acc_tom", first_name="Tom", last_name="Novak", date_of_birth="1972-11-02")
    for account in ["acc_eva", "acc_eva_shop"]:
        t.contact(account, "phone", "+1 415 555 0171", added_by="two_factor")
    for account in ["acc_eva", "acc_eva_shop", "acc_tom"]:
        t.contact(account, "email", f"{account[4:]}.novak@gmail.com")
        t.add("orders", order_id=f"o_{account}_home", ordered_at="2026-04-05T10:00:00Z", account_id=account,
              phone="415-555-0170", channel="web", total_amount="20", currency="USD")
    # Tom adds Eva's email to his account: one email on two people's accounts joins neither.
    t.contact("acc_tom", "email", "eva.novak@gmail.com", added_at="2026-01-05T09:00:00Z")
    # Their loyalty cards both carry the family's email (no account holds it): it joins neither.
    # Eva's card has her mobile; Tom presents his card on an order from his account.
    t.add("loyalty_members", loyalty_number="LC-0171", enrolled_at="2025-03-01T00:00:00Z", first_name="Eva",
          last_name="Novak", email="novak.family@gmail.com", phone="+1 415 555 0171", date_of_birth="1975-03-14")
    t.add("loyalty_members", loyalty_number="LC-0172", enrolled_at="2025-03-01T00:00:00Z", first_name="Tom",
          last_name="Novak", email="novak.family@gmail.com", date_of_birth="1972-11-02")
    t.add("orders", order_id="o_tom_card", ordered_at="2026-04-06T10:00:00Z", account_id="acc_tom",
          loyalty_number="LC-0172", channel="store", total_amount="12", currency="USD")

    # --- Erasure: Zed asks to be forgotten; everything that resolves to Zed must disappear.
    t.account("acc_zed", first_name="Zed", last_name="Zimmer")
    t.contact("acc_zed", "email", "zed.z@gmail.com")
    t.contact("acc_zed", "phone", "+1 415 555 0190", added_by="two_factor")
    t.web(cookie(1101), "login", user_id="acc_zed", ua=UA_IPHONE)
    t.add("subscriptions", email="zed.z@gmail.com", list_name="job_alerts", status="subscribed",
          updated_at="2026-01-01T00:00:00Z", source="footer")
    t.add("preferences", account_id="acc_zed", kind="allergy", value="gluten", updated_at="2026-01-01T00:00:00Z")
    t.add("bookings", booking_id="bk_zed", booked_at="2026-10-01T08:00:00Z", account_id="acc_zed",
          item="Zed trip", starts_at="2027-03-01T09:00:00Z")
    t.add("booking_guests", booking_id="bk_zed", guest_no="1", first_name="Zed", last_name="Zimmer",
          email="zed.z@gmail.com")
    t.add("erasure_requests", identifier_type="email", identifier_value=" ZED.Z@gmail.com",
          requested_at="2026-11-01T00:00:00Z")
    # Zed's values also sit in rows that cannot be staged: the purge finds them in quarantine too.
    t.add("subscriptions", email=" Zed.Z@Gmail.com ", list_name="deals", status="maybe",
          updated_at="2026-03-01T00:00:00Z")
    t.add("orders", order_id="o_zed_bad_time", ordered_at="yesterday", phone="+1 415 555 0190",
          channel="web", total_amount="5", currency="USD")

    # --- Hostile and broken rows: data, never code; some must be quarantined.
    t.web(cookie(1201), "page_view", url="https://shop.example.com/?q='; drop table x; --",
          properties='{"email": "x@y.com"', event_id="w_broken_json")
    t.web(cookie(1201), "form_submit", properties='{"email": "{{ var(\'x\') }}@evil.com"}',
          event_id="w_jinja")
    t.web(cookie(1201), "page_view", url="https://shop.example.com/\U0001F600{% macro x() %}",
          event_id="w_emoji")
    t.web(cookie(1201), "page_view", url="https://shop.example.com/" + "a" * 10000, event_id="w_huge")
    t.web("", "page_view", event_id="w_no_cookie")
    t.web(cookie(1202), "page_view", at="not-a-date", event_id="w_bad_time")
    t.web(cookie(1203), "page_view", at="2026-13-45T99:00:00", event_id="w_bad_time2")
    t.web(cookie(1204), "page_view", event_id="w_dup")
    t.web(cookie(1205), "page_view", event_id="w_dup", at="2026-05-03T10:00:00Z")
    t.web("undefined", "page_view", event_id="w_placeholder_cookie")
    t.add("crm_accounts", account_id="", created_at="2026-01-01T00:00:00Z")
    t.add("crm_contact_points", account_id="acc_kim", kind="fax", value="123")
    t.add("crm_contact_points", account_id="acc_kim", kind="email", value="not an email")
    t.add("orders", order_id="o_hostile", ordered_at="2026-04-02T10:00:00+02:00", email="\"quoted\"@x.com",
          phone="n/a", channel="web", total_amount="{{ 1 + 1 }}", currency="EUR")
    t.add("subscriptions", email="kim.t@gmail.com", list_name="deals", status="maybe",
          updated_at="2026-03-01T00:00:00Z")
    # --- Device profiles: a cookie seen mostly in one look takes it (three Chrome events, one
    # iPad: Chrome on Windows, desktop); a cookie seen as often in two takes, per attribute, the
    # smallest value (Firefox on Linux once, iPad once: firefox, ios, desktop).
    for ua in (UA_CHROME, UA_IPAD, UA_CHROME, UA_CHROME):
        t.web(cookie(1301), "page_view", ua=ua)
    for ua in (UA_IPAD, UA_FIREFOX):
        t.web(cookie(1302), "page_view", ua=ua)
    return t


def write(folder: Path) -> Path:
    return build().write(folder)
