"""Graph safety (issue 12): chains of plausible links never fuse strangers, role inboxes on guest
orders never link, the bounds keep real people whole, and an erasure takes one person only.

One dbt build of the adversarial business in adversarial_data.py (module fixture). Each assertion
failed on the engine before the person bounds and the guest-record sharing rules were added.
"""

from __future__ import annotations

import pytest

import adversarial_data as adv
from scenario_data import cookie
from conftest import run_dbt

MARTS = "main_marts"
INTERMEDIATE = "main_intermediate"


@pytest.fixture(scope="module")
def adversarial_build(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("adversarial")
    raw = adv.write(workdir / "raw")
    return run_dbt(["build"], workdir, raw)


def persons_of_accounts(build, accounts: list[str]) -> dict[str, str | None]:
    rows = build.query(
        f"select identifier_value, person_id from {MARTS}.identity_map "
        "where identifier_type = 'account_id' and identifier_value in "
        f"({', '.join('?' for _ in accounts)})", accounts)
    return dict(rows)


def test_build_is_green(adversarial_build):
    failed = [r["unique_id"] for r in adversarial_build.results()
              if r["status"] not in ("success", "pass", "no-op")]
    assert failed == []


def test_guest_order_chain_does_not_fuse_its_customers(adversarial_build):
    accounts = [adv.guest_chain_account(i) for i in range(adv.N_GUEST_CHAIN) if i != 7]
    persons = persons_of_accounts(adversarial_build, accounts)
    assert len(persons) == len(accounts)
    assert None not in persons.values()
    # Every customer is a person of their own.
    assert len(set(persons.values())) == len(accounts)


def test_guest_order_chain_sends_no_allergy_to_a_stranger(adversarial_build):
    # Each customer's allergy reaches their own account only.
    rows = adversarial_build.query(
        f"select account_id, value from {MARTS}.person_safety_attributes "
        "where lower(account_id) like 'acc_gc_%'")
    assert rows, "the safety mart holds the chain customers' allergies"
    for account_id, value in rows:
        assert value == f"allergen {int(account_id[-3:])}", (account_id, value)


def test_2fa_chain_is_cut_within_bounds(adversarial_build):
    accounts = [adv.twofa_chain_account(k) for k in range(adv.N_2FA_CHAIN)]
    persons = persons_of_accounts(adversarial_build, accounts)
    assert len(persons) == adv.N_2FA_CHAIN
    biggest = adversarial_build.scalar(
        f"select max(n_accounts) from {MARTS}.dim_persons where person_id in "
        f"(select person_id from {MARTS}.identity_map where identifier_value like 'acc_tf_%')")
    assert biggest <= 8
    # The cuts are recorded with their reason, one per 2FA link of the chain.
    cut = adversarial_build.scalar(
        f"select count(*) from {MARTS}.fct_identity_links "
        "where identifier_value_a like 'acc_tf_%' and cut_reason like 'person_bound:n_accounts 1000 > 8%'")
    assert cut == 2 * adv.N_2FA_CHAIN


def test_loyalty_card_chain_without_personas_is_cut(adversarial_build):
    rows = adversarial_build.query(
        f"select person_id from {MARTS}.identity_map where identifier_type = 'loyalty_number' "
        "and identifier_value like 'LY0%'")
    assert len(rows) == adv.N_LOYALTY_CHAIN
    assert len({person for (person,) in rows}) == adv.N_LOYALTY_CHAIN


def test_role_inbox_on_guest_orders_is_shared_and_links_no_buyers(adversarial_build):
    row = adversarial_build.query(
        f"select person_id, is_shared, shared_reason from {MARTS}.identity_map "
        "where identifier_type = 'email' and identifier_value = 'info@acme-widgets.com'")
    assert row == [(None, True, "role_address")]
    accounts = [adv.role_buyer_account(i) for i in range(adv.N_ROLE_BUYERS)]
    persons = persons_of_accounts(adversarial_build, accounts)
    assert len(set(persons.values())) == adv.N_ROLE_BUYERS


def test_family_on_one_home_phone_stays_one_person(adversarial_build):
    # The rules make a home phone person-level evidence; with no date of birth nothing tells the
    # four apart, and four personas are within the bounds, so the bounds must not split them.
    persons = persons_of_accounts(adversarial_build, [f"acc_family_{m}" for m in ("dad", "mum", "kid1", "kid2")])
    assert len(set(persons.values())) == 1 and None not in persons.values()


def test_family_with_birthdays_on_one_home_phone_is_four_persons(adversarial_build):
    # Their accounts' first names and dates of birth tell the four apart (the holder rule): the
    # home phone joins none of them, so an allergy or an erasure of one never reaches another.
    # Seen failing without int_identity__person_holder_cuts: one person.
    accounts = [f"acc_dated_{m}" for m in ("dad", "mum", "kid1", "kid2")]
    persons = persons_of_accounts(adversarial_build, accounts)
    assert len(set(persons.values())) == 4 and None not in persons.values()
    cuts = adversarial_build.scalar(
        f"select count(*) from {MARTS}.fct_identity_links where identifier_value_a in "
        "('acc_dated_dad', 'acc_dated_mum', 'acc_dated_kid1', 'acc_dated_kid2') "
        "and cut_reason = 'different_people:holder'")
    assert cuts == 4


def test_consultant_stays_one_person_with_six_personas(adversarial_build):
    accounts = [f"acc_cons_{c}" for c in ("a", "b", "c", "d", "e", "own")]
    persons = persons_of_accounts(adversarial_build, accounts)
    assert len(set(persons.values())) == 1 and None not in persons.values()
    assert adversarial_build.scalar(
        f"select n_personas from {MARTS}.dim_persons where person_id = ?", [persons["acc_cons_own"]]) == 6


def test_single_forwarded_esp_click_does_not_attach_the_readers_browser(adversarial_build):
    gwen = persons_of_accounts(adversarial_build, ["acc_gwen"])["acc_gwen"]
    reader = adversarial_build.query(
        f"select persona_id, person_id from {MARTS}.identity_map "
        "where identifier_type = 'anonymous_id' and identifier_value = ?", [cookie(9001)])
    assert reader == [(None, None)]
    # Two clicks on different days: Gwen's own browser.
    own = adversarial_build.query(
        f"select person_id from {MARTS}.identity_map "
        "where identifier_type = 'anonymous_id' and identifier_value = ?", [cookie(9002)])
    assert own == [(gwen,)]


def test_gift_form_email_does_not_attach_the_buyers_browser(adversarial_build):
    buyer_browser = adversarial_build.query(
        f"select person_id from {MARTS}.identity_map "
        "where identifier_type = 'anonymous_id' and identifier_value = ?", [cookie(9003)])
    assert buyer_browser == [(None,)]
    link = adversarial_build.query(
        f"select count(*) from {MARTS}.fct_identity_links "
        "where link_kind = 'form_entry' and identifier_value_a = ?", [cookie(9003)])
    assert link == [(0,)]
    # A newsletter form still attaches (the control).
    hal = persons_of_accounts(adversarial_build, ["acc_hal"])["acc_hal"]
    assert adversarial_build.query(
        f"select person_id from {MARTS}.identity_map "
        "where identifier_type = 'anonymous_id' and identifier_value = ?", [cookie(9004)]) == [(hal,)]


def test_every_person_is_within_the_bounds(adversarial_build):
    over = adversarial_build.query(
        f"select person_id, n_personas, n_accounts from {MARTS}.dim_persons "
        "where n_personas > 10 or n_accounts > 8 or n_phones + n_loyalty_numbers + n_card_tokens > 12")
    assert over == []
    # The bounds really acted here: three components were over a bound before the split.
    assert adversarial_build.scalar(
        f"select count(distinct unbounded_component_node) from {INTERMEDIATE}.int_identity__person_bounded_components "
        "where bound_status = 'split'") == 3


def test_erasure_in_a_chain_takes_one_person_only(adversarial_build):
    erased = adversarial_build.query(
        f"select count(*) from {MARTS}.identity_map where identifier_value in (?, ?)",
        ["guest.chain7@gmail.com", adv.guest_chain_account(7)])
    assert erased == [(0,)]
    # Her chain neighbours, and every other customer, are still there.
    kept = persons_of_accounts(adversarial_build, [adv.guest_chain_account(i) for i in (6, 8)])
    assert len(kept) == 2
    assert adversarial_build.scalar(
        f"select count(*) from {MARTS}.identity_map where identifier_type = 'account_id'") == (
        adv.N_GUEST_CHAIN - 1 + adv.N_2FA_CHAIN + adv.N_ROLE_BUYERS + 4 + 4 + 6 + 2)


def test_bounds_check_fails_on_an_oversized_person(adversarial_build, tmp_path):
    """Negative control of tests/singular/assert_persons_within_bounds.sql: it passed in the build;
    on a copy of the warehouse where one person holds nine accounts, it fails."""
    import shutil

    import duckdb

    workdir = tmp_path / "broken"
    workdir.mkdir()
    shutil.copy(adversarial_build.db_path, workdir / "warehouse.duckdb")
    with duckdb.connect(str(workdir / "warehouse.duckdb")) as con:
        con.execute(f"update {MARTS}.dim_persons set n_accounts = 9 "
                    f"where person_id = (select min(person_id) from {MARTS}.dim_persons)")
    broken = run_dbt(["test", "--select", "assert_persons_within_bounds"], workdir,
                     adversarial_build.raw_path, check=False)
    assert broken.returncode != 0
    assert "FAIL 1 assert_persons_within_bounds" in broken.output


def test_explain_identity_says_the_bounds_split_the_chain(adversarial_build, tmp_path):
    from conftest import run_explain

    proc = run_explain(adversarial_build.db_path, "account_id:acc_tf_0003", "account_id:acc_tf_0004", tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "person: apart." in proc.stdout
    assert "broke the person bounds (n_accounts 1000 > 8" in proc.stdout
    assert "person_bound:n_accounts 1000 > 8" in proc.stdout
