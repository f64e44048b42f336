"""The invitation import as organisers use it: Excel's CSV in its three shapes, a warning when an organisation would
have more invitations than seats, "skip people already invited", and a template to start from (issue 12)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from summit.csvio import read_csv
from summit.invitations.importer import COLUMNS
from summit.invitations.models import Invitation
from tests.test_csv_import import GOOD, upload

ROWS = [("name", "email", "organisation", "job title"), ("Zoë Ångström", "zoe@roblox.example", "Roblox", "Café lead")]


@pytest.fixture
def event(make_event, make_organisation):
    make_organisation("Roblox", quota=2)
    return make_event()


@pytest.mark.parametrize("encoding, delimiter", [("utf-8-sig", ","), ("cp1252", ","), ("utf-8-sig", ";"),
                                                 ("cp1252", ";")])
def test_excel_csv_in_utf8_with_bom_or_windows_1252_with_commas_or_semicolons(encoding, delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(ROWS)
    parsed = read_csv(out.getvalue().encode(encoding), COLUMNS)
    assert parsed.problems == []
    assert parsed.rows[0][1] == {"name": "Zoë Ångström", "email": "zoe@roblox.example", "organisation": "Roblox",
                                 "job_title": "Café lead"}


def test_a_windows_1252_file_survives_the_preview_into_the_import(organiser_client, dbs, event):
    data = "name;email;organisation;job title\r\nZoë Ångström;zoe@roblox.example;Roblox;Café lead\r\n".encode("cp1252")
    preview = upload(organiser_client, event, data)
    assert preview.status_code == 200, preview.get_data(as_text=True)
    text = preview.get_data(as_text=True)
    assert "Zoë Ångström" in text
    done = organiser_client.post_form(f"/events/{event.slug}/invitations/import/confirm",
                                      {"csv_text": "name;email;organisation;job title\r\n"
                                                   "Zoë Ångström;zoe@roblox.example;Roblox;Café lead\r\n"})
    assert done.status_code == 303
    assert dbs.scalar(select(Invitation)).person.name == "Zoë Ångström"


def test_the_preview_warns_when_an_organisation_would_have_more_invitations_than_seats(organiser_client, event):
    three = GOOD + "Ada Byte,ada@roblox.example,Roblox,Engineer\n"
    html = upload(organiser_client, event, three).get_data(as_text=True)
    assert "Roblox would have 3 invitations for 2 seats" in html


def test_skip_people_already_invited(organiser_client, dbs, event):
    organiser_client.post_form(f"/events/{event.slug}/invitations/import/confirm",
                               {"csv_text": GOOD.splitlines()[0] + "\n" + GOOD.splitlines()[1] + "\n"})
    refused = upload(organiser_client, event, GOOD)
    assert "is already invited" in refused.get_data(as_text=True) and refused.status_code == 422
    data = {"file": (io.BytesIO(GOOD.encode()), "people.csv"), "skip_invited": "y"}
    preview = organiser_client.post_form(f"/events/{event.slug}/invitations/import", data,
                                         content_type="multipart/form-data")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "1 person already invited will be skipped: grace@roblox.example" in html
    done = organiser_client.post_form(f"/events/{event.slug}/invitations/import/confirm",
                                      {"csv_text": GOOD, "skip_invited": "y"})
    assert done.status_code == 303
    assert dbs.scalar(select(func.count(Invitation.id))) == 2


def test_a_template_file_to_start_from(organiser_client, event):
    response = organiser_client.get(f"/events/{event.slug}/invitations/import/template.csv")
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    assert read_csv(body, COLUMNS).problems == []
    page = organiser_client.get(f"/events/{event.slug}/invitations/import").get_data(as_text=True)
    assert "template.csv" in page


def test_the_warning_counts_the_seats_at_this_event_not_the_organisations_default(organiser_client, dbs, event):
    from summit.audit import SYSTEM
    from summit.events.models import Organisation
    from summit.events.participation import set_event_quota

    roblox = dbs.scalar(select(Organisation).where(Organisation.name == "Roblox"))
    three = GOOD + "Ada Byte,ada@roblox.example,Roblox,Engineer\n"
    set_event_quota(dbs, SYSTEM, event, roblox, 5)  # five seats here, though it starts with two elsewhere
    dbs.commit()
    assert "would have" not in upload(organiser_client, event, three).get_data(as_text=True)
    set_event_quota(dbs, SYSTEM, event, roblox, 1)
    dbs.commit()
    assert "Roblox would have 3 invitations for 1 seats" in upload(organiser_client, event, three).get_data(
        as_text=True)
