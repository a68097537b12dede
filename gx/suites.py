"""Expectation suites of the data-quality gate, run by scripts/quality_check.py.

Plain data, no Great Expectations import: each model group (staging, raw_accounting,
identity_marts, use_case_marts) is a list of GX suites of two kinds.

- TableSuite: row-local expectations (not null, accepted values, formats) validated batch by
  batch on the rows of one warehouse relation, read with DuckDB into pandas.
- FrameSuite: a property of a whole table or of several tables (key uniqueness, referential
  integrity, raw = staged + quarantined, cluster sizes, context conflicts), computed first with
  set-based SQL in DuckDB into a small result frame (usually the violating rows), then asserted
  with GX expectations on that frame (usually: the frame has 0 rows).

Every check has a unique name (kept in the expectation's `meta.check` and shown in the console
and in Data Docs): `<relation>.<column(s)>.<property>`. The suites follow the models' yml files
(models/staging/**, models/marts/**) and the identity rules; they check the published warehouse
independently of dbt's own tests.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, Union

# Schemas of the warehouse: dbt writes <prefix>_staging, <prefix>_marts, ... where the prefix is
# `main` on DuckDB and the profile's schema on PostgreSQL (IDR_PG_SCHEMA); use_target() sets them.
DIALECT = "duckdb"
STAGING = "main_staging"
MARTS = "main_marts"
CONFIG = "main_config"
PRIVATE = "main_private"
VOLUME_HISTORY = "quality_history.row_counts"


def use_target(dialect: str = "duckdb", schema_prefix: str = "main") -> None:
    """Point the suites at a warehouse: dialect duckdb or postgres, schemas <schema_prefix>_*.
    The volume history lives in quality_history (DuckDB) or <prefix>_quality_history, so builds
    under different prefixes of one PostgreSQL database keep their own baselines."""
    global DIALECT, STAGING, MARTS, CONFIG, PRIVATE, VOLUME_HISTORY
    if dialect not in ("duckdb", "postgres"):
        raise ValueError(f"dialect must be duckdb or postgres, not {dialect!r}")
    DIALECT = dialect
    STAGING, MARTS, CONFIG, PRIVATE = (f"{schema_prefix}_{s}" for s in ("staging", "marts", "config", "private"))
    history = "quality_history" if schema_prefix == "main" else f"{schema_prefix}_quality_history"
    VOLUME_HISTORY = f"{history}.row_counts"


def regex_group(expr: str, pattern: str) -> str:
    """SQL: capture group 1 of the first match of pattern in expr ('' when none: DuckDB's
    regexp_extract), in the dialect of the warehouse."""
    if DIALECT == "postgres":
        return f"coalesce((regexp_match({expr}, '{pattern}'))[1], '')"
    return f"regexp_extract({expr}, '{pattern}', 1)"

# Normalised emails are lowercase dot-atom addresses with a dotted domain and a TLD of two or more
# letters (the syntax staging enforces, macros/normalize/email.sql); \Z, not $, so that a trailing
# newline cannot slip through Python's `$`.
EMAIL_REGEX = (
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+([.][a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[a-z0-9]([a-z0-9-]*[a-z0-9])?([.][a-z0-9]([a-z0-9-]*[a-z0-9])?)*[.][a-z]{2,}\Z"
)
E164_REGEX = r"^\+[1-9][0-9]{7,14}\Z"

DEVICE_CLASSES = ["smartphone", "tablet", "desktop", "bot"]

# The raw tables of the source contract, from the one list (the var raw_tables of dbt_project.yml,
# read by scripts/raw_contract.py): source table, base relation (every raw row), staged relation
# (the good rows) and record key.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from raw_contract import count_table, identifier_types, raw_tables  # noqa: E402

IDENTIFIER_TYPES = identifier_types()

STAGING_TABLES = [(table, c["base"], c["staged"], c["key"]) for table, c in raw_tables().items()]


@dataclass(frozen=True)
class Check:
    """One GX expectation: `expectation` is a class name of great_expectations.expectations."""

    name: str
    expectation: str
    kwargs: dict
    notes: str
    when: Optional[tuple[str, Any]] = None  # row condition: only rows where column == value

    def columns(self) -> list[str]:
        cols = [self.kwargs[k] for k in ("column", "column_A", "column_B") if k in self.kwargs]
        cols += list(self.kwargs.get("column_list", []))
        if self.when:
            cols.append(self.when[0])
        return cols


@dataclass
class TableSuite:
    """Row-local checks, validated on every batch of the relation's rows."""

    group: str
    relation: str  # schema.table
    checks: list[Check] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.group}.{self.relation.split('.')[-1]}"

    def columns(self) -> list[str]:
        seen: list[str] = []
        for check in self.checks:
            for col in check.columns():
                if col not in seen:
                    seen.append(col)
        return seen


@dataclass
class FrameSuite:
    """Whole-table checks: `query` (SQL text, or a function of the DuckDB connection returning a
    pandas frame) computes a small frame in DuckDB; the checks are validated on it."""

    group: str
    frame: str
    query: Union[str, Callable[[Any], Any]]
    checks: list[Check]
    description: str

    @property
    def name(self) -> str:
        return f"{self.group}.{self.frame}"


# --------------------------------------------------------------------------------------------
# Check builders
# --------------------------------------------------------------------------------------------

def _short(relation: str) -> str:
    return relation.split(".")[-1]


def not_null(relation: str, column: str, when: Optional[tuple[str, Any]] = None) -> Check:
    where = f" where {when[0]} = {when[1]!r}" if when else ""
    return Check(f"{_short(relation)}.{column}.not_null", "ExpectColumnValuesToNotBeNull",
                 {"column": column}, f"{column} is never NULL{where}.", when)


def is_null(relation: str, column: str, when: tuple[str, Any], label: str) -> Check:
    return Check(f"{_short(relation)}.{column}.null_when_{label}", "ExpectColumnValuesToBeNull",
                 {"column": column}, f"{column} is NULL on every row where {when[0]} = {when[1]!r}.",
                 when)


def accepted_values(relation: str, column: str, values: list) -> Check:
    return Check(f"{_short(relation)}.{column}.accepted_values", "ExpectColumnValuesToBeInSet",
                 {"column": column, "value_set": list(values)},
                 f"{column} is one of {', '.join(map(str, values))} (NULL allowed).")


def email_format(relation: str, column: str, when: Optional[tuple[str, Any]] = None) -> Check:
    where = f" (rows where {when[0]} = {when[1]!r})" if when else ""
    return Check(f"{_short(relation)}.{column}.email_format", "ExpectColumnValuesToMatchRegex",
                 {"column": column, "regex": EMAIL_REGEX},
                 f"{column} is a normalised (lowercase, syntactically valid) email{where}.", when)


def e164_format(relation: str, column: str, when: Optional[tuple[str, Any]] = None) -> Check:
    where = f" (rows where {when[0]} = {when[1]!r})" if when else ""
    return Check(f"{_short(relation)}.{column}.e164_format", "ExpectColumnValuesToMatchRegex",
                 {"column": column, "regex": E164_REGEX},
                 f"{column} is a phone number in E.164 (+ and 8 to 15 digits){where}.", when)


def no_rows(name: str, notes: str) -> Check:
    return Check(name, "ExpectTableRowCountToEqual", {"value": 0}, notes)


def duplicates(group: str, relation: str, columns: list[str]) -> FrameSuite:
    """Key uniqueness over the whole table: the frame of duplicated keys must be empty."""
    cols = ", ".join(columns)
    not_nulls = " and ".join(f"{c} is not null" for c in columns)
    label = "+".join(columns)
    sql = (f"select {cols}, count(*) as n_rows from {relation} where {not_nulls} "
           f"group by {cols} having count(*) > 1 order by n_rows desc, {cols}")
    return FrameSuite(
        group, f"{_short(relation)}__duplicate_{'_'.join(columns)}", sql,
        [no_rows(f"{_short(relation)}.{label}.unique",
                 f"({cols}) is unique over the whole of {relation}: the frame of keys held by "
                 "more than one row has 0 rows.")],
        f"Keys ({cols}) of {relation} held by more than one row.")


def orphans(group: str, relation: str, column: str, parent: str, parent_column: str) -> FrameSuite:
    """Referential integrity: values of relation.column missing from parent.parent_column."""
    sql = (f"select child.{column}, count(*) as n_rows from {relation} as child "
           f"where child.{column} is not null and not exists ("
           f"select 1 from {parent} as parent where parent.{parent_column} = child.{column}) "
           f"group by child.{column} order by n_rows desc, child.{column}")
    return FrameSuite(
        group, f"{_short(relation)}__{column}_orphans", sql,
        [no_rows(f"{_short(relation)}.{column}.references_{_short(parent)}",
                 f"Every non-NULL {relation}.{column} exists in {parent}.{parent_column}: the frame "
                 "of values without a parent row has 0 rows.")],
        f"Values of {relation}.{column} with no row in {parent}.{parent_column}.")


def largest_clusters(group: str, frame: str, sql: str, name: str, column: str, limit: int,
                     what: str) -> FrameSuite:
    """Cluster-size bound: the (at most 20) largest clusters; their maximum size <= limit."""
    return FrameSuite(
        group, frame, sql,
        [Check(name, "ExpectColumnMaxToBeBetween", {"column": column, "max_value": limit},
               f"No {what} larger than {limit} (the frame holds the 20 largest).")],
        f"The largest {what}s.")


# --------------------------------------------------------------------------------------------
# Suites
# --------------------------------------------------------------------------------------------

def staging_suites() -> list:
    g = "staging"
    s = STAGING
    suites: list = []

    def table(name: str, *checks: Check) -> None:
        suites.append(TableSuite(g, f"{s}.{name}", list(checks)))

    web, app = f"{s}.stg_web__events", f"{s}.stg_app__events"
    table("stg_web__events",
          not_null(web, "event_id"), not_null(web, "occurred_at"), not_null(web, "anonymous_id"),
          accepted_values(web, "device_class", DEVICE_CLASSES),
          email_format(web, "form_email"))
    table("stg_app__events",
          not_null(app, "event_id"), not_null(app, "occurred_at"), not_null(app, "device_id"),
          accepted_values(app, "platform", ["ios", "android"]),
          accepted_values(app, "device_class", DEVICE_CLASSES))
    esp = f"{s}.stg_esp__recipients"
    table("stg_esp__recipients",
          not_null(esp, "esp_record_id"), not_null(esp, "email"), email_format(esp, "email"))
    acc = f"{s}.stg_crm__accounts"
    table("stg_crm__accounts", not_null(acc, "account_id"), not_null(acc, "created_at"))
    cp = f"{s}.stg_crm__contact_points"
    table("stg_crm__contact_points",
          not_null(cp, "contact_point_id"), not_null(cp, "account_id"), not_null(cp, "kind"),
          not_null(cp, "contact_value"),
          accepted_values(cp, "kind", ["email", "phone"]),
          accepted_values(cp, "added_by", ["customer", "agent", "import", "two_factor", "other",
                                           "unknown"]),
          e164_format(cp, "contact_value", when=("kind", "phone")),
          email_format(cp, "contact_value", when=("kind", "email")))
    pref = f"{s}.stg_crm__preferences"
    table("stg_crm__preferences",
          not_null(pref, "preference_id"), not_null(pref, "account_id"), not_null(pref, "kind"),
          not_null(pref, "preference_value"))
    orders = f"{s}.stg_commerce__orders"
    table("stg_commerce__orders",
          not_null(orders, "order_id"), not_null(orders, "ordered_at"),
          accepted_values(orders, "channel", ["web", "app", "store", "phone", "other"]),
          email_format(orders, "email"), e164_format(orders, "phone"))
    bookings = f"{s}.stg_travel__bookings"
    table("stg_travel__bookings",
          not_null(bookings, "booking_id"), not_null(bookings, "booked_at"),
          not_null(bookings, "account_id"))
    guests = f"{s}.stg_travel__booking_guests"
    table("stg_travel__booking_guests",
          not_null(guests, "booking_guest_id"), not_null(guests, "booking_id"),
          not_null(guests, "guest_no"), email_format(guests, "email"), e164_format(guests, "phone"))
    members = f"{s}.stg_loyalty__members"
    table("stg_loyalty__members",
          not_null(members, "loyalty_number"), email_format(members, "email"),
          e164_format(members, "phone"))
    pos = f"{s}.stg_loyalty__pos_transactions"
    table("stg_loyalty__pos_transactions",
          not_null(pos, "transaction_id"), not_null(pos, "occurred_at"))
    subs = f"{s}.stg_marketing__subscriptions"
    table("stg_marketing__subscriptions",
          not_null(subs, "subscription_event_id"), not_null(subs, "email"),
          not_null(subs, "list_name"), not_null(subs, "status"), not_null(subs, "updated_at"),
          accepted_values(subs, "status", ["subscribed", "unsubscribed"]),
          email_format(subs, "email"))
    erasure = f"{s}.stg_privacy__erasure_requests"
    table("stg_privacy__erasure_requests",
          not_null(erasure, "erasure_request_id"), not_null(erasure, "identifier_type"),
          not_null(erasure, "identifier_value"), not_null(erasure, "requested_at"))

    for _source, _base, staged, key in STAGING_TABLES:
        suites.append(duplicates(g, f"{s}.{staged}", [key]))
    return suites


def purged_rows(con, base_model: str) -> int:
    """Rows of erased persons the purge deleted from a base table since it was last built in full
    (main_private.erasure_log, counts only: docs/privacy.md); 0 when nothing was ever purged."""
    try:
        return int(con.rows(
            f"select coalesce(sum(n_rows), 0) from {PRIVATE}.erasure_log "
            "where relation_name = ? and run_started_at >= coalesce("
            f"(select min(_loaded_at) from {STAGING}.{base_model}), run_started_at)",
            [base_model.lower()])[0][0])
    except Exception:  # noqa: BLE001 - no erasure log yet: nothing purged
        return 0


def raw_accounting_frame(raw_data_path: Optional[str], raw_schema: str = "raw") -> Callable[[Any], Any]:
    """Per raw table: raw rows counted on their own, independently of the models that load them
    (the files of raw_data_path with Python's csv module and Parquet footers; in a warehouse, the
    raw tables of the schema `raw`), staged rows, quarantined rows and rows of erased persons
    purged (n_staged_plus_quarantined counts all three). Without a way to count the
    raw rows, n_raw is NULL and the not_null check fails: the suite never balances by construction."""

    def frame(con) -> Any:
        import pandas as pd

        quarantined = dict(con.rows(
            f"select source_table, count(*) from {STAGING}.quarantined_records group by source_table"))
        rows = []
        for source_table, _base, staged, _key in STAGING_TABLES:
            if raw_data_path:
                n_raw, raw_source = count_table(Path(raw_data_path), source_table), f"files in {raw_data_path}"
            else:
                try:
                    n_raw = con.rows(f"select count(*) from {raw_schema}.{source_table}")[0][0]
                    raw_source = f"{raw_schema}.{source_table}"
                except Exception:  # noqa: BLE001 - no raw table: nothing to count from
                    n_raw, raw_source = None, "unknown (no raw_data_path, no raw schema)"
            try:
                n_staged = con.rows(f"select count(*) from {STAGING}.{staged}")[0][0]
            except Exception:  # noqa: BLE001 - a missing staged model fails the check below
                n_staged = None
            n_quarantined = int(quarantined.get(source_table, 0))
            n_purged = purged_rows(con, _base)
            rows.append({
                "source_table": source_table,
                "n_raw": n_raw,
                "n_staged": n_staged,
                "n_quarantined": n_quarantined,
                "n_purged": n_purged,
                "n_staged_plus_quarantined": None if n_staged is None else n_staged + n_quarantined + n_purged,
                "raw_count_source": raw_source,
            })
        result = pd.DataFrame(rows)
        for col in ("n_raw", "n_staged", "n_staged_plus_quarantined"):
            result[col] = result[col].astype("Int64")
        return result

    return frame


def raw_accounting_suites(raw_data_path: Optional[str] = None, raw_schema: str = "raw") -> list:
    g = "raw_accounting"
    q = f"{STAGING}.quarantined_records"
    sources = [t[0] for t in STAGING_TABLES]
    checks = [
        Check("raw_accounting.source_table.every_contract_table", "ExpectColumnDistinctValuesToEqualSet",
              {"column": "source_table", "value_set": sources},
              "One row per raw table of the source contract."),
        not_null("raw_accounting", "n_raw"),
        not_null("raw_accounting", "n_staged"),
    ]
    for source in sources:
        checks.append(Check(
            f"{source}.raw_rows.equal_staged_plus_quarantined", "ExpectColumnPairValuesToBeEqual",
            {"column_A": "n_raw", "column_B": "n_staged_plus_quarantined",
             "ignore_row_if": "neither"},
            f"Every raw row of {source} is staged or quarantined, never both, never lost.",
            ("source_table", source)))
    return [
        FrameSuite(g, "raw_staged_quarantined", raw_accounting_frame(raw_data_path, raw_schema), checks,
                   "Raw, staged and quarantined rows per raw table."),
        TableSuite(g, q, [
            not_null(q, "quarantined_record_id"), not_null(q, "source_table"),
            accepted_values(q, "source_table", sources), not_null(q, "reason_category"),
            accepted_values(q, "reason_category", ["missing", "unparsable", "invalid", "duplicate"]),
            not_null(q, "reason"), not_null(q, "raw_record"),
        ]),
        duplicates(g, q, ["quarantined_record_id"]),
    ]


DOMAIN_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789.-"  # of a normalised email's domain


def one_slip_away(word: str, alphabet: str = DOMAIN_CHARS) -> set[str]:
    """Every string at Damerau-Levenshtein distance at most 1 from word over alphabet (the word,
    one character deleted, inserted or replaced, two neighbours swapped). Computed here, in Python,
    independently of the dbt macro that lists typing slips, and the same on every engine."""
    out = {word}
    for i in range(len(word) + 1):
        left, right = word[:i], word[i:]
        out.update(left + c + right for c in alphabet)
        if right:
            out.add(left + right[1:])
            out.update(left + c + right[1:] for c in alphabet)
        if len(right) > 1:
            out.add(left + right[1] + right[0] + right[2:])
    return out


def personas_mixing_contexts_frame(identity_map: str, email_domain_typos: bool = True) -> Callable[[Any], Any]:
    """Personas holding both a business and a personal email. Personal: the domain is listed in
    personal_email_domains (a row `name.*` lists every domain whose first label is `name`) or, with
    email_domain_typos, one typing slip from a listed one; role inboxes count as neither."""

    def frame(con) -> Any:
        listed = [d for (d,) in con.rows(f"select domain from {CONFIG}.personal_email_domains")]
        slips, label_slips = set(), set()
        if email_domain_typos:
            for domain in listed:
                if domain.endswith(".*"):
                    label_slips |= one_slip_away(domain[:-2])
                else:
                    slips |= one_slip_away(domain)
        local_part = regex_group("identifier_value", "^(.+)@[^@]*$")
        domain = regex_group("identifier_value", "@([^@]+)$")
        first_label = regex_group("domain", "^([^.]+)[.]")
        sql = f"""
            with emails as (
                select
                    persona_id,
                    identifier_value as email,
                    regexp_replace({local_part}, '[+].*$', '') as local_part,
                    {domain} as domain
                from {identity_map}
                where identifier_type = 'email' and persona_id is not null
            ),
            slips as (select unnest(cast(? as text[])) as domain),
            label_slips as (select unnest(cast(? as text[])) as label),
            classified as (
                select
                    persona_id,
                    email,
                    case
                        when local_part in (select local_part from {CONFIG}.role_email_local_parts)
                            then 'role'
                        when domain in (select domain from {CONFIG}.personal_email_domains)
                            or {first_label} || '.*' in (select domain from {CONFIG}.personal_email_domains)
                            or domain in (select domain from slips)
                            or {first_label} in (select label from label_slips)
                            then 'personal'
                        else 'business'
                    end as email_context
                from emails
            ),
            per_persona as (
                select
                    persona_id,
                    count(*) filter (where email_context = 'business') as n_business_emails,
                    count(*) filter (where email_context = 'personal') as n_personal_emails,
                    min(email) filter (where email_context = 'business') as a_business_email,
                    min(email) filter (where email_context = 'personal') as a_personal_email
                from classified
                group by persona_id
            )
            select * from per_persona
            where n_business_emails > 0 and n_personal_emails > 0
            order by persona_id
        """
        return con.frame(sql, [sorted(slips), sorted(label_slips)])

    return frame



def identity_mart_suites(max_persona_identifiers: int, max_person_personas: int,
                         email_domain_typos: bool = True) -> list:
    g = "identity_marts"
    m = MARTS
    im, devices, personas, persons = (f"{m}.identity_map", f"{m}.dim_devices", f"{m}.dim_personas",
                                      f"{m}.dim_persons")
    shared = ("is_shared", True)
    context_frame = personas_mixing_contexts_frame(im, email_domain_typos)
    return [
        TableSuite(g, im, [
            not_null(im, "identifier_type"), not_null(im, "identifier_value"),
            accepted_values(im, "identifier_type", IDENTIFIER_TYPES),
            not_null(im, "is_shared"),
            is_null(im, "persona_id", shared, "shared"), is_null(im, "person_id", shared, "shared"),
            email_format(im, "identifier_value", when=("identifier_type", "email")),
            e164_format(im, "identifier_value", when=("identifier_type", "phone")),
        ]),
        duplicates(g, im, ["identifier_type", "identifier_value"]),
        orphans(g, im, "device_id", devices, "device_id"),
        orphans(g, im, "persona_id", personas, "persona_id"),
        orphans(g, im, "person_id", persons, "person_id"),
        TableSuite(g, devices, [
            not_null(devices, "device_id"), not_null(devices, "identifier_type"),
            accepted_values(devices, "identifier_type", ["anonymous_id", "device_id"]),
            not_null(devices, "identifier_value"), not_null(devices, "is_shared"),
        ]),
        duplicates(g, devices, ["device_id"]),
        TableSuite(g, personas, [
            not_null(personas, "persona_id"), not_null(personas, "person_id"),
            not_null(personas, "context"),
            accepted_values(personas, "context", ["business", "personal", "unknown"]),
        ]),
        duplicates(g, personas, ["persona_id"]),
        duplicates(g, personas, ["account_id"]),
        orphans(g, personas, "person_id", persons, "person_id"),
        TableSuite(g, persons, [not_null(persons, "person_id")]),
        duplicates(g, persons, ["person_id"]),
        largest_clusters(
            g, "largest_personas",
            f"select persona_id, count(*) as n_identifiers from {im} where persona_id is not null "
            "group by persona_id order by n_identifiers desc, persona_id limit 20",
            f"identity_map.identifiers_per_persona.at_most_{max_persona_identifiers}",
            "n_identifiers", max_persona_identifiers, "persona (identifiers per persona)"),
        largest_clusters(
            g, "largest_persons",
            f"select person_id, count(*) as n_personas from {personas} where person_id is not null "
            "group by person_id order by n_personas desc, person_id limit 20",
            f"dim_personas.personas_per_person.at_most_{max_person_personas}",
            "n_personas", max_person_personas, "person (personas per person)"),
        FrameSuite(g, "personas_mixing_contexts", context_frame, [
            no_rows("identity_map.persona.no_business_and_personal_email",
                    "No persona holds both a business and a personal email (personal: domain in "
                    "main_config.personal_email_domains or one typing slip from one; role inboxes, local part in "
                    "main_config.role_email_local_parts, count as neither)."),
        ], "Personas holding both a business and a personal email."),
    ]


def use_case_mart_suites() -> list:
    g = "use_case_marts"
    m = MARTS
    reminders, jobs = f"{m}.booking_guest_reminders", f"{m}.job_alert_audience"
    prompts, segments = f"{m}.app_install_prompts", f"{m}.content_interest_segments"
    promo, safety = f"{m}.newsletter_cross_promotion", f"{m}.person_safety_attributes"
    return [
        TableSuite(g, reminders, [
            not_null(reminders, "booking_id"), not_null(reminders, "guest_no"),
            not_null(reminders, "email"), email_format(reminders, "email"),
        ]),
        duplicates(g, reminders, ["booking_id", "guest_no"]),
        TableSuite(g, jobs, [
            not_null(jobs, "persona_id"), not_null(jobs, "email"), email_format(jobs, "email"),
        ]),
        duplicates(g, jobs, ["persona_id", "email", "list_name"]),
        orphans(g, jobs, "persona_id", f"{m}.dim_personas", "persona_id"),
        TableSuite(g, prompts, [
            not_null(prompts, "device_id"), accepted_values(prompts, "device_class", ["smartphone"]),
        ]),
        duplicates(g, prompts, ["device_id"]),
        TableSuite(g, segments, [not_null(segments, "device_id"), not_null(segments, "segment")]),
        duplicates(g, segments, ["device_id", "segment"]),
        TableSuite(g, promo, [
            not_null(promo, "persona_id"), not_null(promo, "email"),
            not_null(promo, "suggested_list"), email_format(promo, "email"),
        ]),
        duplicates(g, promo, ["persona_id", "email", "subscribed_list", "suggested_list"]),
        TableSuite(g, safety, [not_null(safety, "person_id"), not_null(safety, "account_id")]),
        duplicates(g, safety, ["account_id", "kind", "value", "recorded_on_account_id"]),
    ]


GROUPS = ["staging", "raw_accounting", "identity_marts", "use_case_marts"]


# --------------------------------------------------------------------------------------------
# Volume guard: row counts against the previous run of the gate
# --------------------------------------------------------------------------------------------

def monitored_row_counts(con) -> dict[str, int]:
    """Rows per raw table (its base model: every row that arrived) and per published mart."""
    counts: dict[str, int] = {}
    for table, base, _staged, _key in STAGING_TABLES:
        try:
            counts[f"raw:{table}"] = con.rows(f"select count(*) from {STAGING}.{base}")[0][0]
        except Exception:  # noqa: BLE001 - a missing base model counts as empty
            counts[f"raw:{table}"] = 0
    marts = [name for (name,) in con.rows(
        "select table_name from information_schema.tables where table_schema = ? order by 1", [MARTS])]
    for mart in marts:
        counts[mart] = con.rows(f"select count(*) from {MARTS}.{mart}")[0][0]
    return counts


def previous_row_counts(con) -> dict[str, int]:
    """The counts recorded by the latest earlier run of the gate ({} on the first run)."""
    try:
        return dict(con.rows(
            f"select relation, n_rows from {VOLUME_HISTORY} "
            f"where run_id = (select max(run_id) from {VOLUME_HISTORY})"))
    except Exception:  # noqa: BLE001 - no history yet
        return {}


def record_row_counts(con, counts: dict[str, int]) -> None:
    """Appends this run's counts to the history (a write connection)."""
    con.execute(f"create schema if not exists {VOLUME_HISTORY.split('.')[0]}")
    con.execute(f"create table if not exists {VOLUME_HISTORY} "
                "(run_id integer, recorded_at timestamp, relation varchar, n_rows bigint)")
    run_id = con.rows(f"select coalesce(max(run_id), 0) + 1 from {VOLUME_HISTORY}")[0][0]
    con.executemany(f"insert into {VOLUME_HISTORY} values (?, current_timestamp, ?, ?)",
                    [(run_id, relation, n) for relation, n in counts.items()])


def volume_frame(max_drop_share: float) -> Callable[[Any], Any]:
    """The relations whose row count fell to zero, or by more than max_drop_share, against the
    previous run of the gate (a relation gone since counts as zero)."""

    def frame(con) -> Any:
        import pandas as pd

        now, before = monitored_row_counts(con), previous_row_counts(con)
        rows = []
        for relation, n_previous in sorted(before.items()):
            n_now = now.get(relation, 0)
            if n_previous > 0 and (n_now == 0 or n_now < n_previous * (1 - max_drop_share)):
                rows.append({"relation": relation, "n_previous": int(n_previous), "n_now": int(n_now)})
        return pd.DataFrame(rows, columns=["relation", "n_previous", "n_now"])

    return frame


def volume_suites(max_drop_share: float) -> list:
    return [FrameSuite("volume", "row_count_drops", volume_frame(max_drop_share), [
        Check("volume.row_counts.no_sharp_drop", "ExpectTableRowCountToEqual", {"value": 0},
              f"No raw table or mart lost more than {max_drop_share:.0%} of its rows, or all of them, "
              "since the previous run of the gate (the failing rows name the tables)."),
    ], "Row counts per raw table and mart against the previous run.")]


def build(max_persona_identifiers: int = 200, max_person_personas: int = 50,
          email_domain_typos: bool = True, raw_data_path: Optional[str] = None,
          volume_drop_max_share: float = 0.5, raw_schema: str = "raw") -> dict[str, list]:
    """The suites of every model group, in run order."""
    return {
        "staging": staging_suites(),
        "raw_accounting": raw_accounting_suites(raw_data_path, raw_schema),
        "volume": volume_suites(volume_drop_max_share),
        "identity_marts": identity_mart_suites(max_persona_identifiers, max_person_personas, email_domain_typos),
        "use_case_marts": use_case_mart_suites(),
    }
