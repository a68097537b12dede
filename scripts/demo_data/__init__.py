"""Synthetic demo business of the identity-resolution project (the package behind
scripts/generate_demo_data.py).

Writes the 13 raw tables of docs/source-contract.md (one file per table, named after the
table, every column as text) plus ``truth_identifiers`` (identifier_type, identifier_value,
person_key, persona_key, device_key): the true owner(s) of every valid identifier that
appears in the raw tables, in CANONICAL form.

    python scripts/generate_demo_data.py --persons 100000 --seed 42 --out data/demo

Layout
------
* ``config``      output contract, time window, rates of the world (per person unless said otherwise)
* ``reference``   reference data (names, streets, domains, vocabularies)
* ``normalize``   the reference normalisers (canonical forms below)
* ``formats``     weighted draws, timestamp text, uuids, identifier derivations, phone spellings
* ``world``       the world shared by every block and the entities (Person, Persona, Device, ...)
* ``block``       one block of persons: the world model and ``build()``
* ``render``      how a true value is written into a raw row (variants, typos, junk)
* ``noise``       person-record noise (typos, nicknames, swapped names, bad dates, moves, blanks)
* ``writers/``    one writer per raw table, or per group of tables drawn in one pass
                  (crm: accounts + contact points + preferences; loyalty: members + POS)
* ``bad_rows``    hostile and quarantine rows
* ``sink``        Arrow tables and the Parquet / CSV writers
* ``cli``         the driver (``generate``) and the command line (``main``)

Every writer is a mixin of ``Block`` and draws from the block's own random stream in a fixed
order, so the same --persons and --seed give the same files.

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
``normalize_*`` functions of ``normalize`` are the reference):
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
from .bad_rows import BAD_ROW_SPECS, BAD_TIMESTAMPS, BROKEN_JSON, HOSTILE_VALUES
from .cli import build_block, generate, main
from .config import (
    ALL_TABLES, BLOCK_PERSONS, IDENTIFIER_TYPES, TABLE_COLUMNS, TRUTH_COLUMNS, TRUTH_TABLE,
)
from .normalize import (
    CANONICAL_RE, EMAIL_RE, ESP_RID_RE, ZERO_UUID, esp_rid_from_url, normalize_account_id,
    normalize_card_token, normalize_country, normalize_email, normalize_esp_record_id,
    normalize_loyalty_number, normalize_phone, normalize_uuid,
)
from .reference import DOMAIN_TYPOS, FREE_MAIL_DOMAINS, ROLE_LOCALS

__all__ = [
    "ALL_TABLES", "BAD_ROW_SPECS", "BAD_TIMESTAMPS", "BLOCK_PERSONS", "BROKEN_JSON", "CANONICAL_RE",
    "DOMAIN_TYPOS", "EMAIL_RE", "ESP_RID_RE", "FREE_MAIL_DOMAINS", "HOSTILE_VALUES", "IDENTIFIER_TYPES",
    "ROLE_LOCALS", "TABLE_COLUMNS", "TRUTH_COLUMNS", "TRUTH_TABLE", "ZERO_UUID", "build_block",
    "esp_rid_from_url", "generate", "main", "normalize_account_id", "normalize_card_token",
    "normalize_country", "normalize_email", "normalize_esp_record_id", "normalize_loyalty_number",
    "normalize_phone", "normalize_uuid",
]
