"""CSV in and out: the importer is all-or-nothing with line-numbered problems; exports are formula-safe."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from summit.csvio import FORMULA_STARTS, read_csv, unsafe_cell, write_csv
from summit.invitations.importer import COLUMNS
from summit.invitations.models import Invitation

GOOD = "name,email,organisation,job title\nGrace Holloway,grace@roblox.example,Roblox,VP Trust & Safety\n" \
       "Kenji Watanabe,kenji@roblox.example,Roblox,Safety lead\n"


@pytest.fixture
def event(make_event, make_organisation):
    make_organisation("Roblox")
    return make_event()


def upload(client, event, text: str | bytes, create: bool = False):
    data = text.encode("utf-8") if isinstance(text, str) else text
    form = {"file": (io.BytesIO(data), "people.csv")}
    if create:
        form["create_organisations"] = "y"
    return client.post_form(f"/events/{event.slug}/invitations/import", form, content_type="multipart/form-data")


def invitations(dbs) -> int:
    return dbs.scalar(select(func.count(Invitation.id)))


def test_a_good_file_is_previewed_then_imported(organiser_client, dbs, event):
    preview = upload(organiser_client, event, "\ufeff" + GOOD)  # Excel's BOM is fine
    assert preview.status_code == 200
    html = preview.get_data(as_text=True)
    assert "2 people will be invited" in html and "Kenji Watanabe" in html
    assert invitations(dbs) == 0  # a preview changes nothing
    confirm = organiser_client.post_form(f"/events/{event.slug}/invitations/import/confirm",
                                         {"csv_text": GOOD, "send": "y"})
    assert confirm.status_code == 303
    assert invitations(dbs) == 2


def test_one_bad_row_imports_nothing_and_every_problem_is_named_by_line(organiser_client, dbs, event):
    text = GOOD + ("Bad Email,not-an-email,Roblox,Engineer\n"
                   ",missing@roblox.example,Roblox,Engineer\n"
                   "Twice,GRACE@roblox.example,Roblox,Engineer\n"
                   "Stranger,s@unknown.example,Unknown Corp,CTO\n")
    response = upload(organiser_client, event, text)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html
    assert "Line 4: email &#39;not-an-email&#39;: Invalid email address." in html
    assert "Line 5: name: This field is required." in html
    assert "Line 6: GRACE@roblox.example appears twice (also on line 2)." in html
    assert "Line 7: there is no organisation called Unknown Corp." in html
    assert invitations(dbs) == 0
    # A confirm carrying the same bad data (a tampered or stale form) is refused too.
    assert organiser_client.post_form(f"/events/{event.slug}/invitations/import/confirm",
                                      {"csv_text": text}).status_code == 422
    assert invitations(dbs) == 0


def test_unknown_organisations_can_be_created_when_chosen(organiser_client, dbs, event):
    text = "name,email,organisation,job title\nStranger,s@newco.example,NewCo,CTO\n"
    preview = upload(organiser_client, event, text, create=True)
    assert preview.status_code == 200 and "NewCo" in preview.get_data(as_text=True)
    organiser_client.post_form(f"/events/{event.slug}/invitations/import/confirm",
                               {"csv_text": text, "create_organisations": "y"})
    assert invitations(dbs) == 1


def test_already_invited_people_are_refused(organiser_client, dbs, event):
    organiser_client.post_form(f"/events/{event.slug}/invitations/import/confirm", {"csv_text": GOOD})
    response = upload(organiser_client, event, GOOD)
    assert "Line 2: grace@roblox.example is already invited." in response.get_data(as_text=True)


@pytest.mark.parametrize("data, problem", [
    (b"", "The file is empty"),
    (b"name,email\nA,a@example.org\n", "Line 1: the header lacks organisation, job_title"),
    (b"name,email,organisation,job title\n", "no rows"),
    (b"name,email,organisation,job title\nA,a@x.org,Roblox,\x81\n", "not UTF-8 or Windows"),  # cp1252 reads
    (b"name,email,organisation,job title\nA,a@x.org,Roblox,CTO,extra\n", "Line 2: 5 cells but the header has 4"),
])
def test_malformed_files_get_a_clear_message(data, problem):
    parsed = read_csv(data, COLUMNS)
    assert any(problem in p for p in parsed.problems), parsed.problems


def test_only_organisers_import(delegate_client, event):
    assert upload(delegate_client, event, GOOD).status_code == 403


# ---- properties -------------------------------------------------------------------------------------------

cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@given(st.lists(st.lists(cell_text, min_size=4, max_size=4), min_size=1, max_size=20))
@settings(max_examples=200, deadline=None)
def test_what_the_writer_writes_the_reader_reads_back(rows):
    text = write_csv(["name", "email", "organisation", "job title"], rows)
    parsed = read_csv(text.encode("utf-8"), COLUMNS)
    expected = [[c.strip() for c in row] for row in rows if any(c.strip() for c in row)]
    assert [[r[k] for k in COLUMNS] for _, r in parsed.rows] == expected
    assert not parsed.problems or not expected


@given(cell_text)
@settings(max_examples=500, deadline=None)
def test_no_exported_cell_can_start_a_formula(value):
    exported = next(csv.reader(io.StringIO(write_csv(["h"], [[value]]).split("\r\n", 1)[1])), [""])
    cell = exported[0] if exported else ""
    assert not cell.startswith(FORMULA_STARTS)
    assert cell == value or cell == "'" + value
    assert unsafe_cell(cell) == value


@given(st.lists(st.tuples(st.sampled_from(["Ann", "Bob", "", " "]),
                          st.sampled_from(["a@x.org", "A@X.org", "bad", "", "b@x.org"]),
                          st.sampled_from(["Roblox", "Nowhere", ""])), min_size=1, max_size=8))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_importer_accepts_a_file_only_when_every_row_is_good(dbs, event, rows):
    """Read-only against the database, so sharing one database across examples is sound."""
    from summit.invitations.importer import plan_import

    text = write_csv(["name", "email", "organisation", "job title"], [(n, e, o, "CTO") for n, e, o in rows])
    plan = plan_import(dbs, event, text.encode(), create_organisations=False)
    emails = [e.lower() for _, e, _ in rows]
    # A repeated email is reported on its later lines, which name the first.
    row_ok = [bool(n.strip()) and e in ("a@x.org", "A@X.org", "b@x.org") and o == "Roblox"
              and e.lower() not in emails[:i] for i, (n, e, o) in enumerate(rows)]
    assert plan.ok == all(row_ok)
    if not plan.ok:
        lines = {int(p.split(":")[0].split()[1]) for p in plan.problems}
        assert lines == {i + 2 for i, good in enumerate(row_ok) if not good}
