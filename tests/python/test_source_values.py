"""Source values as the source knows them: account ids are published as the CRM wrote them, and
match case-insensitively unless the type is made case-sensitive (seeds/identifier_types.csv)."""

from __future__ import annotations

import pytest

import scenario_data
from conftest import run_dbt


def tables() -> scenario_data.Tables:
    t = scenario_data.Tables()
    # The CRM writes S2; the web login and a preference write it another way.
    t.account("S2", first_name="Sue", last_name="Two")
    t.contact("S2", "email", "sue.two@gmail.com")
    t.web(scenario_data.cookie(9001), "login", user_id="s2")
    t.add("preferences", account_id="S2", kind="allergy", value="peanut", updated_at="2026-01-01T00:00:00Z")
    t.add("preferences", account_id=" s2 ", kind="dietary", value="vegan", updated_at="2026-01-02T00:00:00Z")
    # A CRM that issues case-sensitive ids: Q7 and q7 are two customers.
    t.account("Q7", first_name="Quinn", last_name="Seven")
    t.contact("Q7", "email", "quinn.seven@gmail.com")
    t.account("q7", first_name="Quentin", last_name="Sieben")
    t.contact("q7", "email", "quentin.sieben@yahoo.com")
    return t


@pytest.fixture(scope="module")
def insensitive(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("case_insensitive")
    return run_dbt(["build"], workdir, tables().write(workdir / "raw"))


@pytest.fixture(scope="module")
def sensitive(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("case_sensitive")
    return run_dbt(["build"], workdir, tables().write(workdir / "raw"),
                   {"case_sensitive_identifier_types": ["account_id"]})


def accounts(build) -> dict[str, str]:
    return dict(build.query("""
        select identifier_value, persona_id from main_marts.identity_map
        where identifier_type = 'account_id'"""))


def test_marts_publish_the_account_id_as_the_crm_wrote_it(insensitive):
    assert insensitive.query("""
        select distinct account_id, kind, value, recorded_on_account_id
        from main_marts.person_safety_attributes order by kind""") == [
        ("S2", "allergy", "peanut", "S2"), ("S2", "dietary", "vegan", "s2")]
    published = accounts(insensitive)
    assert "S2" in published and "s2" not in published
    assert insensitive.scalar("select account_id from main_marts.dim_personas where first_email = ?",
                              ["sue.two@gmail.com"]) == "S2"


def test_case_insensitive_ids_are_one_account(insensitive):
    published = accounts(insensitive)
    assert len([a for a in published if a.lower() == "q7"]) == 1


def test_case_sensitive_ids_stay_two_personas(sensitive, insensitive):
    published = accounts(sensitive)
    assert {"Q7", "q7"} <= set(published)
    assert published["Q7"] != published["q7"]
    assert {"S2", "s2"} <= set(published) and published["S2"] != published["s2"]
    # Only the preferences written S2 reach S2's person when s2 is another account.
    assert sensitive.query("""
        select distinct account_id, kind from main_marts.person_safety_attributes
        where account_id = 'S2' order by kind""") == [("S2", "allergy")]
