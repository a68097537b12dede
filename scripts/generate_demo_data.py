#!/usr/bin/env python3
"""Generate the synthetic demo business for the identity-resolution project.

Writes the 13 raw tables of docs/source-contract.md (one file per table, named after the
table, every column as text) plus ``truth_identifiers`` (identifier_type, identifier_value,
person_key, persona_key, device_key): the true owner(s) of every valid identifier that
appears in the raw tables, in CANONICAL form.

    python scripts/generate_demo_data.py --persons 100000 --seed 42 --out data/demo

Design
------
* The world is built in fixed blocks of BLOCK_PERSONS persons. Every block has its own
  numpy Generator (``default_rng([seed, 1, block])``; scalar draws inside the per-person
  loops use a ``random.Random`` seeded from it), and everything that ties persons together
  (households, companies and their role inboxes, family and public devices, forwarded and
  publicly posted e-mail links, gift e-mails, booking guests) lives inside one block. So the
  output depends only on --persons and --seed, never on --chunk-persons, which only says how
  many persons are buffered before a write (rounded up to whole blocks). Bulk event rows are
  vectorised with numpy/pyarrow per block; tables are appended chunk by chunk to one
  pyarrow ParquetWriter / csv writer per table, so memory stays flat whatever --persons is.
* Identifiers that must be unique are derived injectively from global indices (account ids,
  ESP record ids, loyalty numbers, phone numbers, side-business domains) or carry a
  block-unique part (free-mail local parts end in a number unique to the block, company
  domains are block-local), so no state crosses blocks.
* Rare scenarios (public device, publicly posted link, consultant, ...) are drawn per block
  from their rate, and the first block always holds at least one of each, so a small run
  (a few hundred persons) still shows every scenario. The first block also always holds a
  few hostile and quarantine rows per table.

Canonical forms (what truth_identifiers holds; the staging normalisers must agree; the
``normalize_*`` functions below are the reference):
* email          trim, lowercase; valid when it matches EMAIL_RE (ASCII local part and
                 domain, a dot and a 2+ letter TLD). ``n/a``, ``test@``, ``none@none`` are junk.
* phone          E.164. Trim; ``+`` or ``00`` prefix = international; otherwise a national
                 number read in the row's country (crm_contact_points: the account's
                 crm_accounts.country; orders: ship_country; loyalty_members: country),
                 default US. NANP (US, CA): 10 digits (or 11 with a leading 1), area code and
                 exchange start 2-9. GB, DE, FR, NL, AU: a leading trunk ``0`` is dropped.
                 ES, IT: no trunk prefix, the national number is kept as is. Valid: ``+``,
                 8-15 digits not starting 0, national part not starting 0 (except IT), no
                 run of 8+ equal digits.
* account_id     trim, lowercase: ``acc_`` + 7 or more digits.
* anonymous_id, device_id   trim, lowercase uuid; the all-zero uuid is junk (opted out).
* esp_record_id  trim, lowercase: ``esp_`` + 10 hex digits (in web_events: the ``esp_rid``
                 query parameter of page_url).
* loyalty_number digits only (spaces and dashes dropped): 10 digits.
* card_token     trim: ``tok_`` + 16 ASCII letters/digits, case kept.
* country        ISO2 upper-case; lower-case codes and English names (``Germany``) map to it.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import json
import multiprocessing
import os
import random
import re
import sys
import time
import unicodedata
import uuid
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from raw_contract import identifier_types, raw_tables  # noqa: E402

# --------------------------------------------------------------------------------------
# Output contract
# --------------------------------------------------------------------------------------
# The columns of the source contract and the identifier types: the one list in dbt_project.yml.
TABLE_COLUMNS: dict[str, list[str]] = {table: list(c["columns"]) for table, c in raw_tables().items()}
TRUTH_TABLE = "truth_identifiers"
TRUTH_COLUMNS = ["identifier_type", "identifier_value", "person_key", "persona_key", "device_key"]
ALL_TABLES = list(TABLE_COLUMNS) + [TRUTH_TABLE]
IDENTIFIER_TYPES = identifier_types()

# --------------------------------------------------------------------------------------
# Time window
# --------------------------------------------------------------------------------------
ACTIVITY_START = int(datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp())
ACTIVITY_END = int(datetime(2026, 11, 20, 23, 59, 59, tzinfo=timezone.utc).timestamp())
ACTIVITY_SPAN = ACTIVITY_END - ACTIVITY_START
UPCOMING_FROM = int(datetime(2026, 11, 28, tzinfo=timezone.utc).timestamp())   # "after 2026-11-27"
UPCOMING_TO = int(datetime(2027, 9, 30, tzinfo=timezone.utc).timestamp())
BOOKING_UPCOMING_SHARE = 0.5      # share of bookings whose starts_at is after 2026-11-27
DAY = 86400

# Timestamp text styles: "2026-03-04T10:11:12Z", local time with offset, or no offset (= UTC).
TS_STYLE_Z, TS_STYLE_OFFSET, TS_STYLE_NAIVE = 0, 1, 2
TS_STYLE_PROBS = (0.72, 0.18, 0.10)
APP_MILLIS_SHARE = 0.35            # app SDK timestamps often carry milliseconds

# --------------------------------------------------------------------------------------
# World structure and rates (per person unless said otherwise)
# --------------------------------------------------------------------------------------
BLOCK_PERSONS = 500                # generation unit; all cross-person ties stay in a block
COMPANIES_PER_BLOCK = BLOCK_PERSONS // 20   # ~N/20 companies
PERSONA_COUNT_WEIGHTS = {1: 0.55, 2: 0.35, 3: 0.10}
SINGLE_PERSONA_KIND_WEIGHTS = {"personal": 0.85, "business": 0.10, "side": 0.05}
TWO_PERSONA_BUSINESS_SHARE = 0.75  # two personas: personal+business, else personal+side
ACCOUNT_RATE = 0.85                # personas that hold an account
SECOND_EMAIL_RATE = {"personal": 0.25, "business": 0.12, "side": 0.30, "client": 0.0}
HOUSEHOLD_START_RATE = 0.30        # a person starts a household of 2-4 with the next persons
HOUSEHOLD_SIZE_WEIGHTS = {2: 0.5, 3: 0.3, 4: 0.2}
HOUSEHOLD_SAME_LAST_NAME = 0.70
FAMILY_DEVICE_PERSON_RATE = 0.03   # persons living in a household that shares one device
PHONE_OWNER_RATE = 0.92            # persons with a personal mobile
IOS_SHARE = 0.45
DEVICE_COUNT_WEIGHTS = {1: 0.35, 2: 0.35, 3: 0.20, 4: 0.10}
APP_INSTALL_SHARE = 0.30           # devices that are app installs (rest: browsers)
WEB_FORM_WEIGHTS = {"desktop": 0.55, "phone": 0.35, "tablet": 0.10}
SHARED_BROWSER_RATE = 0.08         # multi-persona persons with one browser used by two personas
PUBLIC_DEVICE_RATE = 5 / 100_000   # library / kiosk browsers
PUBLIC_DEVICE_USERS = (20, 200)
CONSULTANT_RATE = 0.01             # one business account per client, all with the same 2FA phone
CONSULTANT_CLIENTS = (3, 5)
AGENT_PERSONAL_EMAIL_RATE = 0.02   # Anne: agent adds the personal email to the business account
JOB_HUNTER_RATE = 0.05             # Julia: job_alerts only with a personal-persona email
ALLERGY_ACCOUNT_RATE = 0.05        # Sam: allergy on ONE of the person's accounts
ERASURE_RATE = 0.002
ROLE_COMPANY_RATE = 0.15           # companies with a shared role inbox (info@, sales@, ...)
ROLE_EMAIL_RATE = 0.35             # business accounts of such a company that add the role inbox
TWO_FACTOR_RATE = 0.40             # accounts with the person's mobile as 2FA phone
CUSTOMER_PHONE_RATE = 0.35         # accounts with the mobile added by the customer
WORK_PHONE_RATE = 0.15             # business personas with their own work phone
ESP_KNOWN_RATE = 0.80              # emails known to the ESP
ESP_CLICKS_MEAN = 1.0              # click-throughs per ESP record
ESP_FORWARD_RATE = 0.05            # ESP clicks made from a browser of a different person
POSTED_LINK_RATE = 3 / 100_000     # ESP links posted publicly
POSTED_LINK_CLICKS = (30, 300)
ESP_RID_UPPER_RATE = 0.03
SIGNUP_EVENT_RATE = 0.5            # accounts whose signup shows in web_events
FORM_SUBMIT_MEAN = 0.3             # form submits per web usage
GIFT_EMAIL_RATE = 0.05             # form submits carrying someone else's email
ORDERS_MEAN_ACCOUNT = 1.4
ORDERS_MEAN_GUEST = 0.5
CHANNEL_WEIGHTS = {"web": 0.55, "app": 0.20, "store": 0.15, "phone": 0.10}
SHOP_PHONE_RATE = 0.30             # store/phone orders without a customer phone: clerk types the shop's
SHOP_PHONE_STORES = 5              # the handful of stores whose numbers end up on strangers' orders
BOOKER_RATE = {"personal": 0.12, "business": 0.10, "side": 0.03, "client": 0.10}
LOYALTY_RATE = 0.35
POS_NON_MEMBER_RATE = 0.25
LOYALTY_SWIPE_RATE = 0.75
CARD_PAYMENT_RATE = 0.85
OPTED_OUT_IOS_RATE = 0.02          # iOS installs whose advertising id is all zeros
# raw format variants and junk
EMAIL_VARIANT_RATE = 0.10
EMAIL_TYPO_RATE = 0.01
EMAIL_JUNK_RATE = 0.005
PHONE_JUNK_RATE = 0.003
ACCOUNT_VARIANT_RATE = 0.08
LOYALTY_VARIANT_RATE = 0.20
CARD_VARIANT_RATE = 0.05
NAME_VARIANT_RATE = 0.10
# bad rows, per table and block
HOSTILE_ROW_RATE = 0.0005
QUARANTINE_ROW_RATE = 0.001
FIRST_BLOCK_MIN_BAD_ROWS = 3       # hostile and quarantine rows per table in block 0 at least
# event volumes
WEB_SESSIONS_MEAN = 2.0            # extra sessions beyond the first, per usage (exponential)
WEB_EVENTS_PER_SESSION = 2.2       # Poisson mean of events beyond the first
APP_SESSIONS_MEAN = 2.5
APP_EVENTS_PER_SESSION = 3.0
SESSION_LOGIN_RATE = 0.5           # later sessions of a logged-in usage that log in again
WEB_LOGGED_IN_RATE = 0.70          # web usages of a persona with an account that ever log in
APP_LOGGED_IN_RATE = 0.90
APP_USER_ID_ON_EVENT = 0.90        # events of a logged-in app session carrying app_user_id
MOBILE_IP_SHARE = {"desktop": 0.05, "phone": 0.6, "tablet": 0.15, "app": 0.5}

BLOCK_STREAM = 1
WORLD_STREAM = 2

# --------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------
COUNTRY_WEIGHTS = {"US": 35, "GB": 15, "DE": 15, "FR": 10, "NL": 5, "ES": 5, "IT": 5, "CA": 5, "AU": 5}
COUNTRY_NAMES = {"US": "United States", "GB": "United Kingdom", "DE": "Germany", "FR": "France",
                 "NL": "Netherlands", "ES": "Spain", "IT": "Italy", "CA": "Canada", "AU": "Australia"}
CALLING_CODE = {"US": "1", "CA": "1", "GB": "44", "DE": "49", "FR": "33", "NL": "31", "ES": "34",
                "IT": "39", "AU": "61"}
CODE_TO_COUNTRY = {"44": "GB", "49": "DE", "33": "FR", "31": "NL", "34": "ES", "39": "IT", "61": "AU"}
TRUNK_COUNTRIES = {"GB", "DE", "FR", "NL", "AU"}   # national numbers written with a leading 0
NANP = {"US", "CA"}
CURRENCY = {"US": "USD", "CA": "CAD", "GB": "GBP", "AU": "AUD", "DE": "EUR", "FR": "EUR", "NL": "EUR",
            "ES": "EUR", "IT": "EUR"}
TZ_BASE_MINUTES = {"US": [-300, -300, -360, -420, -480, -480], "CA": [-300, -300, -480, -360],
                   "GB": [0], "DE": [60], "FR": [60], "NL": [60], "ES": [60], "IT": [60], "AU": [600, 600, 480]}
SOUTHERN = {"AU"}
LANGUAGE = {"US": "en", "CA": "en", "GB": "en", "AU": "en", "DE": "de", "FR": "fr", "NL": "nl",
            "ES": "es", "IT": "it"}

NAMES = {
    "US": (["James", "Mary", "Michael", "Jennifer", "David", "Linda", "Robert", "Patricia", "John",
            "Elizabeth", "Daniel", "Sarah", "Matthew", "Jessica", "Christopher", "Ashley", "Joshua",
            "Emily", "Andrew", "Megan", "José", "María", "Luis", "Sofía", "Wei", "Zoë", "Chloé",
            "DeShawn", "Aaliyah", "Sam", "Anne", "Julia", "Joe", "Brittany", "Tyler"],
           ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
            "Martinez", "Hernández", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
            "Martin", "Lee", "Nguyễn", "O'Brien", "Kim", "Patel", "Chen", "Walker", "Young", "Allen"]),
    "GB": (["Oliver", "Amelia", "George", "Olivia", "Harry", "Isla", "Jack", "Ava", "Charlie", "Emily",
            "Thomas", "Sophie", "Zoë", "Siobhán", "Łukasz", "Priya", "Anne", "Joe", "Callum", "Niamh"],
           ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
            "Wright", "Thompson", "Evans", "Walker", "O'Connor", "Patel", "Khan", "Nowak", "Hughes",
            "Ó Súilleabháin", "Lewis"]),
    "DE": (["Jürgen", "Jörg", "Günther", "Lukas", "Leon", "Finn", "Jonas", "Mia", "Emma", "Hannah", "Lea",
            "Anna", "Sophie", "Marie", "Katharina", "Julia", "Max", "Ömer", "Ayşe", "Łukasz", "Björn",
            "Anne", "Sabine", "Uwe"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
            "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
            "Schwarz", "Zimmermann", "Weiß", "Yılmaz", "Kowalski", "Groß", "Müller-Lüdenscheidt"]),
    "FR": (["Jean", "Marie", "Pierre", "Camille", "Louis", "Léa", "Hugo", "Chloé", "Lucas", "Manon",
            "Théo", "Inès", "Zoë", "François", "Hélène", "Noémie", "Gaëlle", "Mathéo", "Anne", "Julie"],
           ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
            "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Faure", "Rousseau", "Girard",
            "Benoît", "Mercier", "D'Arcy"]),
    "NL": (["Daan", "Sem", "Lucas", "Emma", "Julia", "Sophie", "Noah", "Tess", "Lotte", "Bram", "Sanne",
            "Thijs", "Femke", "Jeroen", "Anouk", "Zoë"],
           ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
            "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "van 't Hof"]),
    "ES": (["José", "María", "Antonio", "Carmen", "Manuel", "Lucía", "Javier", "Sofía", "Alejandro",
            "Paula", "David", "Martina", "Núria", "Iñigo", "Begoña"],
           ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
            "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez",
            "Núñez", "Peña"]),
    "IT": (["Giuseppe", "Maria", "Giovanni", "Anna", "Francesco", "Giulia", "Alessandro", "Sofia",
            "Lorenzo", "Chiara", "Matteo", "Francesca", "Niccolò", "Luca"],
           ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
            "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Lombardi"]),
    "CA": (["Liam", "Olivia", "Noah", "Emma", "Benjamin", "Charlotte", "William", "Chloé", "Félix", "Léa",
            "Étienne", "Mathieu", "Sam", "Julia"],
           ["Smith", "Brown", "Tremblay", "Martin", "Roy", "Gagnon", "Lee", "Wilson", "Côté", "Bouchard",
            "Gauthier", "Morin", "Campbell", "MacDonald", "Singh"]),
    "AU": (["Oliver", "Charlotte", "Noah", "Amelia", "Jack", "Olivia", "William", "Isla", "Leo", "Mia",
            "Lachlan", "Matilda", "Sam"],
           ["Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin",
            "Anderson", "Thompson", "Nguyen", "Kelly", "O'Brien", "Ryan"]),
}
GLOBAL_NAME_RATE = 0.05            # names from anywhere (non-Latin scripts, diacritics)
GLOBAL_FIRST = ["伟", "芳", "娜", "敏", "静", "Łukasz", "Zoë", "José", "Jürgen", "Aleksandra", "Søren",
                "Mårten", "Ngozi", "Oluwaseun", "Zoltán", "Ólafur", "Dmitrij", "Ana-María"]
GLOBAL_LAST = ["李", "王", "张", "陈", "刘", "Kowalski", "Wiśniewska", "Nowak", "Ødegaard", "Okafor",
               "Nagy", "Þórsson", "Şahin", "Dvořák", "Sørensen"]
_FOLD = {"ß": "ss", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Æ": "Ae", "æ": "ae", "Œ": "Oe", "œ": "oe",
         "đ": "d", "Đ": "D", "Þ": "Th", "þ": "th", "ð": "d", "ı": "i", "李": "li", "王": "wang",
         "张": "zhang", "陈": "chen", "刘": "liu", "伟": "wei", "芳": "fang", "娜": "na", "敏": "min",
         "静": "jing"}

STREETS = {
    "US": ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Elm St", "Washington Blvd", "Park Ave",
           "Lakeview Dr", "Sunset Blvd", "Pine St", "Hillcrest Rd", "Broadway"],
    "GB": ["High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road",
           "Park Road", "Queen Street", "King's Road"],
    "DE": ["Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße", "Lindenstraße",
           "Kirchweg", "Goethestraße", "Schillerstraße", "Am Mühlbach"],
    "FR": ["rue de la Paix", "avenue des Champs-Élysées", "rue Victor Hugo", "boulevard Saint-Michel",
           "rue de la République", "chemin des Vignes", "place du Marché"],
    "NL": ["Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Schoolstraat", "Prinsengracht",
           "Herengracht"],
    "ES": ["Calle Mayor", "Calle Real", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de Gracia",
           "Calle del Sol"],
    "IT": ["Via Roma", "Via Garibaldi", "Corso Italia", "Via Dante", "Via Mazzini", "Piazza del Duomo",
           "Via Cavour"],
    "CA": ["Yonge St", "Queen St W", "Rue Sainte-Catherine", "Main St", "King St E", "Granville St"],
    "AU": ["George St", "Collins St", "Queen St", "King William St", "Hay St", "Church St"],
}
CITIES = {
    "US": ["New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Seattle", "Boston", "Austin",
           "Denver", "Portland", "Miami", "Atlanta", "San Francisco"],
    "GB": ["London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol", "Edinburgh", "Liverpool"],
    "DE": ["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
           "Leipzig", "Nürnberg"],
    "FR": ["Paris", "Lyon", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Lille"],
    "NL": ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Haarlem"],
    "ES": ["Madrid", "Barcelona", "València", "Sevilla", "Zaragoza", "Málaga", "Bilbao"],
    "IT": ["Roma", "Milano", "Napoli", "Torino", "Palermo", "Bologna", "Firenze"],
    "CA": ["Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Edmonton", "Québec"],
    "AU": ["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Canberra"],
}
US_AREA_CODES = ["212", "415", "646", "312", "617", "206", "503", "720", "305", "404", "512", "713"]
CA_AREA_CODES = ["416", "604", "514", "403", "613", "780"]
GB_MOBILE_PREFIX = ["74", "75", "77", "78", "79"]
DE_MOBILE_PREFIX = ["151", "152", "157", "160", "162", "163", "170", "171", "172", "173", "174", "175",
                    "176", "177", "178", "179"]
IT_MOBILE_PREFIX = ["320", "328", "329", "331", "333", "334", "335", "336", "338", "339", "340", "345",
                    "346", "347", "348", "349"]

FREE_MAIL = {
    "default": {"gmail.com": 45, "yahoo.com": 12, "outlook.com": 12, "hotmail.com": 10, "icloud.com": 10,
                "proton.me": 3},
    "DE": {"gmail.com": 30, "gmx.de": 22, "web.de": 20, "outlook.com": 8, "yahoo.com": 5, "icloud.com": 8,
           "proton.me": 4},
    "FR": {"gmail.com": 40, "orange.fr": 22, "hotmail.com": 12, "yahoo.com": 10, "outlook.com": 6,
           "icloud.com": 6, "proton.me": 2},
}
FREE_MAIL_DOMAINS = sorted({d for ws in FREE_MAIL.values() for d in ws} | {"gmx.de", "web.de", "orange.fr"})
DOMAIN_TYPOS = {"gmail.com": ["gmial.com", "gmail.con", "gmai.com", "gnail.com", "gmail.co"],
                "yahoo.com": ["yaho.com", "yahooo.com", "yahoo.cm"], "hotmail.com": ["hotmial.com", "hotmal.com"],
                "outlook.com": ["outlok.com", "outloook.com"], "icloud.com": ["icoud.com", "iclod.com"],
                "gmx.de": ["gmxx.de", "gmx.dee"], "web.de": ["wbe.de", "weeb.de"], "orange.fr": ["orang.fr"],
                "proton.me": ["protonn.me"]}
JUNK_EMAILS = ["n/a", "N/A", "asdf", "test@", "none@none", "noemail", "-", "x@x", "😀@example.com",
               "na@na", "no email", "@gmail.com", "abc@@example.com", "test@test"]
JUNK_PHONES = ["0000000000", "123", "n/a", "000-000-0000", "none", "+1 000 000 0000", "1111111111", "-",
               "999"]
ROLE_LOCALS = ["info", "sales", "office", "hello", "contact", "billing", "support"]
COMPANY_A = ["acme", "blue", "bright", "north", "summit", "river", "apex", "nova", "pioneer", "silver",
             "green", "urban", "global", "prime", "atlas", "cedar", "coral", "delta", "eagle", "falcon",
             "granite", "harbor", "iron", "jade", "keystone", "lumen", "maple", "metro", "oak", "orbit",
             "pacific", "quantum", "redwood", "sterling", "swift", "terra", "vertex", "willow", "zenith",
             "alpine"]
COMPANY_B = ["logistics", "systems", "foods", "labs", "consulting", "media", "health", "energy", "partners",
             "works", "analytics", "dynamics", "solutions", "capital", "robotics", "textiles", "design",
             "networks", "studios", "ventures", "supply", "motors", "pharma", "software", "legal", "realty",
             "travel", "print", "marine", "retail"]
COMPANY_TLD = {"US": ".com", "GB": ".co.uk", "DE": ".de", "FR": ".fr", "NL": ".nl", "ES": ".es", "IT": ".it",
               "CA": ".ca", "AU": ".com.au"}
LEGAL_SUFFIX = {"US": ["Inc.", "LLC", "Corp."], "GB": ["Ltd", "plc"], "DE": ["GmbH", "AG", "GmbH & Co. KG"],
                "FR": ["SARL", "SAS"], "NL": ["B.V.", "N.V."], "ES": ["S.L.", "S.A."], "IT": ["S.r.l.", "S.p.A."],
                "CA": ["Inc.", "Ltd."], "AU": ["Pty Ltd"]}
SIDE_A = ["little", "happy", "wild", "golden", "tiny", "cozy", "rustic", "sunny", "lucky", "crafty", "bold",
          "quiet", "velvet", "honey", "paper", "copper", "salty", "misty", "lunar", "maple"]
SIDE_B = ["bakery", "studio", "crafts", "garden", "press", "kitchen", "atelier", "workshop", "goods",
          "threads", "pottery", "candles", "books", "coffee", "prints", "knits", "woodworks", "photo", "bikes",
          "soaps"]
SIDE_TLD = [".com", ".shop", ".studio", ".co", ".net", ".store"]

CATEGORIES = ["video", "tax", "engineering", "travel", "food", "sports", "fashion", "finance", "parenting",
              "careers", "home", "tech"]
PERSONAL_CATEGORIES = ["video", "travel", "food", "sports", "fashion", "parenting", "home"]
BUSINESS_CATEGORIES = ["tax", "engineering", "finance", "tech"]
CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}
URLS_PER_CATEGORY = 20
SITE = "https://shop.example.com"
CLICK_ELEMENTS = ["add_to_cart", "play_video", "share", "newsletter_cta", "nav_menu", "search"]
QUIZ = [("current_job_title", ["Data Engineer", "Nurse", "Teacher", "Accountant", "Software Developer",
                               "Student", "Sales Manager", "Chef", "Retired", "Ingénieure", "Café owner"]),
        ("favourite_cuisine", ["Italian", "Thai", "Mexican", "Japanese", "Indian", "Ethiopian"]),
        ("travel_style", ["beach", "city break", "hiking", "cruise", "road trip"]),
        ("household_size", ["1", "2", "3", "4", "5+"])]
LOGIN_METHODS = ["password", "magic_link", "google", "apple"]
EXTERNAL_REFERRERS = [None, None, None, "https://www.google.com/", "https://www.google.de/",
                      "https://www.bing.com/", "https://www.facebook.com/", "https://t.co/", "https://duckduckgo.com/",
                      "android-app://com.google.android.gm/", "https://www.instagram.com/"]
ESP_LANDINGS = ["deals", "newsletter/weekly", "travel/offers", "jobs", "p/running-shoes", "recipes/weekly"]
FORM_KINDS = ["newsletter", "contact", "quote_request", "download_whitepaper"]
APP_TYPES = ["app_open", "screen_view", "search", "add_to_cart", "purchase", "push_open", "login"]
APP_TYPE_PROBS = [0.25, 0.42, 0.10, 0.10, 0.05, 0.08]   # without login (session starts only)
APP_SCREENS = ["home", "product_detail", "cart", "checkout", "account", "video_player", "recipe", "jobs"]
APP_QUERIES = ["running shoes", "tax software", "lisbon hotel", "gluten free pasta", "usb-c cable", "crème brûlée"]
SUBSCRIPTION_SOURCES = ["footer_form", "checkout", "app", "esp_import", "account_settings"]
ITEMS_TRIP = ["Trip: Lisbon city break", "Trip: Alps ski week", "Trip: Tuscany villa", "Trip: New York long weekend",
              "Trip: Barcelona beach", "Trip: Iceland road trip", "Cruise: Norwegian fjords", "Trip: Kyoto & Tokyo"]
ITEMS_EVENT = ["Event: Berlin Tech Summit", "Event: Data Council", "Event: London Finance Forum",
               "Event: Paris Retail Expo", "Conference: DevOps Days Amsterdam", "Workshop: Tax Update 2027"]
DIETARY = ["vegetarian", "vegan", "halal", "kosher", "pescatarian", "none"]
ALLERGIES = ["peanut", "gluten", "shellfish", "lactose"]

UA = {
    ("desktop", "chrome", "windows"): "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    ("desktop", "chrome", "macos"): "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    ("desktop", "chrome", "linux"): "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    ("desktop", "firefox", "windows"): "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    ("desktop", "firefox", "macos"): "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    ("desktop", "firefox", "linux"): "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    ("desktop", "safari", "macos"): "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s} Safari/605.1.15",
    ("desktop", "edge", "windows"): "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    ("phone", "safari", "ios"): "Mozilla/5.0 (iPhone; CPU iPhone OS {i} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s} Mobile/15E148 Safari/604.1",
    ("phone", "chrome", "android"): "Mozilla/5.0 (Linux; Android {a}; {m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
    ("tablet", "safari", "ios"): "Mozilla/5.0 (iPad; CPU OS {i} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{s} Mobile/15E148 Safari/604.1",
    ("tablet", "chrome", "android"): "Mozilla/5.0 (Linux; Android {a}; {m}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
}
DESKTOP_BROWSERS = [("chrome", "windows", 30), ("chrome", "macos", 12), ("chrome", "linux", 3),
                    ("firefox", "windows", 6), ("firefox", "macos", 2), ("firefox", "linux", 2),
                    ("safari", "macos", 10), ("edge", "windows", 10)]
SAFARI_VERSIONS = [("17.4", "17_4"), ("17.6", "17_6"), ("18.0", "18_0"), ("18.1", "18_1_1"), ("18.3", "18_3")]
ANDROID_PHONES = ["Pixel 7", "Pixel 8", "Pixel 8a", "SM-S911B", "SM-A546B", "SM-G991B", "moto g54 5G",
                  "Redmi Note 12", "K"]
ANDROID_TABLETS = ["SM-X710", "Lenovo TB-X606F", "Pixel Tablet"]
IOS_PHONE_MODELS = ["iPhone 12", "iPhone 13", "iPhone 14", "iPhone 14 Pro", "iPhone 15", "iPhone 15 Pro Max",
                    "iPhone SE (3rd generation)", "iPhone 16"]
IOS_TABLET_MODELS = ["iPad (10th generation)", "iPad Air (5th generation)", "iPad Pro 11-inch (4th generation)"]
IOS_VERSIONS = ["16.7.10", "17.4.1", "17.6.1", "18.1", "18.3.2", "18.5"]
ANDROID_APP_MODELS = ["Pixel 7", "Pixel 8", "Pixel 8a", "SM-S911B", "SM-A546B", "SM-G991B", "moto g54 5G",
                      "Redmi Note 12", "OnePlus 11"]
ANDROID_VERSIONS = ["12", "13", "14", "15"]
IP_FIRST_OCTETS = [24, 31, 37, 46, 62, 66, 73, 77, 78, 81, 82, 84, 86, 88, 90, 91, 92, 93, 98, 99, 104, 108,
                   109, 174, 176, 178, 185, 188, 193, 194, 212, 213, 217]

HOSTILE_VALUES = [
    "O'Brien said \"hi\" '' \"\"",
    "{{ var('x') }}",
    "{% macro x() %}{{ log('pwned', info=True) }}{% endmacro %}",
    "'; drop table x; --",
    "🦄 Zoë 👩‍👩‍👧 ✓ 李",
    "line one\nline two\r\nline three",
    "x" * 10240,
    "NULL",
    "tab\there, back\\slash, comma, semicolon; {{",
    "\u202eevil\u202c zero\u200bwidth",
]
BROKEN_JSON = ['{"email": "a@b.com"', '{"content_category": "tax", "note": "unterminated', 'not json {',
               "{'single': 'quotes'}"]
BAD_TIMESTAMPS = ["not-a-date", "2026-13-45T99:00:00", "31/02/2026 25:61", "0000-00-00 00:00:00",
                  "2026-02-30T10:00:00Z", "tomorrow"]

# Which rows the bad-row injector may touch, per table.
#  pk: primary key columns; regen: how an extra row gets a fresh key (None: cannot)
#  mode: "extra" = hostile rows are added copies, "inplace" = an existing non-identifier text is replaced
BAD_ROW_SPECS = {
    "web_events": dict(pk=["event_id"], regen="uuid", required=["event_id", "occurred_at", "anonymous_id"],
                       ts=["occurred_at"], hostile=["properties", "page_url", "referrer", "user_agent"],
                       json="properties", mode="extra"),
    "app_events": dict(pk=["event_id"], regen="uuid", required=["event_id", "occurred_at", "device_id"],
                       ts=["occurred_at"], hostile=["properties", "device_model", "os_version", "event_type"],
                       json="properties", mode="extra"),
    "esp_recipients": dict(pk=["esp_record_id"], regen=None, required=["esp_record_id", "email"],
                           ts=["created_at"], hostile=["email"], json=None, mode="extra"),
    "crm_accounts": dict(pk=["account_id"], regen=None, required=["account_id", "created_at"], ts=["created_at"],
                         hostile=["first_name", "last_name", "company_name", "street", "city"], json=None,
                         mode="inplace"),
    "crm_contact_points": dict(pk=[], regen=None, required=["account_id", "kind", "value"], ts=["added_at"],
                               hostile=["value"], json=None, mode="extra"),
    "orders": dict(pk=["order_id"], regen="ORD", required=["order_id", "ordered_at"], ts=["ordered_at"],
                   hostile=["ship_street", "ship_city"], json=None, mode="inplace"),
    "bookings": dict(pk=["booking_id"], regen="BK", required=["booking_id", "booked_at", "account_id"],
                     ts=["booked_at"], hostile=["item"], json=None, mode="inplace"),
    "booking_guests": dict(pk=["booking_id", "guest_no"], regen="guest", required=["booking_id", "guest_no"],
                           ts=[], hostile=["first_name", "last_name"], json=None, mode="inplace"),
    "loyalty_members": dict(pk=["loyalty_number"], regen=None, required=["loyalty_number"], ts=["enrolled_at"],
                            hostile=["first_name", "last_name", "street", "city"], json=None, mode="inplace"),
    "pos_transactions": dict(pk=["transaction_id"], regen="TX", required=["transaction_id", "occurred_at"],
                             ts=["occurred_at"], hostile=["store_id"], json=None, mode="inplace"),
    "subscriptions": dict(pk=[], regen=None, required=["email", "list_name", "status", "updated_at"],
                          ts=["updated_at"], hostile=["source"], json=None, mode="inplace"),
    "preferences": dict(pk=[], regen=None, required=["account_id", "kind", "value"], ts=["updated_at"],
                        hostile=["value"], json=None, mode="extra"),
    "erasure_requests": dict(pk=[], regen=None, required=["identifier_type", "identifier_value", "requested_at"],
                             ts=["requested_at"], hostile=["identifier_value"], json=None, mode="extra"),
}

# --------------------------------------------------------------------------------------
# Reference normalisers (the canonical forms truth_identifiers holds)
# --------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------
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


# --------------------------------------------------------------------------------------
# World: things shared by every block (stores, their phones, salts)
# --------------------------------------------------------------------------------------
class World:
    def __init__(self, persons: int, seed: int):
        self.persons = persons
        self.seed = seed
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


# --------------------------------------------------------------------------------------
# One block of the world
# --------------------------------------------------------------------------------------
class Block:
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
    def address(self, c):
        r = self.r
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

    # ---- build --------------------------------------------------------------------------------
    def build(self):
        self._companies()
        self._persons()
        self._personas()
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

    # ---- ESP -------------------------------------------------------------------------------------------
    def _esp(self):
        r, w = self.r, self.w
        rows = self.rows["esp_recipients"]
        self.esp_records = []
        for p in self.persons:
            for pe in p.personas:
                for j, e in enumerate(pe.emails):
                    if r.random() >= ESP_KNOWN_RATE:
                        continue
                    eid = esp_record_id(pe.gid * 4 + j, w.esp_salt)
                    self.reg("esp_record_id", eid, p, pe)
                    self.reg("email", e, p, pe)
                    rows.append((eid, self.raw_email(e), self.ts(self.rand_time(pe.created), p)))
                    pe.esp.append((e, eid))
                    self.esp_records.append((pe, eid))
        for co in self.companies:
            if co.role_email and co.role_holders:
                eid = esp_record_id((1 << 39) + co.g, w.esp_salt)
                rows.append((eid, co.role_email, self.ts(self.rand_time(ACTIVITY_START))))
                for pe in co.role_holders:
                    self.reg("esp_record_id", eid, pe.person, pe)
                    self.reg("email", co.role_email, pe.person, pe)

    # ---- orders -------------------------------------------------------------------------------------
    def _store(self, country):
        r, w = self.r, self.w
        st = weighted_list(r, w.stores, w.store_cum)
        if st[1] != country and r.random() < 0.7:
            local = [s for s in w.stores if s[1] == country]
            if local:
                st = r.choice(local)
        return st

    def _orders(self):
        r = self.r
        rows = self.rows["orders"]
        for p in self.persons:
            for pe in p.personas:
                mean = ORDERS_MEAN_ACCOUNT if pe.account else ORDERS_MEAN_GUEST
                n = int(self.rng.poisson(mean)) if r.random() < 0.9 else 0
                for _ in range(n):
                    t = self.rand_time(max(p.t0, pe.created if pe.account else p.t0))
                    channel = weighted(r, CHANNEL_WEIGHTS)
                    is_guest = pe.account is None or (channel == "store" and r.random() < 0.4)
                    acc = None if is_guest else self.raw_account(pe.account)
                    street, city, postal, ciso = pe.addr
                    if channel == "store":
                        store = self._store(p.country)
                        if r.random() < 0.7:
                            street = city = postal = None
                        ciso = store[1] if street is None else ciso
                    row_country = self.raw_country(ciso)
                    eff = ciso if row_country is not None else None
                    u = r.random()
                    email = None
                    if is_guest or u < 0.85:
                        email = self.emit_email(r.choice(pe.emails), p, pe) if r.random() < 0.95 else None
                    phone = None
                    if p.phone and r.random() < (0.5 if channel in ("store", "phone") else 0.35):
                        phone = self.emit_phone(pe.work_phone or p.phone, p, pe if pe.work_phone else None, eff)
                    elif channel in ("store", "phone") and r.random() < SHOP_PHONE_RATE:
                        shop = weighted_list(r, self.w.shop_phones, self.w.shop_phone_cum)
                        phone = self.emit_phone(shop, p, None, eff, junk=False)   # the shop's own number
                    loyalty = None
                    if channel == "store" and p.loyalty is None and r.random() < LOYALTY_RATE:
                        p.loyalty = self.w.loyalty_number(p.idx)
                    if channel == "store" and p.loyalty and r.random() < 0.8:
                        loyalty = self.raw_loyalty(p.loyalty)
                        self.reg("loyalty_number", p.loyalty, p)
                    amount = f"{max(1.0, self.rng.lognormal(3.8, 0.8)):.2f}"
                    rows.append((f"ORD-{r.getrandbits(64):016X}", self.ts(t, p), acc, email, phone, loyalty,
                                 self.raw_street(street), city, postal, row_country, channel, amount, CURRENCY[ciso]))

    # ---- bookings --------------------------------------------------------------------------------------
    def _starts_at(self, booked):
        r = self.r
        if r.random() < BOOKING_UPCOMING_SHARE:
            return self.rand_time(max(UPCOMING_FROM, booked + DAY), UPCOMING_TO)
        return self.rand_time(booked + DAY, UPCOMING_FROM - DAY)

    def _booking(self, booker: Persona, item, guests, t=None):
        r = self.r
        p = booker.person
        if t is None:
            t = self.rand_time(max(p.t0, booker.created), UPCOMING_FROM - 3 * DAY)
        t = min(t, ACTIVITY_END - DAY)
        bid = f"BK-{r.getrandbits(64):016X}"
        self.rows["bookings"].append((bid, self.ts(t, p), self.raw_account(booker.account), item, self.ts(self._starts_at(t), p)))
        for no, (g, gpe, with_email, with_phone, email_override) in enumerate(guests, start=1):
            if g is None:   # a guest who is nobody we know: name only
                first, last = self._name(p.country)
                self.rows["booking_guests"].append((bid, str(no), first, last, None, None))
                continue
            email = None
            if with_email:
                email = self.emit_email(email_override or gpe.emails[0], g, gpe, typos=email_override is None,
                                        junk=email_override is None)
            phone = self.emit_phone(g.phone, g, None, None) if with_phone and g.phone else None
            self.rows["booking_guests"].append((bid, str(no), self.raw_name(g.first), self.raw_name(g.last), email, phone))

    def _bookings(self):
        r = self.r
        hh_of = {p.key: self.households[p.household] for p in self.persons if p.household is not None}
        for p in self.persons:
            for pe in p.personas:
                if pe.account is None or r.random() >= BOOKER_RATE[pe.kind]:
                    continue
                for _ in range(1 if r.random() < 0.7 else 2):
                    if pe.kind in ("business", "client"):
                        self._booking(pe, r.choice(ITEMS_EVENT), [(p, pe, r.random() < 0.8, r.random() < 0.3, None)])
                        continue
                    guests = [(p, pe, r.random() < 0.7, r.random() < 0.4, None)]
                    for m in hh_of.get(p.key, []):
                        if m is not p and r.random() < 0.8:
                            mpe = next((x for x in m.personas if x.kind == "personal"), m.personas[0])
                            guests.append((m, mpe, r.random() < 0.6, r.random() < 0.2, None))
                    if len(guests) == 1 and r.random() < 0.3:
                        f = r.choice(self.persons)
                        if f is not p:
                            guests.append((f, f.personas[0], r.random() < 0.5, False, None))
                    if r.random() < 0.1:
                        guests.append((None, None, False, False, None))
                    self._booking(pe, r.choice(ITEMS_TRIP), guests)
        # Anne: her father books a family trip and enters her PERSONAL email for her
        for anne in (p for p in self.persons if "anne" in p.flags):
            personal = next((x for x in anne.personas if x.kind == "personal"), None)
            business = next((x for x in anne.personas if x.kind == "business"), None)
            if personal is None or business is None:
                continue
            # her work event, booked on the business account
            self._booking(business, r.choice(ITEMS_EVENT), [(anne, business, True, False, None)])
            family = [m for m in hh_of.get(anne.key, []) if m is not anne]
            others = [x for x in self.persons if x is not anne and x.household != anne.household or x.household is None]
            r.shuffle(others)
            pool = family + [x for x in others if x is not anne]
            father = next((m for m in pool if any(x.account and x.kind == "personal" for x in m.personas)), None)
            if father is None:
                continue
            fpe = next(x for x in father.personas if x.account and x.kind == "personal")
            self._booking(fpe, r.choice(ITEMS_TRIP),
                          [(father, fpe, True, False, None), (anne, personal, True, False, personal.emails[0])])

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
                email = self.emit_email(pe.emails[0], p, pe) if r.random() < 0.85 else None
                phone = self.emit_phone(p.phone, p, None, eff) if p.phone and r.random() < 0.7 else None
                mem_rows.append((self.raw_loyalty(p.loyalty), self.ts(self.rand_time(p.t0), p), self.raw_name(p.first),
                                 self.raw_name(p.last), email, phone, self.raw_dob(p.dob), self.raw_street(p.street),
                                 p.city, p.postal, row_country))
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

    # ---- subscriptions ------------------------------------------------------------------------------------
    def _subscriptions(self):
        r = self.r
        rows = self.rows["subscriptions"]
        lists_for = {"personal": [("newsletter_weekly", 0.20), ("deals", 0.25)],
                     "business": [("product_news", 0.20), ("newsletter_weekly", 0.08)],
                     "client": [("product_news", 0.10)],
                     "side": [("deals", 0.10), ("product_news", 0.10)]}
        for p in self.persons:
            for pe in p.personas:
                subs = [(lst, pe.emails[0]) for lst, rate in lists_for[pe.kind] if r.random() < rate]
                if len(pe.emails) > 1 and r.random() < 0.2:
                    subs.append(("deals", pe.emails[1]))
                if "julia" in p.flags and pe.kind == "personal":
                    subs.append(("job_alerts", pe.emails[0]))     # job alerts only ever to a personal address
                for lst, e in subs:
                    t = self.rand_time(p.t0)
                    raw = self.emit_email(e, p, pe)
                    rows.append((raw, lst, "subscribed", self.ts(t, p), r.choice(SUBSCRIPTION_SOURCES)))
                    if r.random() < 0.15:
                        t2 = self.rand_time(t + DAY)
                        rows.append((raw, lst, "unsubscribed", self.ts(t2, p), r.choice(["esp_unsubscribe", "account_settings"])))

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

    # ---- erasure -------------------------------------------------------------------------------------------
    def _erasure(self):
        r = self.r
        rows = self.rows["erasure_requests"]
        for p in r.sample(self.persons, min(self.n, self.count(ERASURE_RATE * self.n))):
            opts = []
            pe = p.personas[0]
            opts.append(("email", lambda: self.emit_email(pe.emails[0], p, pe, typos=False, junk=False)))
            if p.phone:
                opts.append(("phone", lambda: self.emit_phone(p.phone, p, None, None, junk=False)))
            accs = [x for x in p.personas if x.account]
            if accs:
                opts.append(("account_id", lambda: (self.reg("account_id", accs[0].account, p, accs[0]),
                                                    self.raw_account(accs[0].account))[1]))
            if p.loyalty:
                opts.append(("loyalty_number", lambda: (self.reg("loyalty_number", p.loyalty, p),
                                                        self.raw_loyalty(p.loyalty))[1]))
            apps = [(u.device, u.persona) for x in p.personas for u in x.app_usages if u.device.canon and u.person is p]
            if apps:
                opts.append(("device_id", lambda: apps[0][0].raw))
            webs = [u for u in p.web_usages if u.device in p.devices]
            if webs:
                opts.append(("anonymous_id", lambda: webs[0].device.raw))
            itype, fn = r.choice(opts)
            rows.append((itype, fn(), self.ts(self.rand_time(ACTIVITY_END - 200 * DAY), p)))

    # ---- vectorised bulk events ----------------------------------------------------------------------------
    def _usage_arrays(self, usages):
        U = len(usages)
        sessions = np.fromiter((u.sessions for u in usages), np.int64, U)
        lam = np.fromiter((u.lam for u in usages), np.float64, U)
        t0 = np.fromiter((u.t0 for u in usages), np.int64, U)
        logged = np.fromiter((u.logged for u in usages), np.bool_, U)
        tz = np.fromiter((u.person.tz for u in usages), np.int64, U)
        south = np.fromiter((u.person.south for u in usages), np.bool_, U)
        mob = np.fromiter((u.device.mobile_share for u in usages), np.float64, U)
        return sessions, lam, t0, logged, tz, south, mob

    def _sessions(self, sessions, lam, t0, logged):
        rng = self.rng
        U = len(sessions)
        T = int(sessions.sum())
        su = np.repeat(np.arange(U), sessions)
        first_s = np.zeros(T, np.bool_)
        first_s[np.cumsum(sessions) - sessions] = True
        span = np.maximum(ACTIVITY_END - t0[su] - 3600, 3600)
        start = t0[su] + (rng.random(T) * span).astype(np.int64)
        s_logged = logged[su] & (first_s | (rng.random(T) < SESSION_LOGIN_RATE))
        nev = 1 + rng.poisson(lam[su])
        E = int(nev.sum())
        es = np.repeat(np.arange(T), nev)
        s_first_ev = np.cumsum(nev) - nev
        pos = np.arange(E) - s_first_ev[es]
        cs = np.cumsum(rng.exponential(50.0, E).astype(np.int64) + 3)
        t = np.minimum(start[es] + cs - cs[s_first_ev][es], ACTIVITY_END)
        return su[es], es, pos, t, s_logged[es]

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

    def _app_table(self):
        rng = self.rng
        us = self.app_usages
        if not us:
            return rows_to_table("app_events", [])
        sessions, lam, t0, logged, tz, south, mob = self._usage_arrays(us)
        eu, es, pos, t, ev_logged = self._sessions(sessions, lam, t0, logged)
        E = len(t)
        typ = rng.choice(len(APP_TYPE_PROBS), E, p=APP_TYPE_PROBS)
        typ[pos == 0] = 0                               # sessions open with app_open ...
        is_login = (pos == 0) & ev_logged
        typ[is_login] = 6                               # ... or with a login
        ev_logged = ev_logged & (is_login | (rng.random(E) < APP_USER_ID_ON_EVENT))
        props_idx = APP_PROPS_OFF[typ] + rng.integers(0, 10**6, E) % APP_PROPS_N[typ]
        user_vocab = pa.array([None] + [u.user_raw for u in us], pa.string())
        cols = {
            "event_id": fixed_width_strings(uuid_matrix(rng, E)),
            "occurred_at": format_ts_array(rng, t, tz[eu], south[eu], millis_share=APP_MILLIS_SHARE),
            "device_id": take(pa.array([u.device.raw for u in us]), eu),
            "app_user_id": take(user_vocab, np.where(ev_logged, eu + 1, 0)),
            "platform": take(pa.array([u.device.platform for u in us]), eu),
            "device_model": take(pa.array([u.device.model for u in us]), eu),
            "os_version": take(pa.array([u.device.osv for u in us]), eu),
            "event_type": take(APP_TYPE_ARR, typ),
            "properties": take(APP_PROPS_ARR, props_idx),
            "_t": pa.array(t, pa.int64()),
        }
        return _sort_drop_t(pa.table(cols))

    # ---- bad rows ------------------------------------------------------------------------------------------
    def _inject_bad_rows(self, name, tbl: pa.Table) -> pa.Table:
        spec = BAD_ROW_SPECS[name]
        n = tbl.num_rows
        if n == 0:
            return tbl
        r = self.r
        kinds = list(range(len(HOSTILE_VALUES))) + (["broken"] * 2 if spec["json"] else [])
        # block 0: web_events get every hostile kind twice (once in a JSON column, once raw)
        min_h = (2 * len(kinds) if name == "web_events" else FIRST_BLOCK_MIN_BAD_ROWS) if self.first else 0
        min_q = FIRST_BLOCK_MIN_BAD_ROWS if self.first else 0
        n_h = max(min_h, self.count(HOSTILE_ROW_RATE * n, force=False))
        n_q = max(min_q, self.count(QUARANTINE_ROW_RATE * n, force=False))
        src = [r.randrange(n) for _ in range(n_h + n_q)]
        src_rows = tbl.take(pa.array(src, pa.int64())).to_pylist()
        extras, inplace = [], {}
        off = 0 if self.first else r.randrange(len(kinds))
        for k in range(n_h):
            row = src_rows[k]
            kind = kinds[(off + k) % len(kinds)]
            if kind == "broken":
                col, val = spec["json"], r.choice(BROKEN_JSON)
            else:
                col = spec["hostile"][(k + k // len(kinds)) % len(spec["hostile"])]
                val = HOSTILE_VALUES[kind]
                if col == spec["json"]:
                    val = json.dumps({"note": val, "content_category": "tax"}, ensure_ascii=r.random() < 0.5)
            if spec["mode"] == "inplace":
                inplace[(src[k], col)] = val
            else:
                row = dict(row)
                row[col] = val
                if name == "crm_contact_points":
                    row["kind"] = "email"
                self._regen_pk(name, spec, row)
                extras.append(row)
        qkinds = (["dup"] if spec["pk"] else []) + (["bad_ts"] if spec["ts"] else []) + ["empty"]
        for k in range(n_q):
            row = dict(src_rows[n_h + k])
            kind = qkinds[k % len(qkinds)]
            if kind == "dup":
                if spec["ts"] and r.random() < 0.3:
                    other = tbl.column(spec["ts"][0])[r.randrange(n)].as_py()
                    row[spec["ts"][0]] = other          # same key, different content
                extras.append(row)
            elif kind == "bad_ts":
                col = spec["ts"][0]
                if spec["regen"] is None and spec["pk"]:
                    inplace[(src[n_h + k], col)] = r.choice(BAD_TIMESTAMPS)
                else:
                    row[col] = r.choice(BAD_TIMESTAMPS)
                    self._regen_pk(name, spec, row)
                    extras.append(row)
            else:
                if spec["regen"] is None and spec["pk"]:
                    col = spec["pk"][0]
                else:
                    col = r.choice(spec["required"])
                    self._regen_pk(name, spec, row)
                row[col] = None if r.random() < 0.8 else " "
                if col in spec["pk"] and row[col] == " ":
                    row[col] = None
                extras.append(row)
        if inplace:
            by_col = {}
            for (i, c), v in inplace.items():
                by_col.setdefault(c, {})[i] = v
            for c, repl in by_col.items():
                vals = tbl.column(c).to_pylist()
                for i, v in repl.items():
                    vals[i] = v
                tbl = tbl.set_column(tbl.column_names.index(c), c, pa.array(vals, pa.string()))
        if extras:
            ext = pa.Table.from_pylist(extras, schema=tbl.schema)
            positions = np.sort(np.array([r.randrange(n + 1) for _ in extras], dtype=np.int64))
            order = np.insert(np.arange(n, dtype=np.int64), positions, np.arange(n, n + len(extras), dtype=np.int64))
            tbl = pa.concat_tables([tbl, ext]).take(pa.array(order))
        return tbl

    def _regen_pk(self, name, spec, row):
        r = self.r
        regen = spec["regen"]
        if regen == "uuid":
            row["event_id"] = self.uuid4()
        elif regen in ("ORD", "BK", "TX"):
            row[spec["pk"][0]] = f"{regen}-{r.getrandbits(64):016X}"
        elif regen == "guest":
            row["guest_no"] = str(90 + r.randrange(10))


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


def _build_app_vocab():
    per_type = [
        [json.dumps({"source": s}) for s in ["icon", "push", "deeplink", "widget"]],
        [json.dumps({"screen": s}) for s in APP_SCREENS],
        [json.dumps({"query": q}, ensure_ascii=False) for q in APP_QUERIES],
        [json.dumps({"sku": f"SKU-{k:05d}", "quantity": 1 + k % 3}) for k in range(0, 5000, 97)],
        [json.dumps({"order_value": f"{10 + k * 7.5:.2f}", "currency": c}) for k in range(12) for c in ("EUR", "USD", "GBP")],
        [json.dumps({"campaign": f"{c}_{w:02d}"}) for c in ("weekly", "deals", "back_in_stock") for w in range(1, 9)],
        [json.dumps({"method": m}) for m in ["password", "face_id", "fingerprint", "magic_link"]],
    ]
    offs, ns, flat = [], [], []
    for lst in per_type:
        offs.append(len(flat))
        ns.append(len(lst))
        flat.extend(lst)
    return np.array(offs), np.array(ns), pa.array(flat)


APP_PROPS_OFF, APP_PROPS_N, APP_PROPS_ARR = _build_app_vocab()
APP_TYPE_ARR = pa.array(APP_TYPES)


# --------------------------------------------------------------------------------------
# Tables and writers
# --------------------------------------------------------------------------------------
def schema_for(name, with_t=False):
    cols = TRUTH_COLUMNS if name == TRUTH_TABLE else TABLE_COLUMNS[name]
    fields = [pa.field(c, pa.string()) for c in cols]
    if with_t:
        fields.append(pa.field("_t", pa.int64()))
    return pa.schema(fields)


def rows_to_table(name, rows, with_t=False) -> pa.Table:
    schema = schema_for(name, with_t)
    if not rows:
        return schema.empty_table()
    cols = list(zip(*rows))
    return pa.Table.from_arrays([pa.array(c, f.type) for c, f in zip(cols, schema)], schema=schema)


def _sort_drop_t(tbl: pa.Table) -> pa.Table:
    if tbl.num_rows:
        order = np.argsort(tbl.column("_t").to_numpy(), kind="stable")
        tbl = tbl.take(pa.array(order))
    return tbl.drop_columns(["_t"])


class Sink:
    """One ParquetWriter and/or csv writer per table, appended chunk by chunk."""

    def __init__(self, out: str, fmt: str):
        os.makedirs(out, exist_ok=True)
        self.pq, self.csv, self.files, self.counts = {}, {}, [], {t: 0 for t in ALL_TABLES}
        for t in ALL_TABLES:
            schema = schema_for(t)
            if fmt in ("parquet", "both"):
                self.pq[t] = pq.ParquetWriter(os.path.join(out, f"{t}.parquet"), schema, compression="zstd")
            if fmt in ("csv", "both"):
                f = open(os.path.join(out, f"{t}.csv"), "w", newline="", encoding="utf-8")
                w = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
                w.writerow(schema.names)
                self.files.append(f)
                self.csv[t] = w

    def write(self, name: str, tbl: pa.Table):
        if tbl.num_rows == 0:
            return
        self.counts[name] += tbl.num_rows
        if name in self.pq:
            self.pq[name].write_table(tbl, row_group_size=1_000_000)
        if name in self.csv:
            cols = [c.to_pylist() for c in tbl.columns]
            self.csv[name].writerows(zip(*cols))

    def close(self):
        for w in self.pq.values():
            w.close()
        for f in self.files:
            f.close()


_WORLD_CACHE: dict = {}


def build_block(persons: int, seed: int, b: int) -> dict[str, pa.Table]:
    """All tables of block ``b`` (a pure function of persons, seed and b)."""
    world = _WORLD_CACHE.get((persons, seed))
    if world is None:
        _WORLD_CACHE.clear()
        world = _WORLD_CACHE[(persons, seed)] = World(persons, seed)
    start = b * BLOCK_PERSONS
    return Block(world, b, start, min(persons, start + BLOCK_PERSONS)).build()


def _build_block_job(args):
    return build_block(*args)


def generate(persons: int, seed: int, out: str, fmt: str = "parquet", chunk_persons: int = 20000,
             progress=None, workers: int = 1) -> dict[str, int]:
    """Write all tables to ``out``; returns rows written per table. Output does not depend on
    chunk_persons or workers."""
    if persons < 1:
        raise ValueError("--persons must be at least 1")
    n_blocks = (persons + BLOCK_PERSONS - 1) // BLOCK_PERSONS
    per_chunk = max(1, -(-chunk_persons // BLOCK_PERSONS))
    chunks = [[(persons, seed, b) for b in range(c0, min(n_blocks, c0 + per_chunk))]
              for c0 in range(0, n_blocks, per_chunk)]
    sink = Sink(out, fmt)
    pool = None
    try:
        if workers > 1 and n_blocks > 1:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            pool = ctx.Pool(workers)
            pending = pool.map_async(_build_block_job, chunks[0])
        done = 0
        for ci, jobs in enumerate(chunks):
            if pool is not None:
                results = pending.get()
                if ci + 1 < len(chunks):      # generate the next chunk while this one is written
                    pending = pool.map_async(_build_block_job, chunks[ci + 1])
            else:
                results = [_build_block_job(j) for j in jobs]
            for t in ALL_TABLES:
                sink.write(t, pa.concat_tables([res[t] for res in results]))
            del results
            done += sum(min(persons, (b + 1) * BLOCK_PERSONS) - b * BLOCK_PERSONS for _, _, b in jobs)
            if progress:
                progress(done, persons)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        sink.close()
    return sink.counts


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="generate_demo_data.py",
        description="Write the synthetic demo business of the identity-resolution project: the 13 raw "
                    "tables of docs/source-contract.md (one file per table, all columns text, with raw "
                    "format variants, junk, hostile and quarantine rows) plus truth_identifiers, the true "
                    "person / persona / device behind every canonical identifier.",
        epilog="Example: python scripts/generate_demo_data.py --persons 100000 --seed 42 --out data/demo "
               "--format parquet. Output depends only on --persons and --seed.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--persons", type=int, default=1000, help="number of persons to simulate")
    ap.add_argument("--seed", type=int, default=42, help="random seed (same seed, same files)")
    ap.add_argument("--out", default="data/demo", help="output folder (created if missing)")
    ap.add_argument("--format", choices=["parquet", "csv", "both"], default="parquet",
                    help="file format: Parquet (all string columns), CSV (RFC 4180, header, NULL = empty field) or both")
    ap.add_argument("--chunk-persons", type=int, default=20000,
                    help=f"persons buffered in memory before each write (rounded up to blocks of {BLOCK_PERSONS}); "
                         "does not change the rows written")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                    help="processes generating blocks in parallel; does not change the rows written")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    if args.persons < 1:
        ap.error("--persons must be at least 1")
    t0 = time.time()

    def progress(done, total):
        if not args.quiet:
            print(f"  {done:>10,} / {total:,} persons  {time.time() - t0:7.1f} s", file=sys.stderr)

    counts = generate(args.persons, args.seed, args.out, args.format, args.chunk_persons, progress, args.workers)
    for t in ALL_TABLES:
        print(f"{t:<20} {counts[t]:>12,} rows")
    print(f"wrote {args.format} to {args.out} in {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
