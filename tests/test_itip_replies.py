"""Calendar replies by email: Outlook, Gmail and Apple answers update the RSVP; forged, replayed or unsigned ones
change nothing and say why."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from summit.audit import SYSTEM, AuditEntry
from summit.invitations.models import Answer, Invitation, InvitationStatus
from summit.mail.models import OutboxMessage
from tests import itip_shapes
from tests.itip_shapes import SHAPES, STAMP, apple, google, outlook


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def invite_person(app, dbs, event, make_organisation):
    from summit.invitations.services import invite

    make_organisation("Roblox", quota=2)

    def make(name: str, email: str) -> Invitation:
        with app.test_request_context():
            invitation = invite(dbs, SYSTEM, event, name=name, email=email, organisation_name="Roblox")
            dbs.commit()
        return invitation

    return make


@pytest.fixture
def grace(invite_person):
    return invite_person("Grace Holloway", "Grace@roblox.example")


@pytest.fixture
def mallory(invite_person):
    return invite_person("Mallory Vance", "mallory@roblox.example")


def sent_vevent(dbs, invitation: Invitation, kind: str = "invitation"):
    """The VEVENT of the newest calendar email of this kind sent for the invitation."""
    row = dbs.scalar(select(OutboxMessage).where(OutboxMessage.invitation_id == invitation.id,
                                                 OutboxMessage.kind == kind).order_by(OutboxMessage.id.desc()))
    [vevent] = icalendar.Calendar.from_ical(row.calendar).walk("VEVENT")
    return vevent


def uid_of(dbs, invitation: Invitation) -> str:
    return str(sent_vevent(dbs, invitation)["uid"])


def ingest(runner, data: bytes):
    """What the mail server does: pipe the message into `flask --app wsgi mail ingest -`."""
    return runner.invoke(args=["mail", "ingest", "-"], input=data)


def footprint(dbs, invitation: Invitation) -> tuple[object, ...]:
    """Everything a reply could change: the answer, the seat, the comment, the audit log, the outbox."""
    dbs.expire_all()
    saved = dbs.get(Invitation, invitation.id)
    return (saved.status, saved.holds_seat, saved.comment, dbs.scalar(select(func.count(AuditEntry.id))),
            dbs.scalar(select(func.count(OutboxMessage.id))))


def answer_on_the_web(app, dbs, invitation: Invitation, answer: Answer) -> None:
    from summit.audit import Actor
    from summit.invitations.rsvp import keep_needs, respond

    with app.test_request_context():
        saved = dbs.get(Invitation, invitation.id)
        respond(dbs, Actor("link holder"), saved, keep_needs(saved, answer))
        dbs.commit()


def change_the_venue(app, dbs, event, venue: str) -> None:
    from summit.events.models import Event
    from summit.events.services import update_event

    with app.test_request_context():
        update_event(dbs, SYSTEM, dbs.get(Event, event.id), venue=venue)
        dbs.commit()


# ---- each invitation is answered through its own secret -------------------------------------------------------

def test_each_invitation_has_its_own_uid_whose_secret_is_stored_only_as_a_hash(app, dbs, event, grace, mallory):
    from summit.invitations.services import send_invitation

    shape = re.compile(rf"^summit-{event.id}-([0-9a-f]{{32}})@summit\.test$")
    grace_uid, mallory_uid = uid_of(dbs, grace), uid_of(dbs, mallory)
    assert shape.match(grace_uid) and shape.match(mallory_uid) and grace_uid != mallory_uid
    secret = shape.match(grace_uid).group(1)
    row = dbs.execute(select(Invitation.__table__).where(Invitation.id == grace.id)).one()
    assert not any(secret in str(value) for value in row)
    assert not any(secret in f"{e.actor_label}{e.before}{e.after}" for e in dbs.scalars(select(AuditEntry)))

    # the same calendar entry, not a second one, when the invitation is sent again or the summit moves
    with app.test_request_context():
        send_invitation(dbs, SYSTEM, dbs.get(Invitation, grace.id))
        dbs.commit()
    assert uid_of(dbs, grace) == grace_uid
    change_the_venue(app, dbs, event, "Building 99")
    update = sent_vevent(dbs, grace, "event-update")
    assert str(update["uid"]) == grace_uid and update["sequence"] == 1


@pytest.mark.parametrize("shape, status, comment", [
    ("outlook", "accepted", "See you there"),
    ("google", "tentative", "Travel not yet approved"),
    ("apple", "declined", ""),
])
def test_genuine_replies_from_outlook_gmail_and_apple_update_the_rsvp(dbs, runner, grace, shape, status, comment):
    result = ingest(runner, SHAPES[shape](uid_of(dbs, grace)))
    assert result.exit_code == 0, result.output
    assert status in result.output
    dbs.expire_all()
    saved = dbs.get(Invitation, grace.id)
    assert saved.status.value == status and saved.comment == comment
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.target_type == "invitations",
                                                AuditEntry.target_id == grace.id).order_by(AuditEntry.id.desc()))
    assert entry.action == "invitation.respond_by_email"
    # by number: the append-only log holds no address (pages name the person at read time)
    assert entry.actor_label == f"person #{saved.person_id} (calendar reply by email)"


# ---- forgeries ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sender", ["Mallory Vance <mallory@roblox.example>", "Grace Holloway <grace@roblox.example>"])
def test_the_reported_forgery_with_the_public_uid_frees_no_seat(app, dbs, runner, event, grace, mallory, sender):
    answer_on_the_web(app, dbs, grace, Answer.ACCEPT)
    before = footprint(dbs, grace)
    forged = outlook(f"summit-{event.id}@summit.test", partstat="DECLINED", attendee="grace@roblox.example",
                     sender=sender, authentication_results=None)
    result = ingest(runner, forged)
    assert result.exit_code != 0 and "does not match any invitation" in result.output
    assert footprint(dbs, grace) == before and before[:2] == (InvitationStatus.ACCEPTED, True)


def test_a_forged_attendee_on_the_forgers_own_invitation_is_refused(app, dbs, runner, grace, mallory):
    answer_on_the_web(app, dbs, grace, Answer.ACCEPT)
    before = footprint(dbs, grace), footprint(dbs, mallory)
    forged = google(uid_of(dbs, mallory), partstat="DECLINED", attendee="grace@roblox.example",
                    sender="grace@roblox.example")
    result = ingest(runner, forged)
    assert result.exit_code != 0 and "names grace@roblox.example as the attendee" in result.output
    assert (footprint(dbs, grace), footprint(dbs, mallory)) == before


@pytest.mark.parametrize("sender, authentication_results, message", [
    ("Mallory Vance <mallory@roblox.example>", None, "came from mallory@roblox.example"),
    ("grace@roblox.example, mallory@roblox.example", None, "one sender"),
    (None, None, "no From"),
    ("grace@roblox.example", "mx.summit.test; spf=softfail smtp.mailfrom=roblox.example; dkim=none; "
                             "dmarc=fail (p=NONE) header.from=roblox.example", "dmarc=fail"),
    ("grace@roblox.example", "mx.summit.test; dkim=fail (body hash did not verify) header.d=roblox.example",
     "dkim=fail"),
])
def test_a_forged_sender_is_refused(dbs, runner, grace, sender, authentication_results, message):
    before = footprint(dbs, grace)
    forged = apple(uid_of(dbs, grace), sender=sender, authentication_results=authentication_results)
    result = ingest(runner, forged)
    assert result.exit_code != 0 and message in result.output, result.output
    assert footprint(dbs, grace) == before


def test_a_bare_ics_is_refused_even_with_the_right_uid(dbs, runner, grace):
    before = footprint(dbs, grace)
    bare = itip_shapes.apple_calendar(uid_of(dbs, grace), "grace@roblox.example", "DECLINED", 0, STAMP, "")
    result = ingest(runner, bare)
    assert result.exit_code != 0 and "must arrive as an email" in result.output
    assert footprint(dbs, grace) == before


def test_a_guessed_or_altered_secret_is_refused(dbs, runner, event, grace):
    before = footprint(dbs, grace)
    real = uid_of(dbs, grace)
    secret = real.split("@")[0].rsplit("-", 1)[1]
    altered = secret[:-1] + ("1" if secret.endswith("0") else "0")
    for uid in (f"summit-{event.id}-{'0' * 32}@summit.test", real.replace(secret, altered),
                real.replace(secret, secret + "0"), real.replace(secret, secret.upper()[:31]),
                real.replace("summit.test", "elsewhere.example"), f"summit-{event.id + 1}-{secret}@summit.test"):
        result = ingest(runner, outlook(uid))
        assert result.exit_code != 0 and "does not match any invitation" in result.output, uid
    assert footprint(dbs, grace) == before


# ---- replays and order ----------------------------------------------------------------------------------------

def test_a_replayed_or_out_of_order_reply_is_refused(app, dbs, runner, event, grace):
    uid = uid_of(dbs, grace)
    first = outlook(uid, partstat="ACCEPTED", sequence=0, stamp=STAMP)
    assert ingest(runner, first).exit_code == 0
    change_the_venue(app, dbs, event, "Building 99")
    second = google(uid, partstat="DECLINED", sequence=1, stamp=STAMP + timedelta(days=1), comment="")
    assert ingest(runner, second).exit_code == 0
    before = footprint(dbs, grace)
    assert before[0].value == "declined"

    replayed_old = ingest(runner, first)
    assert replayed_old.exit_code != 0 and "version 1 was already answered" in replayed_old.output
    replayed_same = ingest(runner, second)
    assert replayed_same.exit_code != 0 and "already applied" in replayed_same.output
    late = ingest(runner, apple(uid, partstat="ACCEPTED", sequence=1, stamp=STAMP + timedelta(hours=23)))
    assert late.exit_code != 0 and "already applied" in late.output
    never_sent = ingest(runner, apple(uid, partstat="ACCEPTED", sequence=2, stamp=STAMP + timedelta(days=2)))
    assert never_sent.exit_code != 0 and "never sent" in never_sent.output
    assert footprint(dbs, grace) == before

    # a later answer to the current version still counts
    assert ingest(runner, apple(uid, partstat="ACCEPTED", sequence=1, stamp=STAMP + timedelta(days=2))).exit_code == 0
    assert footprint(dbs, grace)[0].value == "accepted"


def test_a_first_reply_to_an_older_version_is_ignored(app, dbs, runner, event, grace):
    uid = uid_of(dbs, grace)
    change_the_venue(app, dbs, event, "Building 99")
    before = footprint(dbs, grace)
    result = ingest(runner, apple(uid, sequence=0))
    assert result.exit_code == 0 and "Ignored" in result.output
    assert footprint(dbs, grace) == before


@pytest.mark.parametrize("change, message", [
    (lambda data: b"not a calendar at all", "No calendar"),
    (lambda data: data.replace(b"PARTSTAT=TENTATIVE", b"PARTSTAT=DELEGATED"), "PARTSTAT DELEGATED"),
    (lambda data: data.replace(b"METHOD:REPLY", b"METHOD:REQUEST"), "Only METHOD:REPLY"),
])
def test_anything_else_is_refused_with_a_clear_message(dbs, runner, grace, change, message):
    before = footprint(dbs, grace)
    result = ingest(runner, change(google(uid_of(dbs, grace))))
    assert result.exit_code != 0 and message in result.output
    assert footprint(dbs, grace) == before


# ---- the pure parts -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers, failures", [
    ([], []),
    (["mx.example; dkim=pass header.d=a.example; spf=pass; dmarc=pass header.from=a.example"], []),
    (["mx.example; dmarc=fail (p=REJECT) header.from=a.example"], ["dmarc=fail"]),
    (["mx.example; DKIM=FAIL header.d=a.example"], ["dkim=fail"]),
    (["mx.example; dkim=fail header.d=esp.example; dkim=pass header.d=a.example; dmarc=pass"], []),
    (["mx.example; spf=pass (dkim=fail would be bad) smtp.mailfrom=a.example"], []),
    (["mx.example; none"], []),
    (["mx.example; dkim=pass", "relay.example; dmarc=fail"], ["dmarc=fail"]),
])
def test_authentication_results_are_read_for_failures(headers, failures):
    from summit.calendar.itip import authentication_failures

    assert authentication_failures(headers) == failures


def test_a_reply_email_says_who_sent_it_and_when():
    from summit.calendar.itip import parse_reply

    reply = parse_reply(outlook("summit-1-abc@summit.test", stamp=STAMP))
    assert reply.sender == "grace@roblox.example" and reply.attendee_email == "grace@roblox.example"
    assert reply.stamp == STAMP and reply.authentication_failures == []
    assert parse_reply(itip_shapes.google_calendar("u@x", "a@b", "ACCEPTED", 0, STAMP, "")).sender is None
