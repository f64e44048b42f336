"""The campus visitor list: accepted delegates with the answers security asks for, by day, on screen and as CSV."""

from __future__ import annotations

import csv
import html as markup
import io

import pytest
from sqlalchemy import select

from summit.audit import SYSTEM, AuditEntry
from summit.invitations.models import Answer
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.questions.answers import event_days
from summit.questions.models import QuestionKind
from summit.questions.services import QuestionFields, add_question


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def world(app, dbs, event, make_organisation):
    """Three accepted delegates (on day 1, on both days by silence, on day 2), one tentative."""
    def ask(label, kind, **fields):
        return add_question(dbs, SYSTEM, event, QuestionFields(kind=kind, label=label, **fields))

    on_id = ask("Full name as on your photo ID", QuestionKind.SHORT_TEXT, name_on_id=True)
    passport = ask("Country of passport", QuestionKind.COUNTRY, for_security=True)
    days = ask("Which days will you be on campus?", QuestionKind.DAYS)
    hotel = ask("Hotel", QuestionKind.SHORT_TEXT)  # not for security: not on the list
    dbs.commit()
    first, second = (d.isoformat() for d in event_days(event))
    organisation = make_organisation("Thorn", kind="ngo", quota=10)
    people = [("Ada Day-One", {on_id.id: "Ada Lovelace-Byron", passport.id: "GB", days.id: [first]}),
              ("Bo Silent", {passport.id: "SE", hotel.id: "Westin"}),
              ("Cy Day-Two", {days.id: [second], on_id.id: "=cmd|' /C calc'!A0"}),
              ("Di Maybe", {passport.id: "FR"})]
    with app.test_request_context():
        for n, (name, answers) in enumerate(people):
            invitation = invite(dbs, SYSTEM, event, name=name, email=f"v{n}@example.org",
                                organisation_name=organisation.name)
            respond(dbs, SYSTEM, invitation, Reply(Answer.TENTATIVE if name == "Di Maybe" else Answer.ACCEPT,
                                                   answers=answers))
        dbs.commit()
    return first, second


def names_on(html: str) -> list[str]:
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    return [markup.unescape(row.split("<td>", 1)[1].split("<", 1)[0]) for row in rows]


def test_the_list_shows_accepted_delegates_by_their_id_name_with_securitys_answers(organiser_client, event, world):
    html = organiser_client.get(f"/events/{event.slug}/visitors").get_data(as_text=True)
    assert names_on(html) == ["Ada Lovelace-Byron", "Bo Silent", "=cmd|' /C calc'!A0"]
    assert "registered as Ada Day-One" in html and "Di Maybe" not in html
    assert "Country of passport" in html and "United Kingdom" in html and "Sweden" in html
    assert "Westin" not in html and ">Hotel<" not in html  # not a question security asks


def test_the_list_for_one_day_keeps_those_on_campus_that_day_or_who_did_not_say(organiser_client, event, world):
    first, second = world
    day_one = organiser_client.get(f"/events/{event.slug}/visitors?day={first}").get_data(as_text=True)
    assert names_on(day_one) == ["Ada Lovelace-Byron", "Bo Silent"]
    day_two = organiser_client.get(f"/events/{event.slug}/visitors?day={second}").get_data(as_text=True)
    assert names_on(day_two) == ["Bo Silent", "=cmd|' /C calc'!A0"]
    assert organiser_client.get(f"/events/{event.slug}/visitors?day=1999-01-01").status_code == 404


def test_the_csv_is_formula_safe_filtered_by_day_and_its_taking_is_audited(organiser_client, dbs, event, world):
    _, second = world
    response = organiser_client.get(f"/events/{event.slug}/visitors.csv?day={second}")
    assert response.status_code == 200 and f"visitors-{second}.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["name (as on ID)", "registered name", "organisation", "Country of passport"]
    assert rows[1:] == [["Bo Silent", "Bo Silent", "Thorn", "Sweden"],
                        ["'=cmd|' /C calc'!A0", "Cy Day-Two", "Thorn", ""]]
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "visitors.export"))
    assert entry.after["rows"] == 2 and entry.after["day"] == second and "Sweden" not in str(entry.after)
