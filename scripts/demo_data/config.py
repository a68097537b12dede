"""Output contract, time window and the world's rates (per person unless said otherwise)."""
from __future__ import annotations

from datetime import datetime, timezone

from raw_contract import identifier_types, raw_tables

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
