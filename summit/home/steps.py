"""Next steps for the home page, per role: each a sentence, a number and a link to where it is done."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..agenda.models import SignUp
from ..agenda.services import open_conflicts
from ..auth.permissions import Viewer
from ..calendar.models import FeedToken
from ..commitments.reporting import build_report
from ..commitments.services import pending_updates
from ..events.models import Event
from ..invitations.models import InvitationStatus
from ..invitations.reports import counts_by_status
from ..mail.models import MailStatus
from ..mail.services import counts_by_status as mail_counts


@dataclass(frozen=True)
class Step:
    text: str
    href: str
    count: int | None = None
    urgent: bool = False


def next_steps(session: Session, event: Event, viewer: Viewer) -> list[Step]:
    if viewer.is_organiser:
        return organiser_steps(session, event)
    if viewer.is_secretariat:
        return commitment_steps(session, event)
    if viewer.is_delegate:
        return delegate_steps(session, event, viewer)
    return []


def rsvp_counts(session: Session, event: Event) -> list[Step]:
    """RSVPs by state, each a link to the invitations in that state."""
    overall, _ = counts_by_status(session, event)
    return [Step(status.label, url_for("invitations.dashboard", slug=event.slug, status=status.value),
                 overall[status]) for status in InvitationStatus if overall[status]]


def organiser_steps(session: Session, event: Event) -> list[Step]:
    steps = []
    _, per_org = counts_by_status(session, event)
    waiting = [row for row in per_org if row.counts[InvitationStatus.WAITLISTED]]
    over = [row for row in per_org if row.seats_taken > row.quota]
    if waiting:
        steps.append(Step(f"{len(waiting)} organisation{'s have' if len(waiting) != 1 else ' has'} people waiting "
                          "for a seat", url_for("invitations.dashboard", slug=event.slug, status="waitlisted"),
                          sum(r.counts[InvitationStatus.WAITLISTED] for r in waiting), True))
    for row in over:
        steps.append(Step(f"{row.organisation.name} holds {row.seats_taken} seats for a quota of "
                          f"{row.quota}",
                          url_for("invitations.dashboard", slug=event.slug, organisation=row.organisation.id),
                          row.seats_taken - row.quota, True))
    failed = mail_counts(session).get(MailStatus.FAILED, 0)
    if failed:
        steps.append(Step("Emails that failed", url_for("mail_admin.outbox", status="failed"), failed, True))
    conflicts = len(open_conflicts(session, event))
    if conflicts:
        steps.append(Step("Conflicts in the programme", url_for("programme_publish.conflicts_page", slug=event.slug),
                          conflicts, True))
    return steps + commitment_steps(session, event)


def commitment_steps(session: Session, event: Event) -> list[Step]:
    steps = []
    pending = len(pending_updates(session, event))
    if pending:
        steps.append(Step("Progress updates waiting for review",
                          url_for("commitments.index", slug=event.slug, _anchor="pending-heading"), pending, True))
    overdue = len(build_report(session, event, public_only=False).overdue_list())
    if overdue:
        steps.append(Step("Overdue commitments", url_for("commitments.index", slug=event.slug,
                                                         _anchor="overdue-heading"), overdue, True))
    if not steps:
        steps.append(Step("Nothing waits for review and nothing is overdue: see all commitments",
                          url_for("commitments.index", slug=event.slug)))
    return steps


def delegate_steps(session: Session, event: Event, viewer: Viewer) -> list[Step]:
    standing = viewer.standing
    if (standing is not None and standing.awaiting_answer) or standing is InvitationStatus.TENTATIVE:
        return [Step("Answer your invitation", url_for("rsvp.page"), urgent=True)]
    if standing is not InvitationStatus.ACCEPTED:
        return [Step("See your invitation", url_for("rsvp.page"))]
    chosen = session.scalar(select(func.count(SignUp.id)).where(SignUp.person_id == viewer.person_id)) or 0
    steps = [Step("Choose your sessions" if not chosen else f"Your agenda: {chosen} session"
                  f"{'s' if chosen != 1 else ''} chosen", url_for("agenda.agenda", slug=event.slug) if not chosen
                  else url_for("agenda.my_agenda", slug=event.slug), urgent=not chosen)]
    has_feed = viewer.user_id and session.scalar(select(func.count(FeedToken.id)).where(
        FeedToken.user_id == viewer.user_id, FeedToken.revoked_at.is_(None)))
    if not has_feed:
        steps.append(Step("Put your agenda in your calendar", url_for("calendar.profile")))
    steps.append(Step("Your organisation's commitments", url_for("commitments.index", slug=event.slug)))
    return steps
