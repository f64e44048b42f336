"""What organisers see: counts by state and organisation, the filtered list, catering without names, the export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..csvio import write_csv
from ..events.models import Event, EventOrganisation, Organisation, Person
from ..questions.answers import answers_of
from ..questions.services import questions_of
from .models import ACCESS_OPTIONS, DIETARY_OPTIONS, Invitation, InvitationStatus


@dataclass
class OrganisationRow:
    organisation: Organisation
    counts: Counter
    seats_taken: int
    quota: int = 0  # its delegate seats at this event

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def counts_by_status(session: Session, event: Event) -> tuple[Counter, list[OrganisationRow]]:
    """Overall counts and one row per invited organisation (two queries, whatever the size)."""
    rows = session.execute(
        select(Invitation.organisation_id, Invitation.status, func.count(Invitation.id),
               func.sum(case((Invitation.holds_seat.is_(True), 1), else_=0)))
        .where(Invitation.event_id == event.id)
        .group_by(Invitation.organisation_id, Invitation.status)
    ).all()
    organisations = {o.id: o for o in session.scalars(select(Organisation))}
    quotas = dict(session.execute(select(EventOrganisation.organisation_id, EventOrganisation.delegate_quota)
                                  .where(EventOrganisation.event_id == event.id)).all())
    overall: Counter = Counter()
    per_org: dict[int, OrganisationRow] = {}
    for organisation_id, status, count, seats in rows:
        overall[status] += count
        row = per_org.setdefault(organisation_id, OrganisationRow(organisations[organisation_id], Counter(), 0,
                                                                         quotas.get(organisation_id, 0)))
        row.counts[status] += count
        row.seats_taken += int(seats or 0)
    return overall, sorted(per_org.values(), key=lambda r: r.organisation.name.lower())


def list_invitations(session: Session, event: Event, status: str | None = None, organisation_id: int | None = None,
                     search: str | None = None) -> list[Invitation]:
    query = select(Invitation).join(Invitation.person).where(Invitation.event_id == event.id)
    if status:
        query = query.where(Invitation.status == InvitationStatus(status))
    if organisation_id:
        query = query.where(Invitation.organisation_id == organisation_id)
    if search:
        like = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Person.name).like(like), func.lower(Person.email).like(like)))
    return list(session.scalars(query.order_by(func.lower(Person.name))))


def catering_summary(session: Session, event: Event) -> dict[str, object]:
    """Counts by dietary option and access need among those coming; no names, no free text."""
    coming = session.execute(
        select(Invitation.dietary, Invitation.dietary_other, Invitation.access, Invitation.access_needs)
        .where(Invitation.event_id == event.id, Invitation.status == InvitationStatus.ACCEPTED)
    ).all()
    dietary: Counter = Counter()
    access: Counter = Counter()
    for diet, diet_other, needs, needs_text in coming:
        dietary.update(diet or [])
        access.update(needs or [])
        if diet_other and "other" not in (diet or []):
            dietary["other"] += 1
        if needs_text and "other" not in (needs or []):
            access["other"] += 1
    return {
        "coming": len(coming),
        "dietary": [(label, dietary[key]) for key, label in DIETARY_OPTIONS.items() if dietary[key]],
        "access": [(label, access[key]) for key, label in ACCESS_OPTIONS.items() if access[key]],
        "no_needs": sum(1 for d, do, a, an in coming if not (d or do or a or an)),
    }


EXPORT_HEADER = ("name", "email", "organisation", "job title", "status", "holds seat", "quota override",
                 "sent", "responded", "reminders", "dietary", "dietary other", "access", "access other",
                 "listed consent")


def export_csv(session: Session, event: Event) -> str:
    """The full list for organisers, formula-injection safe; a column per RSVP question (the answer as given)."""
    return export_rows(session, event, list_invitations(session, event))


def export_rows(session: Session, event: Event, invitations: list[Invitation]) -> str:
    """These invitations as the organisers' CSV, formula-injection safe, with the answers to the RSVP questions."""
    questions = questions_of(session, event)
    answers = answers_of(session, [i.id for i in invitations], questions)
    rows = [
        (i.person.name, i.person.email, i.organisation.name, i.person.job_title, i.status.value,
         "yes" if i.holds_seat else "no", "yes" if i.quota_override else "no",
         i.sent_at.isoformat() if i.sent_at else "", i.responded_at.isoformat() if i.responded_at else "",
         i.reminders_sent, "; ".join(DIETARY_OPTIONS.get(d, d) for d in i.dietary or []), i.dietary_other,
         "; ".join(ACCESS_OPTIONS.get(a, a) for a in i.access or []), i.access_needs,
         "yes" if i.listed_consent else "no",
         *(answers[i.id][q.id].text if q.id in answers.get(i.id, {}) else "" for q in questions))
        for i in invitations
    ]
    return write_csv((*EXPORT_HEADER, *(q.label for q in questions)), rows)


def delegate_list(session: Session, event: Event) -> list[Invitation]:
    """Accepted delegates who agreed to be listed: what other delegates may see."""
    query = (
        select(Invitation).join(Invitation.person)
        .where(Invitation.event_id == event.id, Invitation.status == InvitationStatus.ACCEPTED,
               Invitation.listed_consent.is_(True))
        .order_by(func.lower(Person.name))
    )
    return list(session.scalars(query))


def unlisted_delegates(session: Session, event: Event) -> int:
    """How many confirmed delegates did not agree to be listed (a number only: their names stay private)."""
    return session.scalar(select(func.count(Invitation.id)).where(
        Invitation.event_id == event.id, Invitation.status == InvitationStatus.ACCEPTED,
        Invitation.listed_consent.is_(False))) or 0


def export_invitations(session: Session, actor: Actor, event: Event) -> str:
    """The organisers' CSV of every invitation; who took it is written to the audit log."""
    audit.record(session, actor, "invitation.export", event)
    return export_csv(session, event)
