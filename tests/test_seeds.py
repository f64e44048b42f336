"""The demo summit loads through the services, and loading it again changes nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from seeds.loader import demo_sign_ins, load_demo
from summit.audit import AuditEntry
from summit.auth.models import User
from summit.events.models import Event, Organisation, Person
from summit.invitations.models import Invitation, InvitationStatus
from summit.mail.models import OutboxMessage

pytestmark = pytest.mark.clock  # the demo is dated from today at the event


def demo(app, dbs, config, **kwargs):
    with app.app_context():
        return load_demo(dbs, config, **kwargs)


def counts(dbs):
    return [dbs.scalar(select(func.count()).select_from(m)) for m in (Event, Organisation, Person, User, AuditEntry,
                                                                Invitation, OutboxMessage)]


def test_demo_loads_once_and_again_changes_nothing(app, dbs):
    first = demo(app, dbs, app.config)
    assert "15 organisations" in first and "41 people" in first and "4 accounts" in first
    assert "38 invitations" in first and "17 sessions" in first and "10 commitments" in first
    after_first = counts(dbs)
    second = demo(app, dbs, app.config)
    assert "added 0 organisations, 0 people, 0 accounts, 0 invitations, 0 sessions, 0 commitments" in second
    assert counts(dbs) == after_first


def test_demo_is_dated_so_that_rsvps_are_open(app, dbs):
    demo(app, dbs, app.config, today=date(2030, 3, 1))
    event = dbs.scalar(select(Event).order_by(Event.id))  # the summit; its follow-up meeting comes after
    assert event.slug == "redmond-summit" and event.timezone == "America/Los_Angeles"
    assert event.local(event.starts_at).date() == date(2030, 3, 31)
    assert event.local(event.starts_at).hour == 9
    assert event.rsvp_deadline < event.starts_at


def test_the_demo_accounts_sign_in(app, dbs, client):
    demo(app, dbs, app.config)
    for role, email, password in demo_sign_ins(app.config):
        visitor = app.test_client()
        assert visitor.sign_in(email, password).status_code == 303, role
        assert "Industry Summit" in visitor.get("/").get_data(as_text=True)


def test_demo_passwords_exist_only_outside_production(app, dbs):
    demo(app, dbs, app.config | {"SUMMIT_ENV": "production"})
    assert all(user.password_hash is None for user in dbs.scalars(select(User)))


def test_seed_command(runner, dbs):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0 and "Demo summit loaded" in result.output
    result = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert "already has an event" in result.output


def test_demo_invitations_cover_every_answer_and_respect_quotas(app, dbs):
    from sqlalchemy import func

    demo(app, dbs, app.config)
    states = set(dbs.scalars(select(Invitation.status).distinct()))
    assert {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.TENTATIVE,
            InvitationStatus.WAITLISTED, InvitationStatus.OPENED, InvitationStatus.SENT,
            InvitationStatus.DRAFT} <= states
    for organisation in dbs.scalars(select(Organisation)):
        seats = dbs.scalar(select(func.count()).where(Invitation.organisation_id == organisation.id,
                                                      Invitation.holds_seat.is_(True)))
        assert seats <= organisation.delegate_quota


def test_demo_commitments_cover_every_status(app, dbs):
    from summit.commitments.models import Commitment, CommitmentStatus

    demo(app, dbs, app.config)
    assert set(dbs.scalars(select(Commitment.status).distinct())) == set(CommitmentStatus)


def test_the_demo_asks_rsvp_questions_and_has_answers_and_letter_settings(app, dbs):
    from summit.questions.models import LetterSettings, Question, QuestionAnswer

    demo(app, dbs, app.config)
    from summit.events.models import Event

    redmond = dbs.scalar(select(Event.id).where(Event.slug == "redmond-summit"))
    labels = list(dbs.scalars(select(Question.label).where(Question.event_id == redmond).order_by(Question.position)))
    assert labels[:3] == ["Full name as on your photo ID", "Country of passport", "Which days will you be on campus?"]
    answers = {a.text for a in dbs.scalars(select(QuestionAnswer))}
    assert {"Елена Сергеевна Петрова", "Bulgaria", "Seattle Westin"} <= answers
    assert "Redmond" in dbs.scalar(select(LetterSettings.letterhead))
