"""Check-in at the desk: codes, search, one tap, undo within five minutes, warnings, walk-ins, live counts."""

from __future__ import annotations

import email
import email.policy
import re
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from summit import db
from summit.audit import Actor, AuditEntry
from summit.checkin import codes
from summit.checkin.models import CheckIn, CheckInCode
from summit.checkin.queries import live_counts
from summit.checkin.services import (
    CheckInRefused,
    add_walk_in,
    check_in,
    find_by_code,
    issue_code,
    pass_for,
    search,
    undo_check_in,
)
from summit.clock import utcnow
from summit.events.models import Event
from summit.invitations.models import Answer, Invitation, InvitationStatus
from summit.mail.models import OutboxMessage

NOON = "2026-11-29T20:00:00Z"


@contextmanager
def service(app):
    """The app's own session, as a POST view has it (the services use savepoints)."""
    with app.test_request_context(method="POST"):
        yield db.session
        db.session.rollback()


@pytest.fixture
def event(make_event):
    return under_way(make_event)


def under_way(make_event, **fields):
    """An event that started two hours ago (check-in is open) whose RSVPs are still open, for the factories."""
    return make_event(starts_in=timedelta(hours=-2), rsvp_deadline=utcnow() + timedelta(days=1), **fields)


def staff_actor(user) -> Actor:
    return Actor.of(user)


# ---- codes ----

def test_a_code_is_eight_unambiguous_characters_derived_from_the_key_and_stored_only_as_a_keyed_hash(app, dbs, event,
                                                                                                     make_invitee):
    invitation = make_invitee(event)
    with app.app_context():
        code = codes.code_for(invitation.id)
        assert code == codes.code_for(invitation.id)  # shown again, printed on badges: the same each time
        assert re.fullmatch(r"[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}", code)
        stored = dbs.get(CheckInCode, invitation.id)
        assert stored.code_hash == codes.hash_code(code) and code not in stored.code_hash
        app.config["SECRET_KEY"] = "another-secret-key-that-is-long-enough-0123456789"
        assert codes.code_for(invitation.id) != code  # derived from the key: nothing in clear at rest


def test_typed_codes_forgive_case_spaces_and_dashes():
    assert codes.normalise(" abcd-efgh ") == "ABCDEFGH"
    assert codes.normalise("ABCD EFGH") == "ABCDEFGH"
    assert codes.normalise("ABCD-EFG0") is None  # 0, 1, I and O are never in a code
    assert codes.normalise("ABC") is None and codes.normalise("ABCD-EFG!") is None
    assert codes.grouped("ABCDEFGH") == "ABCD-EFGH"


def test_a_code_finds_its_invitation_only_at_its_event_and_only_until_the_event_ends(app, dbs, event, make_event,
                                                                                       make_invitee):
    invitation = make_invitee(event)
    other = under_way(make_event, slug="other-summit")
    with service(app) as session:
        code = codes.grouped(codes.code_for(invitation.id)).lower()
        assert find_by_code(session, event, code).id == invitation.id
        assert find_by_code(session, other, code) is None
        assert find_by_code(session, event, code, now=event.ends_at) is None  # useless after the event
        assert find_by_code(session, event, "2222-2222") is None


def test_the_pass_is_for_accepted_delegates_until_the_event_ends(app, event, make_invitee):
    accepted, waiting = make_invitee(event), make_invitee(event, answer=Answer.TENTATIVE)
    with service(app) as session:
        accepted, waiting = session.get(Invitation, accepted.id), session.get(Invitation, waiting.id)
        issued = pass_for(accepted)
        assert issued.text == codes.grouped(codes.code_for(accepted.id))
        assert issued.url == f"http://summit.test/events/{event.slug}/check-in/c/{issued.code}"
        assert 'role="img"' in issued.svg and f"the code is {issued.text}" in issued.svg and "<title>" in issued.svg
        assert pass_for(waiting) is None
        assert pass_for(accepted, now=event.ends_at) is None


def test_the_confirmation_email_carries_the_qr_code_and_the_text_code(app, dbs, event, make_invitee):
    invitation = make_invitee(event)
    mail = dbs.scalar(select(OutboxMessage).where(OutboxMessage.kind == "rsvp-confirmation"))
    with app.app_context():
        text = codes.grouped(codes.code_for(invitation.id))
    assert text in mail.text_body and text in mail.html_body
    assert "<svg" in mail.html_body and 'role="img"' in mail.html_body


def test_the_outbox_forgets_the_code_once_the_email_has_gone(app, dbs, event, make_invitee):
    from summit.mail.worker import deliver_once

    invitation = make_invitee(event)
    assert deliver_once(app)["sent"] == 2  # the invitation and the confirmation
    with app.app_context():
        code = codes.code_for(invitation.id)
    mail = dbs.scalar(select(OutboxMessage).where(OutboxMessage.kind == "rsvp-confirmation"))
    for body in (mail.text_body, mail.html_body):
        assert code not in body and codes.grouped(code) not in body
        assert "Check-in code: " in body and "code-removed-after-delivery" in body
    assert "<svg" not in mail.html_body
    folder = Path(app.config["MAIL_URL"].removeprefix("file://"))
    sent = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in folder.iterdir()]
    texts = [m.get_body(("plain",)).get_content() for m in sent]
    assert any(codes.grouped(code) in text for text in texts)  # the copy that went out kept it


def test_the_rsvp_page_shows_the_code_to_an_accepted_delegate(app, dbs, event, make_invitee):
    from tests.test_invitations import latest_link

    invitation = make_invitee(event)
    client = app.test_client()
    client.get(latest_link(dbs, invitation.person.email))
    page = client.get("/rsvp").get_data(as_text=True)
    with app.app_context():
        assert codes.grouped(codes.code_for(invitation.id)) in page
    assert "Your check-in code" in page and "<svg" in page


# ---- checking in ----

@pytest.mark.clock(at=NOON)
def test_one_tap_records_the_time_and_who_and_undo_works_for_five_minutes(app, dbs, make_event, make_invitee,
                                                                            organiser):
    event = under_way(make_event)
    invitation = make_invitee(event, name="Zoë Ångström")
    with service(app) as session:
        row = check_in(session, staff_actor(organiser), event, session.get(Invitation, invitation.id))
        session.commit()
        assert row.checked_in_by == organiser.id and abs(row.checked_in_at - utcnow()) < timedelta(seconds=5)
        with pytest.raises(CheckInRefused, match=r"Already checked in at \d\d:\d\d by Organiser"):
            check_in(session, staff_actor(organiser), event, session.get(Invitation, invitation.id))
        session.rollback()
        with pytest.raises(CheckInRefused, match="within 5 minutes"):
            undo_check_in(session, staff_actor(organiser), event, session.get(Invitation, invitation.id),
                          now=row.checked_in_at + timedelta(minutes=5, seconds=1))
        undo_check_in(session, staff_actor(organiser), event, session.get(Invitation, invitation.id),
                      now=row.checked_in_at + timedelta(minutes=4, seconds=59))
        session.commit()
    assert dbs.scalar(select(CheckIn)) is None
    actions = dbs.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "check_ins")).all()
    assert actions == ["check_in.create", "check_in.undo"]


@pytest.mark.parametrize(("answer", "warning"), [(Answer.TENTATIVE, "Not accepted"), (Answer.DECLINE, "Not accepted"),
                                                 (None, "Not accepted")])
def test_people_not_accepted_are_refused_with_a_warning(app, event, make_invitee, organiser, answer, warning):
    invitation = make_invitee(event, answer=answer)
    with service(app) as session, pytest.raises(CheckInRefused, match=warning):
        check_in(session, staff_actor(organiser), event, session.get(Invitation, invitation.id))


def test_the_waiting_list_gets_its_own_warning(app, dbs, event, make_organisation, make_invitee, organiser):
    company = make_organisation("Tiny Co", quota=1)
    make_invitee(event, organisation=company)
    waiting = make_invitee(event, organisation=company)
    assert dbs.get(Invitation, waiting.id).status is InvitationStatus.WAITLISTED
    with service(app) as session, pytest.raises(CheckInRefused, match="waiting list"):
        check_in(session, staff_actor(organiser), event, session.get(Invitation, waiting.id))


def test_check_in_closes_when_the_event_ends(app, event, make_invitee, organiser):
    invitation = make_invitee(event)
    with service(app) as session, pytest.raises(CheckInRefused, match="over"):
        check_in(session, staff_actor(organiser), event, session.get(Invitation, invitation.id), now=event.ends_at)


def test_the_unique_constraint_backs_one_check_in_per_invitation(app, dbs, event, make_invitee, organiser):
    from sqlalchemy.exc import IntegrityError

    invitation = make_invitee(event)
    dbs.add(CheckIn(event_id=event.id, invitation_id=invitation.id))
    dbs.flush()
    with pytest.raises(IntegrityError):
        dbs.add(CheckIn(event_id=event.id, invitation_id=invitation.id))
        dbs.flush()


def test_search_finds_by_name_or_organisation_in_any_case(app, event, make_organisation, make_invitee):
    thorn = make_organisation("Thorn", kind="ngo")
    make_invitee(event, name="Дмитрий Соколов", organisation=thorn)
    make_invitee(event, name="Ada Lovelace")
    with service(app) as session:
        assert [a.invitation.person.name for a in search(session, event, "THORN")] == ["Дмитрий Соколов"]
        assert [a.invitation.person.name for a in search(session, event, "lovel")] == ["Ada Lovelace"]
        assert search(session, event, "nobody") == []


def test_a_walk_in_is_invited_accepted_beyond_the_quota_and_checked_in_with_an_audit_trail(
        app, dbs, event, make_organisation, make_invitee, organiser):
    full = make_organisation("Full Co", quota=1)
    make_invitee(event, organisation=full)
    with service(app) as session:
        invitation = add_walk_in(session, staff_actor(organiser), session.get(Event, event.id), name="Walk In",
                                 email="walk@full.example", organisation_name="Full Co")
        session.commit()
        invitation_id = invitation.id
    row = dbs.scalar(select(CheckIn).where(CheckIn.invitation_id == invitation_id))
    assert row.walk_in and row.checked_in_by == organiser.id
    assert dbs.get(Invitation, invitation_id).status is InvitationStatus.ACCEPTED
    actions = set(dbs.scalars(select(AuditEntry.action)))
    assert {"invitation.create", "invitation.walk_in", "check_in.create"} <= actions
    assert dbs.get(CheckInCode, invitation_id) is not None
    assert dbs.scalar(select(OutboxMessage).where(OutboxMessage.invitation_id == invitation_id)) is None


def test_live_counts_by_organisation_and_by_day(app, dbs, event, make_organisation, make_invitee, organiser):
    a, b = make_organisation("Alpha"), make_organisation("Beta")
    first, _, _ = make_invitee(event, organisation=a), make_invitee(event, organisation=a), make_invitee(
        event, organisation=b)
    with service(app) as session:
        check_in(session, staff_actor(organiser), event, session.get(Invitation, first.id))
        session.commit()
        counts = live_counts(session, event)
    assert (counts.checked_in, counts.expected) == (1, 3)
    assert counts.by_organisation == [("Alpha", 1, 2), ("Beta", 0, 1)]
    assert sum(n for _, n in counts.by_day) == 1 and len(counts.by_day) >= 2


def test_issuing_a_code_twice_keeps_one_row(app, dbs, event, make_invitee):
    invitation = make_invitee(event)
    with service(app) as session:
        assert issue_code(session, session.get(Invitation, invitation.id)) == codes.code_for(invitation.id)
        session.commit()
    assert len(dbs.scalars(select(CheckInCode)).all()) == 1


# ---- the desk, through the views ----

def test_reception_searches_and_checks_in_with_one_tap_then_undoes(app, dbs, event, make_invitee,
                                                                    reception_client):
    invitation = make_invitee(event, name="Grace Hopper")
    page = reception_client.get(f"/events/{event.slug}/check-in?q=hopper")
    assert page.status_code == 200 and "Grace Hopper" in page.get_data(as_text=True)
    assert "Check in Grace Hopper" in page.get_data(as_text=True)
    done = reception_client.post_form(f"/events/{event.slug}/check-in/{invitation.id}")
    assert done.status_code == 303
    person = reception_client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Checked in: Grace Hopper." in person and "Undo check-in" in person
    assert dbs.scalar(select(CheckIn.invitation_id)) == invitation.id
    again = reception_client.post_form(f"/events/{event.slug}/check-in/{invitation.id}")
    assert "Already checked in at" in reception_client.get(again.headers["Location"]).get_data(as_text=True)
    reception_client.post_form(f"/events/{event.slug}/check-in/{invitation.id}/undo")
    assert dbs.scalar(select(CheckIn)) is None


def test_after_five_minutes_the_undo_button_is_gone_and_undo_is_refused(app, dbs, event, make_invitee,
                                                                         reception_client):
    invitation = make_invitee(event)
    reception_client.post_form(f"/events/{event.slug}/check-in/{invitation.id}")
    with time_machine.travel(utcnow() + timedelta(minutes=6), tick=False):
        page = reception_client.get(f"/events/{event.slug}/check-in/{invitation.id}").get_data(as_text=True)
        assert "Undo check-in" not in page and "within 5 minutes" in page
        refused = reception_client.post_form(f"/events/{event.slug}/check-in/{invitation.id}/undo")
        assert "within 5 minutes" in reception_client.get(refused.headers["Location"]).get_data(as_text=True)
    assert dbs.scalar(select(CheckIn)) is not None


def test_a_typed_code_goes_to_the_person_as_a_scan_does(app, event, make_invitee, reception_client):
    invitation = make_invitee(event, name="Alan Turing")
    with app.app_context():
        code = codes.code_for(invitation.id)
    typed = reception_client.get(f"/events/{event.slug}/check-in?q={codes.grouped(code).lower()}")
    assert typed.status_code == 303
    assert typed.headers["Location"] == f"/events/{event.slug}/check-in/{invitation.id}"
    scanned = reception_client.get(f"/events/{event.slug}/check-in/c/{code}")
    assert scanned.status_code == 303  # the code leaves the address bar
    assert scanned.headers["Location"] == f"/events/{event.slug}/check-in/{invitation.id}"
    assert "Alan Turing" in reception_client.get(scanned.headers["Location"]).get_data(as_text=True)
    unknown = reception_client.get(f"/events/{event.slug}/check-in/c/22222222")
    assert unknown.status_code == 404 and "not recognised" in unknown.get_data(as_text=True)


def test_a_surname_shaped_like_a_code_is_searched_as_a_name(app, event, make_invitee, reception_client):
    make_invitee(event, name="Tom Matthews")  # MATTHEWS: eight letters, all in the codes' alphabet
    page = reception_client.get(f"/events/{event.slug}/check-in?q=matthews")
    assert page.status_code == 200 and "Tom Matthews" in page.get_data(as_text=True)


def test_a_scanned_code_signed_out_goes_to_sign_in_and_back(app, event, make_invitee, reception):
    invitation = make_invitee(event)
    with app.app_context():
        path = f"/events/{event.slug}/check-in/c/{codes.code_for(invitation.id)}"
    client = app.test_client()
    first = client.get(path)
    assert first.status_code == 302 and "/login" in first.headers["Location"]
    signed_in = client.post_form("/login", {"email": reception.person.email, "password": "correct horse battery",
                                            "next": path})
    assert signed_in.status_code == 303 and signed_in.headers["Location"] == path


def test_warnings_show_on_the_desk_for_waiting_and_not_accepted(app, event, make_organisation, make_invitee,
                                                               reception_client):
    tiny = make_organisation("Tiny", quota=1)
    make_invitee(event, name="Seated Person", organisation=tiny)
    make_invitee(event, name="Waiting Person", organisation=tiny)
    make_invitee(event, name="Maybe Person", organisation=tiny, answer=Answer.TENTATIVE)
    page = reception_client.get(f"/events/{event.slug}/check-in?q=tiny").get_data(as_text=True)
    assert "On the waiting list" in page and "Not accepted (invitation tentative)" in page
    assert page.count('class="button big-button"') == 1  # only the accepted person has the button


def test_an_organiser_adds_a_walk_in_and_a_form_error_keeps_what_was_typed(app, dbs, event, make_organisation,
                                                                         organiser_client):
    make_organisation("Parent Zone", kind="ngo")
    bad = organiser_client.post_form(f"/events/{event.slug}/check-in/walk-in",
                                     {"name": "Walk In", "email": "not-an-email", "organisation": "Parent Zone"})
    assert bad.status_code == 422 and 'value="Walk In"' in bad.get_data(as_text=True)
    good = organiser_client.post_form(f"/events/{event.slug}/check-in/walk-in",
                                      {"name": "Walk In", "email": "walk@pz.example", "organisation": "Parent Zone"})
    assert good.status_code == 303
    assert dbs.scalar(select(CheckIn)).walk_in


def test_the_organisers_home_shows_live_counts(app, event, make_invitee, organiser_client, reception_client):
    invitation = make_invitee(event)
    reception_client.post_form(f"/events/{event.slug}/check-in/{invitation.id}")
    page = organiser_client.get("/").get_data(as_text=True)
    assert re.search(r"<strong>1</strong> checked in of <strong>1</strong> expected", page)


def test_logs_never_show_a_scanned_code_or_what_the_desk_searched():
    from summit.logmask import mask

    line = ('127.0.0.1 "GET /events/s/check-in/c/ABCDEFGH HTTP/1.1" 303 "http://summit.test/events/s/check-in?'
            'q=Priya+Natarajan"')
    assert "ABCDEFGH" not in mask(line) and "Priya" not in mask(line)
    assert mask("GET /events/s/check-in/12 HTTP/1.1") == "GET /events/s/check-in/12 HTTP/1.1"


def test_a_subject_access_export_includes_the_persons_check_in(app, dbs, event, make_invitee, reception_client):
    from summit.events.models import Person
    from summit.privacy.export import export_person

    invitation = make_invitee(event)
    reception_client.post_form(f"/events/{event.slug}/check-in/{invitation.id}")
    exported = export_person(dbs, dbs.get(Person, invitation.person_id))
    assert [row["invitation_id"] for row in exported["check_ins"]] == [invitation.id]
    assert exported["session_door_check_ins"] == []
