"""Person-record noise: the slips people and clerks make when they type a person's details.

A person is described by several records: crm_accounts and loyalty_members (name, date of birth,
address), booking_guests (name), orders (shipping address). Each such record is noisy with
probability ``--person-noise`` (default PERSON_NOISE_DEFAULT; 0 disables all of this). A noisy
record gets one kind of noise drawn from NOISE_KIND_WEIGHTS among the kinds that apply to it (a
guest has no address, an order no name), and a second kind with probability SECOND_KIND_RATE:

* ``typo``                one insert, delete, substitute (a neighbouring key) or transposition
                          in the first name, last name, street or city;
* ``nickname``            the first name written as a nickname or the formal name (NICKNAMES);
* ``swapped_names``       first and last name in each other's field;
* ``dob_missing``         no date of birth;
* ``dob_impossible``      a date that does not exist (30 or 31 February, month 13, day 00),
                          in the record's own date style;
* ``dob_day_month``       day and month exchanged (a valid wrong date when the day is 12 or less);
* ``moved``               a record at the person's home address shows their new address instead
                          (a person moves once: every moved record of that person shows the same
                          new address, in the same country);
* ``postcode_transposed`` two neighbouring, different digits of the postal code exchanged;
* ``blank``               one field left empty (NULL, or spaces).

Details-only persons: with probability ``person_noise`` (times DETAILS_ONLY_SHARE) a person gives
the loyalty desk no e-mail and no phone, and the till keeps the loyalty card off their orders. Their
loyalty member record then shares no identifier with their account: only the details (name, date
of birth, address) can link them.

Identifiers are never touched, so truth_identifiers (the true person behind every identifier of
every record) stays exact. The noise draws from its own random stream (``default_rng([seed,
NOISE_STREAM, block])``) and the details-only records make the same draws from the block's main
stream as before, with their results dropped: so the files with noise differ from the files
without it exactly by the noise, and ``--person-noise 0`` writes the same bytes as the generator
before noise existed.
"""
from __future__ import annotations

import random
from contextlib import contextmanager

import numpy as np

from .config import TABLE_COLUMNS

PERSON_NOISE_DEFAULT = 0.15        # share of person records with noise
NOISE_STREAM = 3
SECOND_KIND_RATE = 0.25            # noisy records with a second kind of noise
DETAILS_ONLY_SHARE = 1.0           # details-only persons = person_noise * this, of all persons
NOISE_KIND_WEIGHTS = {
    "typo": 0.30, "nickname": 0.08, "swapped_names": 0.06, "dob_missing": 0.08, "dob_impossible": 0.06,
    "dob_day_month": 0.04, "moved": 0.16, "postcode_transposed": 0.10, "blank": 0.12,
}
# The person-describing columns of each record type: field -> column of the source contract.
PERSON_FIELDS = {
    "crm_accounts": {"first": "first_name", "last": "last_name", "dob": "date_of_birth", "street": "street",
                     "city": "city", "postal": "postal_code"},
    "loyalty_members": {"first": "first_name", "last": "last_name", "dob": "date_of_birth", "street": "street",
                        "city": "city", "postal": "postal_code"},
    "booking_guests": {"first": "first_name", "last": "last_name"},
    "orders": {"street": "ship_street", "city": "ship_city", "postal": "ship_postal_code"},
}
TYPO_FIELDS = ("first", "last", "street", "city")
BLANK_FIELDS = ("first", "last", "dob", "street", "city", "postal")
ADDRESS_FIELDS = ("street", "city", "postal")
# Formal first name -> nicknames, and a nickname -> its formal names (both directions occur).
NICKNAMES = {
    "William": ["Bill", "Will", "Liam"], "Robert": ["Bob", "Rob", "Bobby"], "Michael": ["Mike", "Mick"],
    "James": ["Jim", "Jamie"], "John": ["Johnny", "Jack"], "Elizabeth": ["Liz", "Beth", "Lisa"],
    "Jennifer": ["Jen", "Jenny"], "Patricia": ["Pat", "Trish"], "Christopher": ["Chris", "Kit"],
    "Matthew": ["Matt"], "Daniel": ["Dan", "Danny"], "Andrew": ["Andy", "Drew"], "Joshua": ["Josh"],
    "Jessica": ["Jess"], "Ashley": ["Ash"], "Megan": ["Meg"], "Thomas": ["Tom", "Tommy"],
    "Benjamin": ["Ben"], "Charlotte": ["Lottie", "Charlie"], "Oliver": ["Ollie"], "Amelia": ["Millie"],
    "Olivia": ["Liv"], "Sophie": ["Soph"], "Emily": ["Em", "Emmy"], "Alexander": ["Alex"],
    "Alessandro": ["Sandro", "Alex"], "Alejandro": ["Alex", "Álex"], "Giuseppe": ["Beppe", "Pino"],
    "Giovanni": ["Gianni"], "Francesco": ["Franco"], "Lorenzo": ["Enzo"], "Francesca": ["Franci"],
    "José": ["Pepe"], "Manuel": ["Manolo"], "Antonio": ["Toni"], "Javier": ["Javi"], "María": ["Mari"],
    "Katharina": ["Kathi", "Katja"], "Jürgen": ["Jürg"], "Lukas": ["Luke"], "Hannah": ["Hanna"],
    "Pierre": ["Pierrot"], "Mathieu": ["Matt"], "Louis": ["Lou"], "Camille": ["Cam"],
    "Lachlan": ["Lachie"], "Matilda": ["Tilly"], "Callum": ["Cal"], "Harry": ["Harold"], "Jack": ["John"],
    "Sam": ["Samuel", "Samantha"], "Joe": ["Joseph"], "Anne": ["Annie", "Ann"], "Julia": ["Julie"],
    "Charlie": ["Charles"], "Max": ["Maximilian"], "Leo": ["Leonard"], "Finn": ["Finnegan"],
    "Wei": ["Vivian"], "Sabine": ["Bine"], "Luca": ["Luke"], "Noah": ["Noé"],
}
# QWERTY neighbours: substitutions and insertions hit a key next to the intended one.
_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
KEY_NEIGHBOURS = {}
for _i, _row in enumerate(_ROWS):
    for _j, _c in enumerate(_row):
        near = [_row[k] for k in (_j - 1, _j + 1) if 0 <= k < len(_row)]
        for _other in (_i - 1, _i + 1):
            if 0 <= _other < len(_ROWS):
                near += [_ROWS[_other][k] for k in (_j - 1, _j) if 0 <= k < len(_ROWS[_other])]
        KEY_NEIGHBOURS[_c] = near


def noise_random(seed: int, block: int) -> random.Random:
    """The noise stream of one block (apart from the block's main stream)."""
    g = np.random.default_rng([seed, NOISE_STREAM, block])
    return random.Random(int(g.integers(0, 2**62)))


def _recase(template: str, value: str) -> str:
    """value written the way template is (upper / lower case, surrounding spaces)."""
    core = template.strip()
    if core.isupper():
        value = value.upper()
    elif core.islower():
        value = value.lower()
    lead = template[:len(template) - len(template.lstrip())]
    trail = template[len(template.rstrip()):]
    return lead + value + trail


def typo(r: random.Random, s: str) -> str:
    """One keyboard slip in s: insert, delete, substitute or transpose (s changes)."""
    letters = [i for i, c in enumerate(s) if c.isascii() and c.isalpha()]
    if not letters:
        return s + s[-1] if s else s
    i = r.choice(letters)
    c = s[i]
    near = KEY_NEIGHBOURS.get(c.lower(), ["e"])
    pick = r.choice(near)
    op = r.randrange(4)
    if op == 3 and i + 1 < len(s) and s[i + 1] != c:
        return s[:i] + s[i + 1] + c + s[i + 2:]
    if op == 1 and len(s.strip()) > 2:
        return s[:i] + s[i + 1:]
    if op == 0:
        return s[:i] + (pick.upper() if s.isupper() else pick) + s[i:]
    return s[:i] + (pick.upper() if c.isupper() else pick) + s[i + 1:]


def _date_parts(text: str):
    """(style, year, month, day) of a raw date of birth (ISO, dd/mm/yyyy or yyyy/mm/dd), or None."""
    t = text.strip()
    if len(t) != 10:
        return None
    if t[4] == "-" and t[7] == "-":
        style, y, m, d = "iso", t[0:4], t[5:7], t[8:10]
    elif t[2] == "/" and t[5] == "/":
        style, y, m, d = "dmy", t[6:10], t[3:5], t[0:2]
    elif t[4] == "/" and t[7] == "/":
        style, y, m, d = "ymd", t[0:4], t[5:7], t[8:10]
    else:
        return None
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        return None
    return style, y, m, d


def _format_date(style: str, y: str, m: str, d: str) -> str:
    if style == "iso":
        return f"{y}-{m}-{d}"
    if style == "dmy":
        return f"{d}/{m}/{y}"
    return f"{y}/{m}/{d}"


def impossible_date(r: random.Random, text: str) -> str:
    style, y, m, d = _date_parts(text)
    k = r.randrange(3)
    if k == 0:
        return _format_date(style, y, "02", r.choice(["30", "31"]))
    if k == 1:
        return _format_date(style, y, "13", d)
    return _format_date(style, y, m, "00")


def day_month_swapped(text: str) -> str:
    style, y, m, d = _date_parts(text)
    return _format_date(style, y, d, m)


def transposed_postcode(r: random.Random, postal: str) -> str:
    spots = [i for i in range(len(postal) - 1)
             if postal[i].isdigit() and postal[i + 1].isdigit() and postal[i] != postal[i + 1]]
    i = r.choice(spots)
    return postal[:i] + postal[i + 1] + postal[i] + postal[i + 2:]


class PersonNoise:
    """Mixin of Block: person-record noise over the rows the writers collected (see the module)."""

    @contextmanager
    def _unregistered(self):
        """Draw as usual but register no truth (for values that are then dropped from the row)."""
        kept, self.truth = self.truth, set()
        try:
            yield
        finally:
            self.truth = kept

    def _choose_details_only(self):
        """Persons who give the loyalty desk no e-mail or phone (after the personas exist)."""
        if not self.w.person_noise:
            return
        rate = self.w.person_noise * DETAILS_ONLY_SHARE
        for p in self.persons:
            if self.nr.random() < rate:
                p.flags.add("details_only")

    def _person_noise(self):
        if not self.w.person_noise:
            return
        self.new_address = {}
        for table, fields in PERSON_FIELDS.items():
            columns = TABLE_COLUMNS[table]
            index = {f: columns.index(c) for f, c in fields.items()}
            rows = self.rows[table]
            for k, person in enumerate(self.row_persons[table]):
                if self.nr.random() >= self.w.person_noise:
                    continue
                row = list(rows[k])
                first = self._noise_once(row, index, person)
                if self.nr.random() < SECOND_KIND_RATE:
                    self._noise_once(row, index, person, exclude=first)
                rows[k] = tuple(row)

    def _applicable(self, row, index, person, kind) -> bool:
        v = {f: row[i] for f, i in index.items()}
        if kind == "typo":
            return any(v.get(f) and v[f].strip() for f in TYPO_FIELDS)
        if kind == "nickname":
            return bool(v.get("first")) and v["first"].strip().title() in NICKNAMES_TITLE
        if kind == "swapped_names":
            return bool(v.get("first") and v.get("last")) and v["first"].strip() != v["last"].strip()
        if kind == "dob_missing":
            return bool(v.get("dob"))
        if kind in ("dob_impossible", "dob_day_month"):
            parts = _date_parts(v["dob"]) if v.get("dob") else None
            return parts is not None and (kind == "dob_impossible" or parts[2] != parts[3])
        if kind == "moved":       # only a record at the person's home address shows the move
            return person is not None and bool(v.get("street")) and v.get("postal") == person.postal
        if kind == "postcode_transposed":
            p = v.get("postal")
            return bool(p) and any(p[i].isdigit() and p[i + 1].isdigit() and p[i] != p[i + 1]
                                   for i in range(len(p) - 1))
        if kind == "blank":
            return any(v.get(f) for f in BLANK_FIELDS if f in v)
        raise ValueError(kind)

    def _noise_once(self, row, index, person, exclude=None):
        r = self.nr
        kinds = [k for k in NOISE_KIND_WEIGHTS if k != exclude and self._applicable(row, index, person, k)]
        if not kinds:
            return None
        kind = r.choices(kinds, weights=[NOISE_KIND_WEIGHTS[k] for k in kinds])[0]
        if kind == "typo":
            f = r.choice([f for f in TYPO_FIELDS if f in index and row[index[f]] and row[index[f]].strip()])
            row[index[f]] = typo(r, row[index[f]])
        elif kind == "nickname":
            first = row[index["first"]]
            row[index["first"]] = _recase(first, r.choice(NICKNAMES_TITLE[first.strip().title()]))
        elif kind == "swapped_names":
            row[index["first"]], row[index["last"]] = row[index["last"]], row[index["first"]]
        elif kind == "dob_missing":
            row[index["dob"]] = None
        elif kind == "dob_impossible":
            row[index["dob"]] = impossible_date(r, row[index["dob"]])
        elif kind == "dob_day_month":
            row[index["dob"]] = day_month_swapped(row[index["dob"]])
        elif kind == "moved":
            if person.key not in self.new_address:
                self.new_address[person.key] = self.address(person.country, r)
            street, city, postal = self.new_address[person.key]
            row[index["street"]], row[index["city"]], row[index["postal"]] = street, city, postal
        elif kind == "postcode_transposed":
            row[index["postal"]] = transposed_postcode(r, row[index["postal"]])
        else:
            f = r.choice([f for f in BLANK_FIELDS if f in index and row[index[f]]])
            row[index[f]] = None if r.random() < 0.8 else " "
        return kind


NICKNAMES_TITLE = {k.title(): v for k, v in NICKNAMES.items()}
