"""Leavers lose their seats and their access: a delegate who declines, is revoked or passes their place to a
colleague frees every session seat at once (the waiting list moves up, by email) and sees the event from outside."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from summit.agenda.models import AgendaSession, SessionKind, SignUp, SignUpStatus, Visibility
from summit.audit import SYSTEM
from summit.commitments.models import CommitmentVisibility, Expectation
from summit.commitments.services import CommitmentFields, create_commitment
from summit.invitations.models import Invitation, InvitationStatus
from summit.invitations.rsvp import nominate
from summit.invitations.services import revoke_invitation
from summit.mail.models import OutboxMessage


@pytest.fixture
def scene(app, dbs, agenda_event, make_session, make_delegate, make_organisation):
    """A workshop with one seat held by the leaver and a colleague-of-another-company waiting for it."""
    company = make_organisation("Leaver Co", quota=5)
    leaver, waiting = make_delegate(company), make_delegate()
    workshop = make_session("Scoring workshop", seat_limit=1)
    keynote = make_session("Keynote", kind=SessionKind.KEYNOTE, visibility=Visibility.PUBLIC, start_hour=14,
                           seat_limit=50)
    clients = {}
    for user in (leaver, waiting):
        clients[user.id] = app.test_client()
        assert clients[user.id].sign_in(user.person.email).status_code == 303
    for item in (workshop, keynote):
        assert clients[leaver.id].post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup").status_code == 303
    clients[waiting.id].post_form(f"/events/{agenda_event.slug}/sessions/{workshop.id}/signup")
    with app.app_context():
        create_commitment(dbs, SYSTEM, agenda_event, CommitmentFields(
            title="Leaver Co internal plan", expectation=Expectation.STOP_GROOMING, lead_organisation_id=company.id,
            visibility=CommitmentVisibility.PARTICIPANTS))
        dbs.commit()
    return {"leaver": leaver, "waiting": waiting, "workshop": workshop, "keynote": keynote,
            "client": clients[leaver.id], "slug": agenda_event.slug}


def seats(dbs, scene) -> dict[str, object]:
    dbs.expire_all()
    signups = {(s.person_id, s.session_id): s.status for s in dbs.scalars(select(SignUp))}
    return {
        "leaver": {sid for (pid, sid) in signups if pid == scene["leaver"].person_id},
        "waiting": signups.get((scene["waiting"].person_id, scene["workshop"].id)),
        "taken": dbs.get(AgendaSession, scene["workshop"].id).seats_taken,
        "keynote taken": dbs.get(AgendaSession, scene["keynote"].id).seats_taken,
    }


def invitation_of(dbs, user) -> Invitation:
    return dbs.scalar(select(Invitation).where(Invitation.person_id == user.person_id))


def assert_seats_passed_on(dbs, scene) -> None:
    after = seats(dbs, scene)
    assert after == {"leaver": set(), "waiting": SignUpStatus.SIGNED_UP, "taken": 1, "keynote taken": 0}
    promoted = dbs.scalars(select(OutboxMessage).where(OutboxMessage.to_address == scene["waiting"].person.email))
    assert any("Scoring workshop" in m.subject for m in promoted)


def assert_outside(scene) -> None:
    client, slug = scene["client"], scene["slug"]
    assert client.get(f"/events/{slug}/agenda").status_code == 404  # the public agenda is off
    assert client.get(f"/events/{slug}/my-agenda").status_code == 404
    assert client.get(f"/events/{slug}/sessions/{scene['workshop'].id}").status_code == 404
    assert client.get(f"/events/{slug}/delegates").status_code == 403
    assert "Leaver Co internal plan" not in client.get(f"/events/{slug}/commitments").get_data(as_text=True)
    assert client.post_form(f"/events/{slug}/sessions/{scene['keynote'].id}/signup").status_code == 404
    assert client.get(f"/events/{slug}/report").status_code == 200  # what the public sees stays open


def test_before_leaving_the_delegate_is_inside(dbs, scene):
    assert seats(dbs, scene) == {"leaver": {scene["workshop"].id, scene["keynote"].id},
                                 "waiting": SignUpStatus.WAITLISTED, "taken": 1, "keynote taken": 1}
    client, slug = scene["client"], scene["slug"]
    assert client.get(f"/events/{slug}/agenda").status_code == 200
    assert client.get(f"/events/{slug}/delegates").status_code == 200
    assert "Leaver Co internal plan" in client.get(f"/events/{slug}/commitments").get_data(as_text=True)


def test_declining_frees_every_seat_and_ends_access(dbs, scene):
    response = scene["client"].post_form("/rsvp", {"answer": "decline"})
    assert response.status_code == 303
    assert invitation_of(dbs, scene["leaver"]).status is InvitationStatus.DECLINED
    assert_seats_passed_on(dbs, scene)
    assert_outside(scene)


def test_revocation_frees_every_seat_and_ends_access(app, dbs, scene):
    with app.app_context():
        revoke_invitation(dbs, SYSTEM, invitation_of(dbs, scene["leaver"]))
        dbs.commit()
    assert_seats_passed_on(dbs, scene)
    assert_outside(scene)


def test_nominating_a_colleague_frees_every_seat_and_ends_access(app, dbs, scene):
    with app.app_context():
        nominate(dbs, SYSTEM, invitation_of(dbs, scene["leaver"]), name="Colleague", email="colleague@leaver.example",
                 job_title="Engineer")
        dbs.commit()
    assert invitation_of(dbs, scene["leaver"]).status is InvitationStatus.SUBSTITUTED
    assert_seats_passed_on(dbs, scene)
    assert_outside(scene)


def test_the_delegate_list_is_for_accepted_delegates_only(app, dbs, scene, make_delegate):
    tentative = make_delegate(accepted=False)
    invitation = invitation_of(dbs, tentative)
    invitation.status = InvitationStatus.TENTATIVE
    dbs.commit()
    client = app.test_client()
    assert client.sign_in(tentative.person.email).status_code == 303
    assert client.get(f"/events/{scene['slug']}/delegates").status_code == 403
    assert client.get(f"/events/{scene['slug']}/agenda").status_code == 200  # still coming, perhaps
