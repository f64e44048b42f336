"""Inviting many at once (the CSV import, summit.invitations.batch): the same rows, audit entries and emails as
inviting one by one, a line-numbered refusal that leaves nothing behind, and a number of statements that does not
grow with the rows (issue 12)."""

from __future__ import annotations

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from summit.audit import SYSTEM, AuditEntry
from summit.events.models import Person
from summit.invitations.batch import Invitee, invite_many
from summit.invitations.models import Invitation, InvitationStatus
from summit.invitations.services import InvitationError, invite
from summit.mail.models import OutboxMessage


def invitees(n: int, organisation: str, start: int = 0) -> list[Invitee]:
    return [Invitee(i + 2, f"Person {i}", f"p{i}@example.org", organisation, "Engineer")
            for i in range(start, start + n)]


def test_new_and_known_people_are_invited_with_their_audit_entries_and_emails(app, dbs, make_event,
                                                                               make_organisation):
    event = make_event()
    organisation = make_organisation("Acme", quota=50)
    with app.test_request_context():
        known = invite(dbs, SYSTEM, make_event(slug="earlier"), name="Person 0", email="p0@example.org",
                       organisation_name="Acme", send=False).person
        dbs.commit()
        made = invite_many(dbs, SYSTEM, event, invitees(3, "acme"))
        dbs.commit()
    assert [i.person.email for i in made] == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert made[0].person is known and {i.organisation_id for i in made} == {organisation.id}
    assert {i.status for i in made} == {InvitationStatus.SENT} and all(i.token_hash for i in made)
    actions = dbs.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
        ["person.create", "invitation.create", "invitation.send", "event_organisation.create"]))).all()
    # Person 0 was created for the earlier event, with Acme's first participation
    assert sorted(actions) == sorted(["person.create"] * 3 + ["invitation.create"] * 4 + ["invitation.send"] * 3
                                     + ["event_organisation.create"] * 2)
    mails = dbs.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to_address for m in mails] == ["p0@example.org", "p1@example.org", "p2@example.org"]
    assert all(m.calendar_method == "REQUEST" and m.prepared for m in mails)


@pytest.mark.parametrize("rows, problem", [
    (lambda: invitees(2, "Acme") + invitees(1, "Acme", start=1), "Line 3: p1@example.org is already invited"),
    (lambda: invitees(2, "Acme") + [Invitee(9, "", "new@example.org", "Acme")], "Line 9: new@example.org is new"),
    (lambda: invitees(1, "Acme") + [Invitee(5, "X", "x@example.org", "Nowhere")], "Line 5: There is no organis"),
])
def test_a_broken_rule_names_its_line_and_the_rollback_leaves_nothing(app, dbs, make_event, make_organisation,
                                                                      rows, problem):
    event = make_event()
    make_organisation("Acme", quota=50)
    before = dbs.scalar(select(func.count(AuditEntry.id)))
    with app.test_request_context(), pytest.raises(InvitationError, match=problem):
        invite_many(dbs, SYSTEM, event, rows())
    dbs.rollback()
    assert dbs.scalar(select(func.count(Invitation.id))) == 0
    assert dbs.scalar(select(func.count(Person.id))) == 0
    assert dbs.scalar(select(func.count(OutboxMessage.id))) == 0
    assert dbs.scalar(select(func.count(AuditEntry.id))) == before


def test_someone_already_invited_to_this_event_is_refused(app, dbs, make_event, make_organisation):
    event = make_event()
    make_organisation("Acme", quota=50)
    with app.test_request_context():
        invite(dbs, SYSTEM, event, name="Person 1", email="p1@example.org", organisation_name="Acme")
        dbs.commit()
        with pytest.raises(InvitationError, match="Line 3: p1@example.org is already invited"):
            invite_many(dbs, SYSTEM, event, invitees(2, "Acme"))


def test_the_statements_do_not_grow_with_the_rows(app, dbs, make_event, make_organisation):
    make_organisation("Acme", quota=500)
    make_organisation("Beta", quota=500)
    engine = app.extensions["summit.engine"]

    def statements(slug: str, n: int) -> int:
        event = make_event(slug=slug)
        rows = [Invitee(i, f"P {i}", f"{slug}{i}@example.org", ("Acme", "Beta")[i % 2]) for i in range(n)]
        seen: list[str] = []
        record = lambda _c, _cur, statement, *_a: seen.append(statement)  # noqa: E731
        sa_event.listen(engine, "before_cursor_execute", record)
        try:
            with app.test_request_context():
                assert len(invite_many(dbs, SYSTEM, event, rows)) == n
                dbs.commit()
        finally:
            sa_event.remove(engine, "before_cursor_execute", record)
        return len([s for s in seen if not s.lstrip().upper().startswith("INSERT")])

    few, many = statements("few", 4), statements("many", 40)
    # No query or update per row: the inserts go in one flush per table (SQLite's one row per INSERT, at C speed)
    assert many == few, (few, many)


def test_reminding_many_costs_the_same_statements_as_reminding_few_and_never_twice_a_day(app, dbs, make_event,
                                                                                        make_organisation):
    from datetime import timedelta

    from sqlalchemy import update

    from summit.clock import utcnow
    from summit.invitations.services import send_reminders

    make_organisation("Acme", quota=500)
    engine = app.extensions["summit.engine"]

    def remind(slug: str, n: int) -> tuple[int, int, int]:
        event = make_event(slug=slug)
        with app.test_request_context():
            made = invite_many(dbs, SYSTEM, event, [Invitee(i, f"P {i}", f"{slug}{i}@example.org", "Acme")
                                                    for i in range(n)])
            dbs.execute(update(Invitation).where(Invitation.id.in_([i.id for i in made]))
                        .values(sent_at=utcnow() - timedelta(days=5)))
            dbs.commit()
            chosen = {i.id for i in made[1:]}
            seen: list[str] = []
            record = lambda _c, _cur, statement, *_a: seen.append(statement)  # noqa: E731
            sa_event.listen(engine, "before_cursor_execute", record)
            try:
                reminded = send_reminders(dbs, SYSTEM, event, only=chosen)
                dbs.commit()
            finally:
                sa_event.remove(engine, "before_cursor_execute", record)
            again = send_reminders(dbs, SYSTEM, event)  # the first was not reminded yet; the rest were today
            dbs.commit()
        return reminded, again, len([s for s in seen if not s.lstrip().upper().startswith("INSERT")])

    few, many = remind("few", 4), remind("many", 40)
    assert (few[:2], many[:2]) == ((3, 1), (39, 1))
    assert few[2] == many[2], (few, many)
    assert dbs.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.kind == "reminder")) == 3 + 1 + 39 + 1
