"""Uploading, replacing, re-audiencing and deleting documents, and counting downloads: each audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..agenda.models import AgendaSession
from ..audit import Actor, changes, record
from ..auth.permissions import Viewer
from ..clock import utcnow
from ..errors import RuleBroken
from ..events.models import Event, Organisation, OrganisationKind
from . import storage
from .filetypes import Kind, ZipLimits, detect, download_name
from .models import Document, DocumentAudience, DocumentDownload, DocumentVersion

MB = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    """A file as the person sent it: its name (only shown, and checked against the content) and its bytes."""
    name: str
    data: bytes


@dataclass(frozen=True)
class DocumentFields:
    title: str
    session_id: int | None = None
    audience: DocumentAudience = DocumentAudience.ACCEPTED
    organisation_ids: list[int] = field(default_factory=list)
    organisation_kinds: list[str] = field(default_factory=list)
    embargo_until: datetime | None = None


def max_bytes() -> int:
    return int(current_app.config["DOCUMENT_MAX_BYTES"])


def check_upload(upload: Upload) -> Kind:
    """The kind of an upload that may be stored, or RuleBroken (too large, empty, or not an allowed kind)."""
    limit = max_bytes()
    if len(upload.data) > limit:
        raise RuleBroken(f"The file is {len(upload.data) / MB:.1f} MB; documents may be at most {limit / MB:g} MB.",
                         field="file")
    limits = ZipLimits(max_total=int(current_app.config["DOCUMENT_MAX_UNZIPPED_BYTES"]),
                       max_ratio=int(current_app.config["DOCUMENT_MAX_ZIP_RATIO"]))
    return detect(upload.data, upload.name, limits)


def upload_document(session: Session, actor: Actor, event: Event, fields: DocumentFields, upload: Upload) -> Document:
    """A new document with its first version."""
    kind = check_upload(upload)
    document = Document(event_id=event.id, title=fields.title.strip())
    _apply(session, event, document, fields)
    session.add(document)
    version = _new_version(session, actor, document, upload, kind, 1)
    session.flush()
    record(session, actor, "document.uploaded", document, after={**_audience_of(document), **_version_of(version)})
    return document


def add_version(session: Session, actor: Actor, document: Document, upload: Upload) -> DocumentVersion:
    """A new version replaces the current one for delegates; the older ones stay for staff."""
    kind = check_upload(upload)
    version = _new_version(session, actor, document, upload, kind, document.current.number + 1)
    document.updated_at = version.uploaded_at
    session.flush()
    record(session, actor, "document.version_added", document, after=_version_of(version))
    return version


def change_document(session: Session, actor: Actor, document: Document, fields: DocumentFields) -> Document:
    """A new title, place, audience or embargo."""
    before = {**_audience_of(document), "title": document.title}
    document.title = fields.title.strip()
    _apply(session, document.event, document, fields)
    session.flush()
    old, new = changes(before, {**_audience_of(document), "title": document.title})
    if "title" in new:  # the log keeps ids, not free text
        old["title"], new["title"] = "(changed)", "(changed)"
    if new:
        record(session, actor, "document.audience_changed" if set(new) - {"title"} else "document.renamed",
               document, before=old, after=new)
    return document


def delete_document(session: Session, actor: Actor, document: Document) -> None:
    """The document, every version and its download counts; the files go once this commits."""
    record(session, actor, "document.deleted", document,
           before={**_audience_of(document), "version_ids": [v.id for v in document.versions]})
    storage.remove_on_commit(session, [v.storage_name for v in document.versions])
    session.delete(document)
    session.flush()


def record_download(session: Session, document: Document, viewer: Viewer) -> None:
    """Count a delegate's download against their organisation (staff downloads are not counted)."""
    if viewer.is_staff or viewer.organisation_id is None:
        return
    # One statement, so that two first downloads at once cannot both insert (SQLite and PostgreSQL both upsert).
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    statement = insert(DocumentDownload).values(document_id=document.id, organisation_id=viewer.organisation_id,
                                                count=1, last_at=now)
    session.execute(statement.on_conflict_do_update(index_elements=["document_id", "organisation_id"],
                                                    set_={"count": DocumentDownload.count + 1, "last_at": now}))


# ---- helpers ----------------------------------------------------------------------------------------------------

def _apply(session: Session, event: Event, document: Document, fields: DocumentFields) -> None:
    if not fields.title.strip():
        raise RuleBroken("Give the document a title.", field="title")
    if fields.session_id:
        item = session.get(AgendaSession, fields.session_id)
        if item is None or item.event_id != event.id:
            raise RuleBroken("Choose a session of this event.", field="session_id")
    organisations = list(session.scalars(select(Organisation).where(Organisation.id.in_(fields.organisation_ids))))
    kinds = sorted(set(fields.organisation_kinds))
    if any(kind not in OrganisationKind.__members__.values() for kind in kinds):
        raise RuleBroken("Choose kinds of organisation from the list.", field="organisation_kinds")
    if fields.audience is DocumentAudience.ORGANISATIONS and not organisations:
        raise RuleBroken("Choose at least one organisation, or another audience.", field="organisation_ids")
    if fields.audience is DocumentAudience.KINDS and not kinds:
        raise RuleBroken("Choose at least one kind of organisation, or another audience.", field="organisation_kinds")
    document.session_id = fields.session_id or None
    document.audience = fields.audience
    document.organisations = organisations if fields.audience is DocumentAudience.ORGANISATIONS else []
    document.organisation_kinds = kinds if fields.audience is DocumentAudience.KINDS else []
    document.embargo_until = fields.embargo_until


def _new_version(session: Session, actor: Actor, document: Document, upload: Upload, kind: Kind,
                 number: int) -> DocumentVersion:
    version = DocumentVersion(
        number=number, original_name=upload.name[:255] or "document", download_name=download_name(upload.name, kind),
        content_type=kind.content_type, size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
        storage_name=storage.store(session, upload.data), uploaded_by_id=actor.user_id, uploaded_at=utcnow())
    document.versions.append(version)
    return version


def _audience_of(document: Document) -> dict:
    return {"session_id": document.session_id, "audience": document.audience,
            "organisation_ids": sorted(o.id for o in document.organisations),
            "organisation_kinds": list(document.organisation_kinds), "embargo_until": document.embargo_until}


def _version_of(version: DocumentVersion) -> dict:
    return {"version_id": version.id, "number": version.number, "content_type": version.content_type,
            "size": version.size}
