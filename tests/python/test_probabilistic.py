"""Probabilistic person linking (issue 16): the probable person level joins strict persons whose
records describe one person with typos, swapped names or an impossible date, and nothing else.

A small business (module fixture): Pat has two accounts and a loyalty card that share no
identifier (typos in the name, "Harbor Rd" for "Harbour Road", first and last name swapped and an
impossible date of birth on the card); Ngozi, a namesake in the same city, is a stranger. Strict
levels keep all of them apart; the probable level joins Pat's three records only. Each test has a
negative control: the same check on a deliberately broken input, or a second run with a threshold
nothing reaches.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import run_dbt, run_explain
from scenario_data import Tables

MARTS = "main_marts"
INTERMEDIATE = "main_intermediate"


def business() -> Tables:
    t = Tables()
    t.account("acc_pat_a", first_name="Patricia", last_name="Okonkwo", date_of_birth="1985-03-14",
              street="12 Harbour Road", city="Springfield", postal_code="62704")
    t.contact("acc_pat_a", "email", "pat.okonkwo@gmail.com")
    t.add("preferences", account_id="acc_pat_a", kind="allergy", value="peanut",
          updated_at="2026-01-01T00:00:00Z")
    t.account("acc_pat_b", first_name="Patrica", last_name="Okonkow", date_of_birth="1985-03-14",
              street="12 Harbor Rd", city="Springfield", postal_code="62704")
    t.contact("acc_pat_b", "email", "patricia.o@yahoo.com")
    t.add("subscriptions", email="patricia.o@yahoo.com", list_name="job_alerts", status="subscribed",
          updated_at="2026-02-01T00:00:00Z")
    t.add("loyalty_members", loyalty_number="LOYPAT001", enrolled_at="2025-06-01T00:00:00Z",
          first_name="Okonkwo", last_name="Patricia", date_of_birth="1985-02-31",
          street="12 Harbour Road", city="Springfield", postal_code="62704", country="US")
    # Ngozi: same surname and city, everything else differs.
    t.account("acc_ngozi", first_name="Ngozi", last_name="Okonkwo", date_of_birth="1962-11-30",
              street="88 Elm Street", city="Springfield", postal_code="62701")
    t.contact("acc_ngozi", "email", "ngozi.ok@gmail.com")
    t.add("subscriptions", email="ngozi.ok@gmail.com", list_name="job_alerts", status="subscribed",
          updated_at="2026-02-01T00:00:00Z")
    # Chidi: Pat's son, same address, own name and date of birth.
    t.account("acc_chidi", first_name="Chidi", last_name="Okonkwo", date_of_birth="2012-06-01",
              street="12 Harbour Road", city="Springfield", postal_code="62704")
    # People around them, so that the term frequencies and blocks are not all Pat's.
    for n, (first, last, dob, street, postal) in enumerate([
        ("Marcus", "Webb", "1979-08-02", "4 Oak Lane", "62702"),
        ("Elena", "Petrova", "1991-12-19", "301 Main Street", "62703"),
        ("Tom", "Baker", "1955-01-05", "7 River Road", "62704"),
        ("Aiko", "Tanaka", "2000-05-27", "19 Hill Court", "62701"),
    ]):
        t.account(f"acc_other_{n}", first_name=first, last_name=last, date_of_birth=dob, street=street,
                  city="Springfield", postal_code=postal)
    # Marcus again, names typed the other way round, a typo in the street, the day of birth and
    # the postcode: only the names-in-either-order blocking rules put him beside his first account.
    t.account("acc_marcus_swapped", first_name="Webb", last_name="Marcus", date_of_birth="1979-08-20",
              street="4 Oake Lane", city="Springfield", postal_code="62720")
    # Sam: an account and a loyalty card that share an e-mail, so one strict person through an
    # identifier: a known match. Lee: an account and a card joined only by the exact name + date of
    # birth + address rule: one strict person through details, so no known match.
    t.account("acc_sam", first_name="Samuel", last_name="Reyes", street="5 Birch Way", city="Springfield",
              postal_code="62702")
    t.contact("acc_sam", "email", "sam.reyes@gmail.com")
    t.add("loyalty_members", loyalty_number="LOYSAM001", enrolled_at="2025-07-01T00:00:00Z",
          first_name="Samuel", last_name="Reyes", email="sam.reyes@gmail.com",
          street="5 Birch Way", city="Springfield", postal_code="62702", country="US")
    t.account("acc_lee", first_name="Lee", last_name="Chen", date_of_birth="1970-04-04",
              street="9 Cedar Street", city="Springfield", postal_code="62703")
    t.add("loyalty_members", loyalty_number="LOYLEE001", enrolled_at="2025-07-01T00:00:00Z",
          first_name="Lee", last_name="Chen", date_of_birth="1970-04-04",
          street="9 Cedar Street", city="Springfield", postal_code="62703", country="US")
    # A card at Pat's address with her surname, no first name and no date of birth: a relative as
    # much as Pat or Chidi, so it joins neither (and never bridges the two).
    t.add("loyalty_members", loyalty_number="LOYOKO001", enrolled_at="2025-09-01T00:00:00Z",
          last_name="Okonkwo", street="12 Harbour Road", city="Springfield", postal_code="62704",
          country="US")
    # Kim: two loyalty cards with one phone and two e-mails. They are one strict person through the
    # phone, so their pair is a known match that agrees on the phone by construction; joined without
    # phone evidence they are not. Without e-mail evidence the phone still joins them, so they are a
    # fair measure of the e-mail local part (which differs).
    for number, email in (("LOYKIM001", "kim.park@gmail.com"), ("LOYKIM002", "kpark@outlook.com")):
        t.add("loyalty_members", loyalty_number=number, enrolled_at="2025-08-01T00:00:00Z",
              first_name="Kim", last_name="Park", email=email, phone="+15555550142",
              street="3 Aspen Court", city="Springfield", postal_code="62701", country="US")
    # Ines: an account and a loyalty card with the same rare name in the same city, and nothing
    # else in common (the card has no date of birth, another street and postcode): namesakes as
    # much as one person, so they stay apart at any threshold.
    t.account("acc_ines", first_name="Ines", last_name="Vanterpool", date_of_birth="1990-07-07",
              street="40 Quarry Street", city="Springfield", postal_code="62702")
    t.add("loyalty_members", loyalty_number="LOYINES01", enrolled_at="2025-10-01T00:00:00Z",
          first_name="Ines", last_name="Vanterpool", street="77 Mill Lane", city="Springfield",
          postal_code="62711", country="US")
    return t


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("probabilistic")
    raw = business().write(workdir / "raw")
    return run_dbt(["build"], workdir, raw)


def keys(build, identifier_type: str, value: str) -> tuple:
    rows = build.query(
        f"select persona_id, person_id, person_probable_id from {MARTS}.identity_map "
        "where identifier_type = ? and identifier_value = ?", [identifier_type, value])
    assert len(rows) == 1, (identifier_type, rows)
    return rows[0]


def test_build_is_green(build):
    failed = [r["unique_id"] for r in build.results() if r["status"] not in ("success", "pass", "no-op")]
    assert failed == []


def test_pat_is_one_probable_person_of_three_strict_persons(build):
    a = keys(build, "account_id", "acc_pat_a")
    b = keys(build, "account_id", "acc_pat_b")
    card = keys(build, "loyalty_number", "LOYPAT001")
    # Strict levels: no shared identifier, no exact name + date of birth + address: three persons.
    assert len({a[1], b[1], card[1]}) == 3
    # Probable level: one.
    assert a[2] == b[2] == card[2]
    assert a[2].startswith("ppr_")


def test_namesake_stays_apart(build):
    pat = keys(build, "account_id", "acc_pat_a")
    ngozi = keys(build, "account_id", "acc_ngozi")
    assert ngozi[2] != pat[2]
    others = build.query(
        f"select count(distinct person_probable_id) from {MARTS}.identity_map "
        "where identifier_type = 'account_id' and identifier_value like 'acc_other_%'")[0][0]
    assert others == 4


def test_a_shared_address_alone_never_links_two_people(build):
    pat = keys(build, "account_id", "acc_pat_a")
    chidi = keys(build, "account_id", "acc_chidi")
    assert chidi[2] != pat[2]
    # The pair was compared (same address block) and its names and date of birth speak against it.
    rows = build.query(
        f"select person_detail_weight, level_street_name, level_postal_code, is_household_refused "
        f"from {INTERMEDIATE}.int_identity__person_record_pairs "
        "where ? in (person_id_a, person_id_b) and ? in (person_id_a, person_id_b)", [pat[1], chidi[1]])
    assert len(rows) == 1
    detail_weight, street_level, postal_level, refused = rows[0]
    assert street_level == 2 and postal_level == 2 and detail_weight < 0
    assert refused is True  # the household rules hold the pair apart whatever its probability


def test_a_surname_at_an_address_is_not_a_person(build):
    """The card with only a surname at Pat's address scores above the threshold against Pat and
    Chidi (same surname, four address fields), but neither a first name nor a date of birth can
    be compared: the household rules refuse it, so it stays alone and Pat and Chidi stay apart."""
    card = keys(build, "loyalty_number", "LOYOKO001")
    pat = keys(build, "account_id", "acc_pat_a")
    chidi = keys(build, "account_id", "acc_chidi")
    assert card[2] not in (pat[2], chidi[2]) and pat[2] != chidi[2]
    rows = build.query(
        f"select p.match_probability, p.is_household_refused, p.level_first_name, p.level_date_of_birth "
        f"from {INTERMEDIATE}.int_identity__person_record_pairs as p "
        "where ? in (p.person_id_a, p.person_id_b) and (? in (p.person_id_a, p.person_id_b) "
        "or ? in (p.person_id_a, p.person_id_b))", [card[1], pat[1], chidi[1]])
    assert len(rows) >= 2  # compared with both (the control: the pairs exist and score high)
    assert all(probability >= 0.95 and refused and first == -1 and born == -1  # 0.95: the default threshold
               for probability, refused, first, born in rows), rows


def test_probable_edges_are_the_unrefused_pairs_above_the_threshold(build):
    """int_identity__probable_person_edges joins exactly the pairs at or above the threshold that
    is_household_refused and is_names_only let through (what scripts re-clustering at other
    thresholds rely on)."""
    pairs = f"{INTERMEDIATE}.int_identity__person_record_pairs"
    edges = set(build.query(
        f"select node_a, node_b from {INTERMEDIATE}.int_identity__probable_person_edges where node_a != node_b"))
    allowed = set(build.query(
        f"select distinct least(person_id_a, person_id_b), greatest(person_id_a, person_id_b) from {pairs} "
        "where match_probability >= 0.95 and not is_household_refused and not is_names_only"))
    assert edges and edges == allowed
    # Control: every pair the rules refuse is absent from the edges, and there are such pairs.
    refused = set(build.query(
        f"select least(person_id_a, person_id_b), greatest(person_id_a, person_id_b) from {pairs} "
        "where is_household_refused"))
    assert refused and not (refused & edges)


def test_names_alone_never_link_at_any_threshold(build, tmp_path):
    """Ines's account and card share a rare name and a city, nothing else: their pair is names
    only. With a threshold every pair reaches, the household rules let it through (the first names
    agree), so only is_names_only keeps them apart; Pat's records, whose date of birth and address
    agree as well, still join (the control that the low threshold links what it should)."""
    account = keys(build, "account_id", "acc_ines")
    card = keys(build, "loyalty_number", "LOYINES01")
    pair = build.query(
        f"select is_names_only, is_household_refused, level_first_name, level_last_name "
        f"from {INTERMEDIATE}.int_identity__person_record_pairs "
        "where ? in (person_id_a, person_id_b) and ? in (person_id_a, person_id_b)", [account[1], card[1]])
    assert pair == [(True, False, 4, 3)], pair  # compared, names exact, not refused as a household
    workdir = tmp_path / "any_threshold"
    workdir.mkdir()
    shutil.copy(build.db_path, workdir / "warehouse.duckdb")
    low = run_dbt(["run", "--select", "int_identity__probable_person_edges+"], workdir, build.raw_path,
                  extra_vars={"probable_match_threshold": 0.0})
    account = keys(low, "account_id", "acc_ines")
    card = keys(low, "loyalty_number", "LOYINES01")
    assert account[2] != card[2]
    assert keys(low, "account_id", "acc_pat_a")[2] == keys(low, "loyalty_number", "LOYPAT001")[2]


def test_a_persona_never_fuses_through_a_probabilistic_link(build):
    a = keys(build, "account_id", "acc_pat_a")
    b = keys(build, "account_id", "acc_pat_b")
    assert a[2] == b[2]  # one probable person ...
    assert a[0] != b[0]  # ... two personas ...
    assert a[1] != b[1]  # ... two strict persons
    # Each account's email stays in its own persona.
    assert keys(build, "email", "pat.okonkwo@gmail.com")[0] == a[0]
    assert keys(build, "email", "patricia.o@yahoo.com")[0] == b[0]


SPLIT_CHECK = """
    select person_id from {relation} where person_id is not null
    group by person_id having count(distinct person_probable_id) > 1
"""


def test_a_strict_person_is_never_split(build):
    assert build.query(SPLIT_CHECK.format(relation=f"{MARTS}.identity_map")) == []
    assert build.query(
        f"select count(*) from {MARTS}.dim_persons where person_probable_id is null")[0][0] == 0
    # Negative control: the same check finds a person split across two probable persons.
    broken = ("(select * from (values ('prs_1', 'ppr_1'), ('prs_1', 'ppr_2'), ('prs_2', 'ppr_3')) "
              "as broken(person_id, person_probable_id))")
    assert build.query(SPLIT_CHECK.format(relation=broken)) == [("prs_1",)]


def test_contact_routing_and_safety_marts_ignore_the_probable_level(build):
    # Job alerts go to the subscribing persona's own email only; Pat's other account gets none.
    audience = build.query(f"select persona_id, email from {MARTS}.job_alert_audience")
    b = keys(build, "account_id", "acc_pat_b")
    a = keys(build, "account_id", "acc_pat_a")
    assert (b[0], "patricia.o@yahoo.com") in audience
    assert all(persona != a[0] for persona, _ in audience)
    # Pat's allergy, recorded on account a, is not shown on account b: one probable person is not
    # evidence enough to disclose health data across accounts.
    safety = build.query(f"select lower(account_id), value from {MARTS}.person_safety_attributes")
    assert ("acc_pat_a", "peanut") in safety
    assert all(account != "acc_pat_b" for account, _ in safety)


def test_pair_scores_say_why(build):
    rows = build.query(
        f"select pairs.level_first_name, pairs.level_last_name, pairs.level_date_of_birth, "
        f"pairs.level_street_name, pairs.weight_date_of_birth, pairs.match_probability, pairs.is_household_refused "
        f"from {INTERMEDIATE}.int_identity__person_record_pairs as pairs "
        f"where (pairs.person_id_a = ? and pairs.person_id_b = ?) or (pairs.person_id_a = ? and pairs.person_id_b = ?)",
        [keys(build, "account_id", "acc_pat_a")[1], keys(build, "account_id", "acc_pat_b")[1],
         keys(build, "account_id", "acc_pat_b")[1], keys(build, "account_id", "acc_pat_a")[1]])
    assert len(rows) == 1
    first, last, dob, street, dob_weight, probability, refused = rows[0]
    assert (first, last, dob, street) == (3, 2, 3, 1)  # Jaro-Winkler >= 0.92 on names, same date, Harbor ~ Harbour
    assert dob_weight > 0 and probability >= 0.95 and refused is False
    # The card's impossible date (31 February) is missing, not a disagreement.
    card_levels = build.query(
        f"select level_date_of_birth, weight_date_of_birth, level_first_name from {INTERMEDIATE}.int_identity__person_record_pairs "
        f"where source_table_a = 'loyalty_members' or source_table_b = 'loyalty_members'")
    assert card_levels and all(level == -1 and weight == 0 for level, weight, _ in card_levels)
    assert 2 in {first_level for _, _, first_level in card_levels}  # first and last name swapped
    # Too few candidate pairs to learn from: the pinned parameters were read.
    assert build.query(
        f"select distinct parameter_source from {INTERMEDIATE}.int_identity__probabilistic_parameters") == [("pinned",)]


def test_blocking_counts_report_every_rule(build):
    rules = build.query(
        f"select blocking_rule, n_records, n_skipped_blocks from {INTERMEDIATE}.int_identity__blocking_rule_counts")
    assert len(rules) >= 4
    assert dict((rule, n) for rule, n, _ in rules)["date_of_birth"] == 12  # the cards' dates are missing (Pat's impossible), Sam has none
    assert sum(candidates for (candidates,) in build.query(
        f"select n_candidate_pairs from {INTERMEDIATE}.int_identity__blocking_rule_counts")) == build.query(
        f"select count(*) from {INTERMEDIATE}.int_identity__person_record_candidates")[0][0]


def test_names_typed_the_other_way_round_are_blocked_and_linked(build):
    marcus = keys(build, "account_id", "acc_other_0")
    swapped = keys(build, "account_id", "acc_marcus_swapped")
    assert marcus[1] != swapped[1]  # two strict persons
    assert marcus[2] == swapped[2]  # one probable person
    rows = build.query(
        f"select blocking_rule, level_first_name from {INTERMEDIATE}.int_identity__person_record_pairs "
        "where ? in (person_id_a, person_id_b) and ? in (person_id_a, person_id_b)", [marcus[1], swapped[1]])
    assert rows == [("names_either_order_street_number", 2)]  # proposed by the names-in-either-order rules; scored as swapped


def test_a_rule_can_have_its_own_block_cap_and_a_wrong_one_is_a_clear_error(build, tmp_path):
    """max_block_size on one rule caps that rule alone (the broad rules of dbt_project.yml); a cap
    below 2 (no block could pair anything) stops the compile with the rule's name."""
    rules = [{"name": "postcode_surname_initial", "columns": ["postal_code", "last_name_initial"]},
             {"name": "date_of_birth", "columns": ["date_of_birth"], "max_block_size": 7}]
    good = run_dbt(["compile", "--select", "int_identity__person_record_candidates"], tmp_path / "good",
                   build.raw_path, extra_vars={"probabilistic_blocking_rules": rules})
    compiled = next((good.target_path / "compiled").rglob("int_identity__person_record_candidates.sql")).read_text()
    assert "block_size_postcode_surname_initial <= 200" in compiled and "block_size_date_of_birth <= 7" in compiled
    rules[1]["max_block_size"] = 1
    bad = run_dbt(["compile", "--select", "int_identity__person_record_candidates"], tmp_path / "bad",
                  build.raw_path, extra_vars={"probabilistic_blocking_rules": rules}, check=False)
    assert bad.returncode != 0
    assert "the block-size cap of rule date_of_birth must be a whole number of at least 2, not 1" in bad.output
    # A rule's name names a column (block_size_<name>): not an identifier, or used twice, is a clear error.
    for name, message in [("date-of-birth", "rule name 'date-of-birth' must be lowercase letters"),
                          ("postcode_surname_initial", "rule name 'postcode_surname_initial' is used twice")]:
        rules[1] = {"name": name, "columns": ["date_of_birth"]}
        named = run_dbt(["compile", "--select", "int_identity__person_record_candidates"], tmp_path / name,
                        build.raw_path, extra_vars={"probabilistic_blocking_rules": rules}, check=False)
        assert named.returncode != 0 and message in named.output, named.output[-2000:]


def test_explain_identity_shows_the_probable_level(build, tmp_path):
    together = run_explain(build.db_path, "account_id:acc_pat_a", "account_id:acc_pat_b", tmp_path / "a")
    assert together.returncode == 0, together.stdout[-2000:]
    assert "probable person: together" in together.stdout
    assert "first_name=jaro_winkler_0.92" in together.stdout
    apart = run_explain(build.db_path, "account_id:acc_pat_a", "account_id:acc_ngozi", tmp_path / "b")
    assert apart.returncode == 0, apart.stdout[-2000:]
    assert "probable person: apart" in apart.stdout


def test_threshold_nothing_reaches_leaves_strict_persons_alone(build, tmp_path):
    """Negative control of the probable level, and the estimated path on a tiny warehouse."""
    workdir = tmp_path / "control"
    workdir.mkdir()
    shutil.copy(build.db_path, workdir / "warehouse.duckdb")
    control = run_dbt(["run", "--select", "int_identity__probabilistic_parameters+"], workdir, build.raw_path,
                      extra_vars={"probable_match_threshold": 1.01, "probabilistic_min_estimation_pairs": 0})
    a = keys(control, "account_id", "acc_pat_a")
    b = keys(control, "account_id", "acc_pat_b")
    assert a[2] != b[2]
    # Every strict person is its own probable person.
    assert control.query(
        f"select count(*) from {MARTS}.dim_persons group by person_probable_id having count(*) > 1") == []
    # EM ran: m-probabilities of each comparison add up to one.
    sums = control.query(
        f"select comparison_name, sum(m_probability) from {INTERMEDIATE}.int_identity__probabilistic_parameters "
        "where comparison_name != 'prior' and parameter_source like 'estimated%' group by comparison_name")
    assert len(sums) >= 8 and all(abs(total - 1) < 1e-4 for _, total in sums), sums


ADDRESS_FIELDS = ("postal_code", "street_number", "street_name", "city")


def parameters(build) -> dict:
    """{(comparison, level): (m_source, m, u, partial_weight, has_term_frequency)}."""
    return {(name, level): rest for name, level, *rest in build.query(
        f"select comparison_name, comparison_level, m_source, m_probability, u_probability, partial_weight, "
        f"has_term_frequency from {INTERMEDIATE}.int_identity__probabilistic_parameters")}


def test_known_matches_are_record_pairs_joined_by_identifiers_only(build):
    """Sam's account and card (one e-mail) and Kim's two cards (one phone) are the two known
    matches; Lee's (joined by name + date of birth + address only) are not: details would feed the
    m-probabilities their own output."""
    known = f"{INTERMEDIATE}.int_identity__known_match_m_probabilities"
    assert build.query(f"select distinct n_known_match_pairs from {known}") == [(2,)]
    sam = keys(build, "account_id", "acc_sam")
    lee = keys(build, "account_id", "acc_lee")
    assert keys(build, "loyalty_number", "LOYSAM001")[1] == sam[1]
    assert keys(build, "loyalty_number", "LOYLEE001")[1] == lee[1]  # one strict person too ...
    # ... so every pair of two records of one strict person counts both (the control).
    records = f"{INTERMEDIATE}.int_identity__person_records"
    assert build.query(
        f"select count(*) from {records} as l inner join {records} as r "
        "on l.person_id = r.person_id and l.record_key < r.record_key and l.node != r.node")[0][0] == 3
    # The share of the two pairs at each level, smoothed: first name exact (level 4 of 5 levels).
    m = dict(((name, level), (n, value)) for name, level, n, value in build.query(
        f"select comparison_name, comparison_level, n_pairs, m_probability from {known}"))
    assert m[("first_name", 4)] == (2, pytest.approx(3 / 7))
    assert m[("first_name", 0)] == (0, pytest.approx(1 / 7))
    assert m[("address", 3)] == (2, pytest.approx(3 / 6))
    assert m[("date_of_birth", 3)] == (0, pytest.approx(1 / 4))  # missing on both: no pair counted


def test_identifier_comparisons_read_known_matches_joined_without_their_identifier(build):
    """Kim's cards are joined by their phone: in the known-match graph without phone evidence they
    are apart, so the phone has no known-match pair (the full graph would give one that agrees by
    construction); without e-mail evidence the phone joins them, and their e-mail local parts,
    which differ, are the one pair of the e-mail comparison. Sam's pair is joined by the e-mail
    only: it counts for neither."""
    known = f"{INTERMEDIATE}.int_identity__known_match_m_probabilities"
    m = dict(((name, level), (n, value)) for name, level, n, value in build.query(
        f"select comparison_name, comparison_level, n_pairs, m_probability from {known}"
        " where comparison_name in ('phone', 'email_local_part')"))
    assert m == {("phone", 1): (0, pytest.approx(1 / 2)), ("phone", 0): (0, pytest.approx(1 / 2)),
                 ("email_local_part", 1): (0, pytest.approx(1 / 3)),
                 ("email_local_part", 0): (1, pytest.approx(2 / 3))}
    components = build.query(
        f"select node, component_node from {INTERMEDIATE}.int_identity__known_match_components_without_type")
    graphs = {node.split("|", 1)[0] for node, _ in components}
    assert graphs <= {"phone", "email"} and "email" in graphs
    assert all(component.split("|", 1)[0] == node.split("|", 1)[0] for node, component in components)


def test_pinned_m_scores_the_four_address_fields_not_the_combined_one(build):
    """Too few known matches (1 of probabilistic_min_known_match_pairs 1,000): the fixture reads
    the pinned m; the combined address comparison has weight 0 there, the four fields do not."""
    params = parameters(build)
    assert {params[(name, 0)][0] for name in ADDRESS_FIELDS} == {"pinned"}
    assert {source for (name, _), (source, *_) in params.items() if name == "address"} == {"not_scored"}
    assert all(weight == 0 and m == u for (name, _), (_, m, u, weight, _) in params.items() if name == "address")
    assert params[("prior", 0)][0] == "pinned"
    weights = build.query(
        f"select level_address, weight_address, weight_street_name from {INTERMEDIATE}.int_identity__person_record_pairs")
    assert any(level == 3 for level, _, _ in weights)  # the combined comparison was compared ...
    assert all(weight == 0 for _, weight, _ in weights)  # ... and not scored
    assert any(weight != 0 for _, _, weight in weights)  # control: the four fields are


def rerun_from(build, workdir, select: str, extra_vars: dict):
    """`dbt run --select <select>` on a copy of the fixture's warehouse, estimated parameters at any size."""
    workdir.mkdir()
    shutil.copy(build.db_path, workdir / "warehouse.duckdb")
    return run_dbt(["run", "--select", select], workdir, build.raw_path,
                   extra_vars={"probabilistic_min_estimation_pairs": 0, **extra_vars})


def test_known_match_m_when_there_are_enough_of_them(build, tmp_path):
    """With probabilistic_min_known_match_pairs at 1, Sam's and Kim's pairs are enough: m and prior
    from known matches, the combined address comparison scored and the four fields at weight 0. One
    pair more than there are (3): EM, and the other way round (the negative control)."""
    def rerun(minimum: int, name: str, more_vars: dict | None = None):
        return rerun_from(build, tmp_path / name, "int_identity__probabilistic_parameters+",
                          {"probabilistic_min_known_match_pairs": minimum, **(more_vars or {})})

    known = rerun(1, "known")
    params = parameters(known)
    sources = {name: source for (name, _), (source, *_) in params.items()}
    assert {sources[name] for name in ADDRESS_FIELDS} == {"not_scored"}
    assert all(sources[name] == "known_matches"
               for name in ("first_name", "last_name", "date_of_birth", "address", "prior"))
    # Fewer than probabilistic_min_identifier_comparison_pairs (30) known matches joined without
    # phone (0) or e-mail (1) evidence compare them: not scored.
    assert sources["phone"] == sources["email_local_part"] == "not_scored"
    assert all(weight == 0 and not tf for (name, _), (_, _, _, weight, tf) in params.items() if name in ADDRESS_FIELDS)
    m_known = dict(((name, level), m) for name, level, m in known.query(
        f"select comparison_name, comparison_level, m_probability from {INTERMEDIATE}.int_identity__known_match_m_probabilities"))
    assert params[("first_name", 4)][1] == pytest.approx(m_known[("first_name", 4)])
    assert params[("address", 3)][1] == pytest.approx(m_known[("address", 3)])
    n_records = known.query(f"select count(*) from {INTERMEDIATE}.int_identity__person_records")[0][0]
    assert params[("prior", 0)][1] == pytest.approx(2 / (n_records * (n_records - 1) / 2))
    pairs = known.query(
        f"select weight_address, weight_postal_code, weight_street_number, weight_street_name, weight_city "
        f"from {INTERMEDIATE}.int_identity__person_record_pairs")
    assert any(row[0] != 0 for row in pairs) and all(row[1:] == (0, 0, 0, 0) for row in pairs)

    # With the minimum at 1, Kim's pair is enough for the e-mail local part: its m is the share
    # measured without e-mail evidence; the phone (no such pair) stays unscored (the control).
    identifiers = parameters(rerun(1, "identifiers", {"probabilistic_min_identifier_comparison_pairs": 1}))
    assert tuple(identifiers[("email_local_part", 0)][:2]) == ("known_matches", pytest.approx(2 / 3))
    assert identifiers[("email_local_part", 1)][3] != 0
    assert identifiers[("phone", 1)][0] == "not_scored" and identifiers[("phone", 1)][3] == 0

    em = rerun(3, "em")
    sources = {name: source for (name, _), (source, *_) in parameters(em).items()}
    # EM, or the pinned m when EM learns households on so few pairs: never known matches.
    assert sources["first_name"] in ("em", "pinned")
    assert sources["address"] == "not_scored"
    assert sources["postal_code"] == sources["prior"] == sources["first_name"]


def test_known_matches_of_a_sample_of_persons_scale_the_prior_up(build, tmp_path):
    """With probabilistic_known_match_sample_persons one below the strict persons and a seed that
    leaves Kim out, the known matches are Sam's pair alone, the graphs hold no node of Kim's, and
    the prior counts that pair over the sample's share of the persons. At the default sample (every
    person) the share is 1. Negative controls: the unscaled prior, and Kim's pair, differ."""
    sample = f"{INTERMEDIATE}.int_identity__known_match_sample_persons"
    known = f"{INTERMEDIATE}.int_identity__known_match_m_probabilities"
    persons = (f"(select distinct person_id from {INTERMEDIATE}.int_identity__node_keys "
               "where person_id is not null and not is_erased) as persons")
    n_persons = build.query(f"select count(*) from {persons}")[0][0]
    assert n_persons >= 10
    assert build.query(f"select count(*), min(sample_share), max(sample_share) from {sample}")[0] == (n_persons, 1, 1)
    assert build.query(f"select distinct known_match_sample_share from {known}") == [(1,)]

    # The seed whose sample of all persons but one leaves Kim out (the sample keeps the smallest
    # md5('<seed>|' || person_id)).
    kim = keys(build, "loyalty_number", "LOYKIM001")[1]
    seed = next(seed for seed in range(1000) if build.query(
        f"select person_id from {persons} order by md5('{seed}|' || person_id) desc limit 1")[0][0] == kim)
    sampled = rerun_from(build, tmp_path / "sampled", "int_identity__known_match_sample_persons+",
                         {"probabilistic_min_known_match_pairs": 1, "probabilistic_known_match_sample_seed": seed,
                          "probabilistic_known_match_sample_persons": n_persons - 1})
    share = (n_persons - 1) / n_persons
    assert sampled.query(f"select count(*), max(sample_share) from {sample}")[0] == (n_persons - 1, pytest.approx(share))
    assert sampled.query(f"select count(*) from {sample} where person_id = ?", [kim])[0][0] == 0
    def kim_nodes_in_graph(warehouse) -> int:
        return warehouse.query(
            f"select count(*) from {INTERMEDIATE}.int_identity__known_match_components as c "
            f"inner join {INTERMEDIATE}.int_identity__node_keys as k on c.node = k.node where k.person_id = ?", [kim])[0][0]

    assert kim_nodes_in_graph(sampled) == 0
    assert kim_nodes_in_graph(build) > 0  # the control: with every person sampled, Kim's nodes are in the graph
    assert sampled.query(f"select distinct n_known_match_pairs, known_match_sample_share from {known}") == [
        (1, pytest.approx(share))]
    n_records = sampled.query(f"select count(*) from {INTERMEDIATE}.int_identity__person_records")[0][0]
    all_pairs = n_records * (n_records - 1) / 2
    prior = parameters(sampled)[("prior", 0)]
    assert prior[0] == "known_matches"
    assert prior[1] == pytest.approx(1 / share / all_pairs)
    assert prior[1] != pytest.approx(1 / all_pairs)  # the control: the sample's pair unscaled


# The levels as comparison_level() gives them on every record pair, for the test below: the models
# score each distinct pair of values once (comparison_value_pair_plan) and must give the same.
REFERENCE_LEVELS = """
{%- set comparisons = probabilistic_comparisons() %}
select
    candidates.record_key_a,
    candidates.record_key_b,
    {%- for comparison in comparisons %}
    {{ comparison_level(comparison) }} as level_{{ comparison['name'] }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from {{ ref('int_identity__person_record_candidates') }} as candidates
inner join {{ ref('int_identity__person_records') }} as l on candidates.record_key_a = l.record_key
inner join {{ ref('int_identity__person_records') }} as r on candidates.record_key_b = r.record_key
"""

REFERENCE_U_COUNTS = """
{%- set comparisons = probabilistic_comparisons() %}
with sampled as (
    select * from {{ ref('int_identity__person_records') }}
    order by {{ hash_key("'" ~ var('probabilistic_u_sample_seed') ~ "|' || record_key") }}
    limit {{ var('probabilistic_u_sample_records') }}
),
pairs as (
    select
        {%- for comparison in comparisons %}
        {{ comparison_level(comparison) }} as level_{{ comparison['name'] }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from sampled as l inner join sampled as r on l.record_key < r.record_key
)
{%- for comparison in comparisons %}
select '{{ comparison['name'] }}' as comparison_name, level_{{ comparison['name'] }} as comparison_level,
    count(*) as n_pairs
from pairs where level_{{ comparison['name'] }} >= 0 group by 2
{%- if not loop.last %} union all {% endif %}
{%- endfor %}
"""


def compile_inline(build, sql: str) -> str:
    compiled = run_dbt(["compile", "-q", "--inline", sql], build.db_path.parent, build.raw_path)
    return compiled.output.strip()


def missing_either_way(build, left: str, right: str) -> int:
    return build.scalar(
        f"select count(*) from ((({left}) except ({right})) union all (({right}) except ({left})))")


def test_levels_scored_once_per_distinct_value_pair_equal_levels_of_every_record_pair(build, tmp_path):
    """score_distinct_value_pairs (the default on PostgreSQL and Spark, forced here on DuckDB): the
    comparison and u-probability models score each distinct pair of values once and join the levels
    back, and give the levels comparison_level() gives on every record pair (EXCEPT both ways)."""
    workdir = tmp_path / "distinct_value_pairs"
    workdir.mkdir()
    shutil.copy(build.db_path, workdir / "warehouse.duckdb")
    paired = run_dbt(["run", "--select", "int_identity__person_record_value_keys",
                      "int_identity__person_record_pair_keys", "int_identity__person_record_comparisons",
                      "int_identity__person_record_u_probabilities"], workdir, build.raw_path,
                     extra_vars={"probabilistic_score_distinct_value_pairs": True})
    compiled = next((paired.target_path / "compiled").rglob("int_identity__person_record_comparisons.sql"))
    assert "flags_0" in compiled.read_text()
    reference = compile_inline(paired, REFERENCE_LEVELS)
    columns = [row[0] for row in paired.query(
        "select column_name from information_schema.columns where table_schema = ? "
        "and table_name = 'int_identity__person_record_comparisons' and column_name like 'level_%' "
        "order by ordinal_position", [INTERMEDIATE])]
    assert len(columns) >= 9, columns
    model = (f"select record_key_a, record_key_b, {', '.join(columns)} "
             f"from {INTERMEDIATE}.int_identity__person_record_comparisons")
    assert paired.scalar(f"select count(*) from ({model})") >= 5
    # The pairs take several levels (typos, swapped names), not only exact and else.
    assert paired.scalar(f"select count(distinct level_first_name) from ({model})") >= 3
    assert missing_either_way(paired, reference, model) == 0
    # Negative control: one pair's level moved is seen.
    broken = model.replace("level_first_name,", "level_first_name + case when record_key_a = "
                           f"(select min(record_key_a) from ({model})) then 1 else 0 end,", 1)
    assert missing_either_way(paired, reference, broken) > 0

    u_reference = compile_inline(paired, REFERENCE_U_COUNTS)
    u_model = (f"select comparison_name, comparison_level, n_pairs from {INTERMEDIATE}."
               "int_identity__person_record_u_probabilities where n_pairs > 0")
    assert paired.scalar(f"select sum(n_pairs) from ({u_model})") > 20
    assert missing_either_way(paired, u_reference, u_model) == 0
    broken_u = u_model.replace("n_pairs from", "n_pairs + case when comparison_level = 0 then 1 else 0 end from")
    assert missing_either_way(paired, u_reference, broken_u) > 0
