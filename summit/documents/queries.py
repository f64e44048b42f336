"""Reading documents: which a viewer may see, what changed lately, and the downloads per organisation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.permissions import Viewer
from ..events.models import Event, Organisation
from .models import Document, DocumentDownload


def all_documents(session: Session, event: Event) -> list[Document]:
    return list(session.scalars(select(Document).where(Document.event_id == event.id)
                                .order_by(Document.session_id.is_not(None), Document.title)))


def visible_documents(session: Session, event: Event, viewer: Viewer, now: datetime,
                      session_ids: Iterable[int] | None = None) -> list[Document]:
    """The documents this viewer may see now; with `session_ids`, only those attached to these sessions."""
    query = select(Document).where(Document.event_id == event.id)
    if session_ids is not None:
        query = query.where(Document.session_id.in_(list(session_ids)))
    documents = session.scalars(query.order_by(Document.session_id.is_not(None), Document.title))
    return [d for d in documents if viewer.may_see_document(d, now)]


def document_in(session: Session, event: Event, document_id: int) -> Document | None:
    document = session.get(Document, document_id)
    return document if document is not None and document.event_id == event.id else None


def recently_updated(document: Document, now: datetime) -> bool:
    """Replaced by a newer version within DOCUMENT_UPDATED_DAYS: delegates see an "Updated" marker."""
    days = current_app.config["DOCUMENT_UPDATED_DAYS"]
    return len(document.versions) > 1 and now - document.updated_at < timedelta(days=days)


def downloads(session: Session, document: Document) -> list[DocumentDownload]:
    return list(session.scalars(select(DocumentDownload).join(DocumentDownload.organisation)
                                .where(DocumentDownload.document_id == document.id).order_by(Organisation.name)))
