"""Session door lists: who signed up (screen, print, CSV), which organisations may enter a restricted session, and
letting people in at its door once."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from summit.agenda.models import Visibility
from summit.agenda.signups import sign_up
from summit.audit import SYSTEM, AuditEntry
from summit.checkin.models import SessionCheckIn
from summit.invitations.models import Invitation


def invitation_of(dbs, user, event) -> Invitation:
    return dbs.scalar(select(Invitation).where(Invitation.person_id == user.person_id,
                                               Invitation.event_id == event.id))


def test_a_door_list_shows_who_signed_up_then_who_waits_with_a_csv(app, dbs, agenda_event, make_session,
                                                                  make_delegate, make_organisation, reception_client):
    item = make_session(title="Moderator thresholds", seat_limit=1)
    first, second = make_delegate(make_organisation("Snap Inc.")), make_delegate(make_organisation("=Formula Co"))
    with app.test_request_context():
        sign_up(dbs, SYSTEM, item, first.person)
        sign_up(dbs, SYSTEM, item, second.person)
        dbs.commit()
    page = reception_client.get(f"/events/{agenda_event.slug}/doors/{item.id}").get_data(as_text=True)
    assert page.index(first.person.name) < page.index("Waiting list") < page.index(second.person.name)
    assert "1 signed up, 1 waiting" in page and "Restricted session" not in page
    export = reception_client.get(f"/events/{agenda_event.slug}/doors/{item.id}.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True))))
    assert rows[0] == ["Name", "Organisation", "Sign-up", "Arrived at the event", "Let in at the door"]
    assert rows[1][:3] == [first.person.name, "Snap Inc.", "signed up"]
    assert rows[2][1] == "'=Formula Co"  # no formula reaches a spreadsheet
    assert dbs.scalar(select(AuditEntry.action).where(AuditEntry.action == "door_list.export")) is not None


def test_a_restricted_session_names_who_may_enter_and_lets_people_in_once(app, dbs, agenda_event, make_session,
                                                                         make_delegate, make_organisation,
                                                                         reception_client):
    ncmec = make_organisation("NCMEC", kind="ngo")
    police = make_organisation("Police Scotland", kind="law_enforcement")
    item = make_session(title="Referrals briefing", visibility=Visibility.RESTRICTED,
                        organisation_ids=[ncmec.id, police.id])
    officer = make_delegate(police)
    with app.test_request_context():
        sign_up(dbs, SYSTEM, item, officer.person)
        dbs.commit()
    page = reception_client.get(f"/events/{agenda_event.slug}/doors/{item.id}").get_data(as_text=True)
    assert "Only these organisations may enter: NCMEC, Police Scotland." in page
    invitation = invitation_of(dbs, officer, agenda_event)
    let_in = f"/events/{agenda_event.slug}/doors/{item.id}/{invitation.id}"
    assert f"Let in {officer.person.name}" in page
    assert reception_client.post_form(let_in).status_code == 303
    again = reception_client.post_form(let_in)
    assert "Already let in." in reception_client.get(again.headers["Location"]).get_data(as_text=True)
    assert len(dbs.scalars(select(SessionCheckIn)).all()) == 1


def test_only_restricted_sessions_check_people_in_at_the_door(app, dbs, agenda_event, make_session, make_delegate,
                                                              reception_client):
    item = make_session()
    delegate = make_delegate()
    with app.test_request_context():
        sign_up(dbs, SYSTEM, item, delegate.person)
        dbs.commit()
    refused = reception_client.post_form(
        f"/events/{agenda_event.slug}/doors/{item.id}/{invitation_of(dbs, delegate, agenda_event).id}")
    assert "Only restricted sessions" in reception_client.get(refused.headers["Location"]).get_data(as_text=True)
    assert dbs.scalar(select(SessionCheckIn)) is None


def test_the_door_index_lists_the_sessions(app, agenda_event, make_session, organiser_client):
    make_session(title="Keynote on the five expectations")
    page = organiser_client.get(f"/events/{agenda_event.slug}/doors").get_data(as_text=True)
    assert "Keynote on the five expectations" in page
