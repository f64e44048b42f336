"""Queue mail in the caller's transaction; deliver what is due, claiming rows atomically so no message goes twice."""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import uuid
from datetime import timedelta
from email.utils import parseaddr
from functools import lru_cache
from typing import Any

from flask import current_app, render_template
from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .. import audit, signals
from ..audit import Actor
from ..checkin import codes as check_in_codes
from ..clock import utcnow
from ..links import site_host
from . import message as mail_message
from .models import MailStatus, OutboxMessage
from .transport import PermanentFailure, TemporaryFailure, Transport

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=2)
STALE_CLAIM = timedelta(minutes=10)
# A personal link ends in a 256-bit token (summit.tokens: 43 URL-safe characters). The outbox holds it only until the
# message has gone (or failed for good): then every such path segment is overwritten, so no live link stays at rest.
LINK_TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
REDACTED = "link-removed-after-delivery"
CODE_REDACTED = "code-removed-after-delivery"  # the delegate's invitation page still shows it


def redacted_bodies(row: Any) -> dict[str, Any]:
    """A message's stored bodies without any personal-link token or check-in code, and without its prepared wire
    bytes (which may hold a token in an encoded part, so they go whole): what stays once the message has gone or
    failed for good."""

    def clean(text: str) -> str:
        return check_in_codes.redact(LINK_TOKEN.sub(REDACTED, text), CODE_REDACTED)

    return {"text_body": clean(row.text_body), "html_body": clean(row.html_body),
            "calendar": LINK_TOKEN.sub(REDACTED, row.calendar) if row.calendar else row.calendar, "prepared": None}


def redact_links(row: OutboxMessage) -> None:
    """Remove every personal-link token and check-in code from a message's stored copy (the copy that was sent
    keeps them)."""
    for key, value in redacted_bodies(row).items():
        setattr(row, key, value)


def holds_redacted_link(row: OutboxMessage) -> bool:
    return REDACTED in row.text_body or REDACTED in row.html_body


def queue_mail(
    session: Session, *, to_name: str, to_address: str, subject: str, template: str, context: dict[str, Any],
    kind: str,
    invitation_id: int | None = None, calendar: str | None = None, calendar_method: str | None = None,
) -> OutboxMessage:
    """Render templates/mail/<template>.{txt,html} and add the message to the outbox (the caller commits), with its
    wire bytes prepared now so that the worker only sends them."""
    row = OutboxMessage(
        created_at=utcnow(),
        message_id=f"<{uuid.uuid4()}@{site_host()}>",
        kind=kind,
        to_name=mail_message.one_line(to_name),
        to_address=to_address,
        subject=mail_message.one_line(subject),
        text_body=render_template(f"mail/{template}.txt", **context),
        html_body=render_template(f"mail/{template}.html", **context),
        calendar=calendar,
        calendar_method=calendar_method,
        invitation_id=invitation_id,
    )
    row.prepared = mail_message.prepare(envelope_for(row, current_app.config["MAIL_FROM"]))
    session.add(row)
    return row


def backoff(attempts: int) -> timedelta:
    """Wait 30 s, 1 min, 2 min, ... up to 2 h after each temporary failure."""
    return min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def claim_due(session: Session, worker: str, limit: int = 50) -> list[int]:
    """Mark up to `limit` due messages as ours in one statement; two workers never get the same row."""
    now = utcnow()
    due = (
        select(OutboxMessage.id)
        .where(
            or_(
                (OutboxMessage.status == MailStatus.PENDING) & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == MailStatus.SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM),
            )
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status=MailStatus.SENDING, claimed_by=worker, claimed_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(session.scalars(claim).all())
    session.commit()
    return ids


def envelope_for(row: OutboxMessage, sender: str) -> mail_message.Envelope:
    return mail_message.Envelope(
        message_id=row.message_id, sender=sender, to_name=row.to_name, to_address=row.to_address,
        subject=row.subject, text=row.text_body, html=row.html_body, date=row.created_at,
        calendar=row.calendar, calendar_method=row.calendar_method,
    )


def deliver_due(session: Session, transport: Transport, sender: str, worker: str | None = None,
                limit: int = 50) -> dict[str, int]:
    """Send every message that is due, batch by batch, until none is left; returns counts by outcome.

    A batch is claimed (status SENDING, claimed_by this worker) and read in two statements, so no other worker sends
    those messages until the claim goes stale (STALE_CLAIM). Each message then costs its send and one prebuilt
    UPDATE committed at once on a connection of its own. The at-least-once window is that commit: a worker killed
    after the server's 250 and before it leaves at most that one message to be sent again once its claim is stale.
    Marking a whole batch in one statement would be cheaper still but would widen the window to the batch."""
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    counts = {"sent": 0, "retry": 0, "failed": 0}
    with session.get_bind().engine.connect() as marks:  # each sent message marked on its own, off the session
        while ids := claim_due(session, worker, limit):
            _deliver_batch(session, marks, transport, sender, worker, ids, counts)
    return counts


def _deliver_batch(session: Session, marks: Connection, transport: Transport, sender: str, worker: str,
                   ids: list[int], counts: dict[str, int]) -> None:
    claimed_at = utcnow()
    rows = session.execute(select(*SENT_COLUMNS).where(
        OutboxMessage.id.in_(ids), OutboxMessage.status == MailStatus.SENDING,
        OutboxMessage.claimed_by == worker).order_by(OutboxMessage.id)).all()
    session.commit()  # hold no lock while talking to the mail server
    counts["retry"] += len(ids) - len(rows)
    for row in rows:
        if utcnow() - claimed_at > STALE_CLAIM / 2 and not _still_ours(session, row.id, worker):
            counts["retry"] += 1  # a slow batch: another worker may have taken this message over
            continue
        counts[_deliver_one(session, marks, transport, sender, worker, row)] += 1


SENT_COLUMNS = (OutboxMessage.id, OutboxMessage.message_id, OutboxMessage.to_name, OutboxMessage.to_address,
                OutboxMessage.subject, OutboxMessage.text_body, OutboxMessage.html_body, OutboxMessage.calendar,
                OutboxMessage.calendar_method, OutboxMessage.created_at, OutboxMessage.prepared)


_OUTBOX = OutboxMessage.__table__
# A sent message's mark, built once: Core, not the ORM's bulk update, whose per-call work was most of a message's
# cost. Its own commit keeps the at-least-once window to the one message whose 250 came but whose mark did not.
MARK_SENT = (update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row_id"), _OUTBOX.c.claimed_by == bindparam("worker"))
             .values(status=MailStatus.SENT, sent_at=bindparam("now"), last_error=None, attempts=_OUTBOX.c.attempts + 1,
                     claimed_by=None, **{key: bindparam(key) for key in ("text_body", "html_body", "calendar",
                                                                          "prepared")}))


@lru_cache(maxsize=16)
def _return_path(sender: str) -> str:
    return parseaddr(sender)[1]


def _still_ours(session: Session, message_id: int, worker: str) -> bool:
    ours = session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.id == message_id, OutboxMessage.status == MailStatus.SENDING, OutboxMessage.claimed_by == worker))
    session.commit()
    return ours is not None


def _deliver_one(session: Session, marks: Connection, transport: Transport, sender: str, worker: str,
                 row: Any) -> str:
    error: Exception | None = None
    try:
        if row.prepared is not None:
            transport.send_bytes(row.message_id, _return_path(sender), row.to_address,
                                 mail_message.wire(sender, row.prepared))
        else:
            transport.send(mail_message.build(envelope_for(row, sender)))
    except (TemporaryFailure, PermanentFailure, ValueError) as exc:
        error = exc
    if error is None:  # the common case: one prebuilt UPDATE, one commit
        marks.execute(MARK_SENT, {"row_id": row.id, "worker": worker, "now": utcnow(), **redacted_bodies(row)})
        marks.commit()
        return "sent"
    message = session.get(OutboxMessage, row.id, populate_existing=True)
    message.attempts += 1
    message.claimed_by = None
    if isinstance(error, TemporaryFailure):
        outcome = _retry_or_fail(session, message, str(error))
    else:
        outcome = _fail(session, message, str(error))
    session.commit()
    return outcome


def _retry_or_fail(session: Session, row: OutboxMessage, error: str) -> str:
    if row.attempts >= MAX_ATTEMPTS:
        return _fail(session, row, f"gave up after {row.attempts} attempts; last error: {error}")
    row.status, row.last_error = MailStatus.PENDING, error
    row.next_attempt_at = utcnow() + backoff(row.attempts)
    log.info("mail %s to be retried: %s", row.id, error)
    return "retry"


def _fail(session: Session, row: OutboxMessage, error: str) -> str:
    row.status, row.last_error = MailStatus.FAILED, error
    redact_links(row)
    log.warning("mail %s failed for good: %s", row.id, error)
    signals.mail_failed.send(row, session=session, message=row)
    return "failed"


def latest_messages(session: Session, status: MailStatus | None, limit: int) -> list[OutboxMessage]:
    """The newest messages in the outbox, of one status or all."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query))


MASKED = "•••"


def masked(text: str) -> str:
    """A stored body with every personal-link token masked: what organisers may read."""
    return LINK_TOKEN.sub(MASKED, text or "")


def page_of_messages(session: Session, status: MailStatus | None, search: str | None, page: int,
                     per_page: int = 50) -> tuple[list[OutboxMessage], int, int, int]:
    """(rows, total, page, pages): newest first, of one status or all, matching the recipient or subject."""
    query = select(OutboxMessage)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    if search:
        like = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(OutboxMessage.to_address).like(like),
                                func.lower(OutboxMessage.to_name).like(like),
                                func.lower(OutboxMessage.subject).like(like)))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = session.scalars(query.order_by(OutboxMessage.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return list(rows), total, page, pages


def counts_by_status(session: Session) -> dict[MailStatus, int]:
    return dict(session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def retry_now(session: Session, actor: Actor, row: OutboxMessage) -> None:
    """An organiser asks to try a failed message again."""
    if row.status is not MailStatus.FAILED:
        raise ValueError("Only a failed message can be tried again.")
    if holds_redacted_link(row):
        raise ValueError("This message held a personal link, removed when it failed. Send a new invitation, "
                         "reminder or sign-in link instead.")
    row.status, row.attempts, row.next_attempt_at, row.last_error = MailStatus.PENDING, 0, utcnow(), None
    audit.record(session, actor, "mail.retry", row)
