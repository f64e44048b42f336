"""The outcome statement: drafts kept as numbered versions (who, when, what changed), published by the secretariat;
and the report's wording for invited organisations with no public commitment."""

from __future__ import annotations

import difflib
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..auth.models import User
from ..clock import utcnow
from ..commitments.reporting import build_report
from ..errors import RuleBroken
from ..events.models import Event
from ..notes.services import public_decisions
from .models import OutcomeStatement, OutcomeVersion

MAX_LENGTH = 100_000


class OutcomeError(RuleBroken):
    """A rule about the outcome statement was broken; the message says what to do."""


def statement_for(session: Session, event: Event) -> OutcomeStatement | None:
    return session.scalar(select(OutcomeStatement).where(OutcomeStatement.event_id == event.id))


def _statement(session: Session, event: Event) -> OutcomeStatement:
    statement = statement_for(session, event)
    if statement is None:
        statement = OutcomeStatement(event_id=event.id)
        session.add(statement)
        session.flush()
    return statement


def versions(session: Session, event: Event) -> list[OutcomeVersion]:
    """Every version, newest first."""
    return list(session.scalars(select(OutcomeVersion).where(OutcomeVersion.event_id == event.id)
                                .order_by(OutcomeVersion.number.desc())))


def save_draft(session: Session, actor: Actor, user: User, event: Event, text: str) -> OutcomeVersion:
    """A new version of the draft, by this user; refused when nothing changed."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise OutcomeError("Write the statement before saving it.", field="text")
    if len(text) > MAX_LENGTH:
        raise OutcomeError(f"The statement is longer than {MAX_LENGTH:,} characters.", field="text")
    statement = _statement(session, event)
    latest = session.scalar(select(func.max(OutcomeVersion.number)).where(OutcomeVersion.event_id == event.id)) or 0
    current = versions(session, event)[0] if latest else None
    if current is not None and current.text == text:
        raise OutcomeError(f"Nothing has changed since version {current.number}.", field="text")
    version = OutcomeVersion(event_id=event.id, number=latest + 1, text=text, author_id=user.id)
    session.add(version)
    statement.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "outcome.save", statement, after={"version": version.number, "length": len(text)})
    return version


def publish(session: Session, actor: Actor, event: Event, now: datetime | None = None) -> OutcomeVersion:
    """Make the latest version the public statement, dated now."""
    current = next(iter(versions(session, event)), None)
    if current is None:
        raise OutcomeError("Save a draft before publishing.")
    statement = _statement(session, event)
    if statement.published_version_id == current.id:
        raise OutcomeError(f"Version {current.number} is already the published statement.")
    before = {"version": statement.published_version.number if statement.published_version else None}
    statement.published_version_id, statement.published_at = current.id, now or utcnow()
    statement.updated_at = utcnow()
    audit.record(session, actor, "outcome.publish", statement, before, {"version": current.number})
    return current


def published(session: Session, event: Event) -> tuple[OutcomeStatement, OutcomeVersion] | None:
    statement = statement_for(session, event)
    if statement is None or statement.published_version is None:
        return None
    return statement, statement.published_version


def set_wording(session: Session, actor: Actor, event: Event, wording: str) -> None:
    """What the report says of an invited organisation that has made no public commitment."""
    wording = " ".join(wording.split())
    if not wording:
        raise OutcomeError("Say what the report shows for an organisation with no commitment.", field="wording")
    if len(wording) > 200:
        raise OutcomeError("Keep the wording under 200 characters.", field="wording")
    statement = _statement(session, event)
    before = statement.no_commitment_wording
    statement.no_commitment_wording, statement.updated_at = wording, utcnow()
    audit.record(session, actor, "outcome.wording", statement, {"wording": before}, {"wording": wording})


def changes(older: str, newer: str, older_label: str, newer_label: str) -> list[str]:
    """What changed between two versions, as the lines of a unified diff."""
    return list(difflib.unified_diff(older.splitlines(), newer.splitlines(), older_label, newer_label, lineterm=""))


def version_changes(history: list[OutcomeVersion]) -> dict[int, list[str]]:
    """For each version (newest first), what changed from the one before it."""
    diffs = {}
    for index, version in enumerate(history):
        older = history[index + 1] if index + 1 < len(history) else None
        diffs[version.id] = changes(older.text if older else "", version.text,
                                    f"version {older.number}" if older else "empty", f"version {version.number}")
    return diffs


def decisions_markdown(session: Session, event: Event) -> str:
    """The public decisions from the session notes, as Markdown the draft can take in."""
    lines = ["### Decisions", ""]
    for note, item in public_decisions(session, event):
        lines.append(f"- {' '.join(note.text.split())} *({item.title})*")
    return "\n".join(lines if len(lines) > 2 else [*lines, "- (No public decisions recorded yet.)"])


def commitments_markdown(session: Session, event: Event) -> str:
    """The public commitments (those marked ready), by expectation, as Markdown the draft can take in."""
    report = build_report(session, event, public_only=True)
    lines = ["### Commitments", ""]
    for expectation, items in report.by_expectation():
        lines += [f"#### {expectation.label}", ""]
        lines += [f"- **{c.reference}** {c.title} — {', '.join(o.name for o in c.organisations)} "
                  f"({c.status.label.lower()})" for c in items]
        lines.append("")
    if len(lines) == 2:
        lines.append("- (No public commitments yet.)")
    return "\n".join(lines).rstrip()
