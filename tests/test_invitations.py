"""The invitation story: organisers invite, representatives answer through a personal link, seats hold."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from summit.audit import SYSTEM, AuditEntry
from summit.auth.models import User
from summit.invitations.models import Answer, Invitation, InvitationStatus
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite, send_reminders
from summit.mail.models import OutboxMessage

LINK = re.compile(r"/rsvp/([A-Za-z0-9_-]{43})")


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def company(make_organisation):
    return make_organisation("Roblox", quota=2)


@pytest.fixture
def make_invitation(app, dbs, event, company):
    counter = iter(range(1, 10_000))

    def make(organisation=None, email=None, send=True, name=None):
        n = next(counter)
        with app.test_request_context():
            invitation = invite(dbs, SYSTEM, event, name=name or f"Rep {n}", email=email or f"rep{n}@example.org",
                                organisation_name=(organisation or company).name, job_title="Engineer", send=send)
            dbs.commit()
        return invitation

    return make


def latest_link(dbs, email: str) -> str:
    body = dbs.scalar(select(OutboxMessage.text_body).where(OutboxMessage.to_address == email,
                                                             OutboxMessage.kind.in_(["invitation", "reminder"]))
                      .order_by(OutboxMessage.id.desc()).limit(1))
    return "/rsvp/" + LINK.search(body).group(1)


def follow(client, dbs, invitation):
    response = client.get(latest_link(dbs, invitation.person.email))
    assert response.status_code == 303 and response.headers["Location"] == "/rsvp"
    return response


def answer(client, choice="accept", **extra):
    return client.post_form("/rsvp", {"answer": choice, **extra})


def status_of(dbs, invitation) -> InvitationStatus:
    dbs.expire_all()
    return dbs.get(Invitation, invitation.id).status


# ---- inviting ---------------------------------------------------------------------------------------------

def test_an_organiser_invites_one_person_and_the_email_is_queued(organiser_client, dbs, event, company):
    response = organiser_client.post_form(f"/events/{event.slug}/invitations", {
        "name": "Grace Holloway", "email": "Grace@Roblox.example", "organisation": "Roblox", "job_title": "VP",
        "send": "y"})
    assert response.status_code == 303
    invitation = dbs.scalar(select(Invitation))
    assert invitation.status is InvitationStatus.SENT and invitation.organisation_id == company.id
    mail = dbs.scalar(select(OutboxMessage))
    assert mail.to_address == "Grace@roblox.example" and mail.subject == f"Invitation: {event.name}"
    assert LINK.search(mail.text_body) and LINK.search(mail.html_body)
    assert "America/Los_Angeles" not in mail.text_body and ("PST" in mail.text_body or "PDT" in mail.text_body)


def test_inviting_someone_twice_is_refused_ignoring_case(organiser_client, make_invitation, event, dbs):
    make_invitation(email="ada@example.org")
    response = organiser_client.post_form(f"/events/{event.slug}/invitations", {
        "name": "Ada", "email": "ADA@example.org", "organisation": "Roblox", "send": "y"})
    assert response.status_code == 422
    assert "already invited" in response.get_data(as_text=True)
    assert 'value="Ada"' in response.get_data(as_text=True)
    assert dbs.scalar(select(func.count(Invitation.id))) == 1


def test_tokens_are_long_random_and_stored_only_hashed(make_invitation, dbs):
    invitation = make_invitation()
    token = latest_link(dbs, invitation.person.email).rsplit("/", 1)[1]
    assert len(token) == 43  # 32 bytes = 256 bits
    stored = dbs.get(Invitation, invitation.id).token_hash
    assert token not in stored and len(stored) == 64
    assert not dbs.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.after.is_not(None))
                          .where(func.cast(AuditEntry.after, __import__("sqlalchemy").String).contains(token)))


# ---- the personal link ------------------------------------------------------------------------------------

def test_following_the_link_binds_the_session_and_drops_the_token_from_the_address(client, make_invitation, dbs):
    invitation = make_invitation()
    follow(client, dbs, invitation)
    page = client.get("/rsvp")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert invitation.person.name in html and "Test Summit" in html and "Why we ask" in html
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "same-origin"
    assert status_of(dbs, invitation) is InvitationStatus.OPENED


@pytest.mark.clock
def test_unknown_expired_revoked_and_malformed_links_get_the_same_page(client, make_invitation, dbs, organiser_client,
                                                                        event):
    revoked = make_invitation()
    revoked_link = latest_link(dbs, revoked.person.email)
    organiser_client.post_form(f"/events/{event.slug}/invitations/{revoked.id}/revoke")
    expired = make_invitation()
    expired_link = latest_link(dbs, expired.person.email)
    event.rsvp_deadline = datetime.now(timezone.utc) - timedelta(minutes=1)
    dbs.merge(event)
    dbs.commit()
    pages = [client.get(url) for url in (revoked_link, expired_link, "/rsvp/" + "A" * 43, "/rsvp/short",
                                         "/rsvp/" + "!" * 43)]
    assert {p.status_code for p in pages} == {404}
    assert len({p.get_data() for p in pages}) == 1


def test_resending_makes_the_old_link_stop_working(client, organiser_client, make_invitation, dbs, event):
    invitation = make_invitation()
    old = latest_link(dbs, invitation.person.email)
    organiser_client.post_form(f"/events/{event.slug}/invitations/{invitation.id}/resend")
    new = latest_link(dbs, invitation.person.email)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 303


def test_link_lookups_are_rate_limited(client):
    for _ in range(20):
        assert client.get("/rsvp/" + "B" * 43).status_code == 404
    assert client.get("/rsvp/" + "C" * 43).status_code == 429


# ---- answering ----------------------------------------------------------------------------------------------

def test_accepting_with_needs_and_consent_then_changing_the_answer(client, make_invitation, dbs):
    invitation = make_invitation()
    follow(client, dbs, invitation)
    response = answer(client, "accept", dietary=["vegetarian", "nut_allergy"], access=["step_free"],
                      access_needs="Aisle seat", listed_consent="y")
    assert response.status_code == 303
    dbs.expire_all()
    saved = dbs.get(Invitation, invitation.id)
    assert saved.status is InvitationStatus.ACCEPTED and saved.holds_seat
    assert saved.dietary == ["nut_allergy", "vegetarian"] and saved.access_needs == "Aisle seat"
    assert "your place is confirmed" in client.get("/rsvp").get_data(as_text=True)
    assert answer(client, "decline").status_code == 303
    assert status_of(dbs, invitation) is InvitationStatus.DECLINED
    assert dbs.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "rsvp-confirmation")) == 2


def test_needs_are_never_written_to_the_audit_log(client, make_invitation, dbs):
    invitation = make_invitation()
    follow(client, dbs, invitation)
    answer(client, "accept", dietary=["halal"], access_needs="Sign language interpreter please")
    entries = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "invitation.respond")).all()
    text = repr([(e.before, e.after) for e in entries])
    assert "halal" not in text and "interpreter" not in text and "'needs_changed': True" in text


def test_a_form_error_keeps_what_was_typed(client, make_invitation, dbs):
    invitation = make_invitation()
    follow(client, dbs, invitation)
    response = client.post_form("/rsvp", {"dietary_other": "No mushrooms", "comment": "Arriving late"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose an answer" in html and 'value="No mushrooms"' in html and "Arriving late" in html


@pytest.mark.clock
def test_after_the_deadline_the_page_is_read_only_and_says_whom_to_contact(client, make_invitation, dbs, event):
    invitation = make_invitation()
    follow(client, dbs, invitation)
    event.rsvp_deadline = datetime.now(timezone.utc) - timedelta(seconds=1)
    dbs.merge(event)
    dbs.commit()
    html = client.get("/rsvp").get_data(as_text=True)
    assert "Answers closed" in html and "organiser@example.org" in html and 'action="/rsvp"' not in html
    response = answer(client, "accept")
    assert response.status_code == 422 and "Answers closed" in response.get_data(as_text=True)


def test_accepting_can_create_a_delegate_account(client, app, make_invitation, dbs, company):
    invitation = make_invitation()
    follow(client, dbs, invitation)
    assert answer(client, "accept", password="a long enough password").status_code == 303
    user = dbs.scalar(select(User))
    assert user.role.value == "delegate" and user.person.organisation_id == company.id
    assert app.test_client().sign_in(invitation.person.email, "a long enough password").status_code == 303


# ---- seats and the waiting list -----------------------------------------------------------------------------

def accept_via_service(app, dbs, invitation, answer_=Answer.ACCEPT):
    with app.test_request_context():
        status = respond(dbs, SYSTEM, dbs.get(Invitation, invitation.id), Reply(answer_))
        dbs.commit()
    return status


def test_acceptances_beyond_the_quota_join_the_waiting_list_in_order(app, dbs, make_invitation):
    reps = [make_invitation() for _ in range(4)]
    statuses = [accept_via_service(app, dbs, rep) for rep in reps]
    assert statuses == ["accepted", "accepted", "waitlisted", "waitlisted"]


def test_a_decline_promotes_the_first_in_line_and_tells_them(app, dbs, make_invitation):
    reps = [make_invitation() for _ in range(4)]
    for rep in reps:
        accept_via_service(app, dbs, rep)
    accept_via_service(app, dbs, reps[0], Answer.DECLINE)
    assert [status_of(dbs, r) for r in reps] == ["declined", "accepted", "accepted", "waitlisted"]
    promoted = dbs.scalar(select(OutboxMessage).where(OutboxMessage.kind == "waitlist-promotion"))
    assert promoted.to_address == reps[2].person.email


def test_a_revocation_and_a_raised_quota_free_seats(app, dbs, make_invitation, organiser_client, event, company):
    reps = [make_invitation() for _ in range(5)]
    for rep in reps:
        accept_via_service(app, dbs, rep)
    organiser_client.post_form(f"/events/{event.slug}/invitations/{reps[1].id}/revoke")
    assert status_of(dbs, reps[2]) is InvitationStatus.ACCEPTED
    organiser_client.post_form(f"/admin/organisations/{company.id}",  # its default seats: this event keeps 2
                               {"name": company.name, "kind": "company", "delegate_quota": 3})
    assert [status_of(dbs, r) for r in reps] == ["accepted", "revoked", "accepted", "waitlisted", "waitlisted"]
    organiser_client.post_form(f"/events/{event.slug}/organisations",
                               {f"o{company.id}-organisation_id": company.id, f"o{company.id}-delegate_quota": 3})
    assert [status_of(dbs, r) for r in reps] == ["accepted", "revoked", "accepted", "accepted", "waitlisted"]


def test_an_organiser_override_gives_a_seat_beyond_the_quota_and_is_audited(app, dbs, make_invitation,
                                                                            organiser_client, event):
    reps = [make_invitation() for _ in range(3)]
    for rep in reps:
        accept_via_service(app, dbs, rep)
    response = organiser_client.post_form(f"/events/{event.slug}/invitations/{reps[2].id}/override")
    assert response.status_code == 303
    dbs.expire_all()
    assert dbs.get(Invitation, reps[2].id).status is InvitationStatus.ACCEPTED
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "invitation.quota_override"))
    assert entry.actor_id is not None and entry.before["status"] == "waitlisted"


def test_nominating_a_colleague_passes_the_seat(client, app, dbs, make_invitation):
    holder = make_invitation()
    accept_via_service(app, dbs, holder)
    other = make_invitation()
    accept_via_service(app, dbs, other)
    waiting = make_invitation()
    accept_via_service(app, dbs, waiting)
    follow_link = latest_link(dbs, holder.person.email)
    assert client.get(follow_link).status_code == 303
    response = client.post_form("/rsvp/nominate", {"colleague_name": "Kenji Watanabe",
                                                   "colleague_email": "kenji@roblox.example",
                                                   "colleague_job_title": "Safety lead"})
    assert response.status_code == 303
    colleague = dbs.scalar(select(Invitation).where(Invitation.substitute_for_id == holder.id))
    assert status_of(dbs, holder) is InvitationStatus.SUBSTITUTED
    assert colleague.status is InvitationStatus.SENT and colleague.holds_seat
    assert status_of(dbs, waiting) is InvitationStatus.WAITLISTED  # the seat passed, it did not free
    assert client.get(follow_link).status_code == 404
    mail = dbs.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "kenji@roblox.example"))
    assert "nominated you" in mail.text_body
    assert accept_via_service(app, dbs, colleague) == "accepted"


# ---- what people may see ------------------------------------------------------------------------------------

def test_a_delegate_sees_only_their_own_invitation(app, dbs, make_invitation, make_user, company):
    mine = make_invitation(email="mine@example.org")
    theirs = make_invitation(email="theirs@example.org")
    accept_via_service(app, dbs, theirs)
    user = make_user("delegate", email="mine@example.org", organisation=company)
    client = app.test_client()
    client.sign_in(user.person.email)
    html = client.get("/rsvp").get_data(as_text=True)
    assert mine.person.name in html and theirs.person.name not in html
    assert client.get(f"/events/test-summit/invitations/{theirs.id}").status_code == 403


def test_other_delegates_see_only_consenting_names_and_never_needs(app, dbs, make_invitation, make_user, company):
    listed = make_invitation(name="Listed Person")
    hidden = make_invitation(name="Hidden Person")
    for invitation, consent in ((listed, True), (hidden, False)):
        with app.test_request_context():
            respond(dbs, SYSTEM, dbs.get(Invitation, invitation.id),
                    Reply(Answer.ACCEPT, dietary=["kosher"], access_needs="Wheelchair", listed_consent=consent))
            dbs.commit()
    viewer = make_user("delegate", email=listed.person.email, organisation=company)
    client = app.test_client()
    client.sign_in(viewer.person.email)
    html = client.get("/events/test-summit/delegates").get_data(as_text=True)
    assert "Listed Person" in html and "Hidden Person" not in html
    assert "Kosher" not in html and "Wheelchair" not in html


def test_the_dashboard_counts_and_summarises_catering_without_names(app, dbs, make_invitation, organiser_client,
                                                                   event):
    reps = [make_invitation(name=f"Catered {i}") for i in range(3)]
    for rep, diet in zip(reps, (["vegan"], ["vegan", "halal"], []), strict=True):
        with app.test_request_context():
            respond(dbs, SYSTEM, dbs.get(Invitation, rep.id), Reply(Answer.ACCEPT, dietary=diet))
            dbs.commit()
    html = organiser_client.get(f"/events/{event.slug}/invitations").get_data(as_text=True)
    assert "<svg" in html and 'role="img"' in html
    catering = html.split('id="catering-heading"')[1].split("</section>")[0]
    assert "Vegan: <strong>2</strong>" in catering and "Halal: <strong>1</strong>" in catering
    assert "Catered" not in catering
    filtered = organiser_client.get(f"/events/{event.slug}/invitations?status=waitlisted").get_data(as_text=True)
    assert "Catered 2" in filtered and "Catered 0" not in filtered.split('id="list-heading"')[1]


def test_only_organisers_export_and_cells_are_formula_safe(app, dbs, make_invitation, organiser_client,
                                                          delegate_client, event):
    make_invitation(name="=HYPERLINK(\"http://evil\")")
    response = organiser_client.get(f"/events/{event.slug}/invitations/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "'=HYPERLINK" in response.get_data(as_text=True)
    assert delegate_client.get(f"/events/{event.slug}/invitations/export.csv").status_code == 403


# ---- reminders ----------------------------------------------------------------------------------------------

@pytest.mark.clock
def test_reminders_go_to_the_silent_at_most_once_a_day(app, dbs, make_invitation, organiser_client, event):
    silent, answered = make_invitation(), make_invitation()
    accept_via_service(app, dbs, answered)
    dbs.execute(update(Invitation).values(sent_at=datetime.now(timezone.utc) - timedelta(days=4)))  # not new
    dbs.commit()
    preview = organiser_client.get(f"/events/{event.slug}/invitations/reminders").get_data(as_text=True)
    assert silent.person.name in preview and "We have not yet had your answer" in preview
    organiser_client.post_form(f"/events/{event.slug}/invitations/reminders")
    organiser_client.post_form(f"/events/{event.slug}/invitations/reminders")
    reminders = dbs.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "reminder")).all()
    assert reminders == [silent.person.email]
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1, minutes=1)
    with app.test_request_context():
        assert send_reminders(dbs, SYSTEM, dbs.merge(event), now=tomorrow) == 1
        dbs.commit()


def test_a_permanently_failed_invitation_email_marks_the_invitation_bounced(app, dbs, make_invitation, smtp_server):
    from summit.mail.services import deliver_due
    from summit.mail.transport import from_url

    invitation = make_invitation()
    smtp_server.refuse_next("550 5.1.1 No such mailbox")
    with from_url(smtp_server.url) as transport:
        assert deliver_due(dbs, transport, "Summit <s@summit.test>")["failed"] == 1
    assert status_of(dbs, invitation) is InvitationStatus.BOUNCED
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "invitation.bounced"))
    assert "550" in entry.after["error"]


@pytest.mark.clock
def test_needs_are_erased_after_the_event_and_not_before(app, dbs, make_invitation, runner, event):
    invitation = make_invitation()
    with app.test_request_context():
        respond(dbs, SYSTEM, dbs.get(Invitation, invitation.id),
                Reply(Answer.ACCEPT, dietary=["halal"], access_needs="Wheelchair"))
        dbs.commit()
    refused = runner.invoke(args=["invitations", "erase-needs", event.slug])
    assert refused.exit_code != 0 and "kept until the event has ended" in refused.output
    ended = dbs.merge(event)
    ended.starts_at, ended.ends_at = ended.starts_at - timedelta(days=60), ended.ends_at - timedelta(days=60)
    dbs.commit()
    result = runner.invoke(args=["invitations", "erase-needs", event.slug])
    assert result.exit_code == 0 and "Erased the needs of 1 delegate" in result.output
    dbs.expire_all()
    saved = dbs.get(Invitation, invitation.id)
    assert saved.dietary == [] and saved.access_needs == "" and saved.status is InvitationStatus.ACCEPTED


def test_the_invitation_page_shows_programme_highlights(client, dbs, make_invitation, event):
    from summit.agenda.models import SessionKind, SessionStatus, Visibility
    from summit.agenda.services import SessionFields, create_session

    for title, visibility in (("Keynote: the five expectations", Visibility.DELEGATES),
                              ("Law-enforcement briefing", Visibility.RESTRICTED)):
        fields = SessionFields(title=title, kind=SessionKind.KEYNOTE, starts_at=event.starts_at,
                               ends_at=event.starts_at + timedelta(hours=1), visibility=visibility,
                               organisation_ids=[] if visibility is Visibility.DELEGATES else [999])
        if visibility is Visibility.RESTRICTED:
            from summit.events.models import Organisation, OrganisationKind

            police = Organisation(name="Police", kind=OrganisationKind.LAW_ENFORCEMENT, delegate_quota=1)
            dbs.add(police)
            dbs.flush()
            fields.organisation_ids = [police.id]
        create_session(dbs, SYSTEM, event, fields, status=SessionStatus.PUBLISHED)
    dbs.commit()
    invitation = make_invitation()
    follow(client, dbs, invitation)
    html = client.get("/rsvp").get_data(as_text=True)
    assert "Programme highlights" in html and "Keynote: the five expectations" in html
    assert "Law-enforcement briefing" not in html
