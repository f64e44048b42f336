"""Delegates' papers: the Papers page, downloads, and the lists the agenda's pages include."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, send_file
from flask_login import login_required

from .. import db
from ..auth.permissions import current_viewer, staff_only
from ..clock import utcnow
from ..web import event_or_404
from .models import Document, DocumentVersion
from .queries import document_in, recently_updated, visible_documents
from .services import record_download
from .storage import path_of

bp = Blueprint("documents", __name__, url_prefix="/events/<slug>/papers")


@bp.app_context_processor
def _papers_helpers() -> dict:
    def papers_for(event, session_ids=None) -> list[Document]:
        """The documents the current visitor may see now (of these sessions only, when given)."""
        return visible_documents(db.session, event, current_viewer(event), utcnow(), session_ids)

    return {"papers_for": papers_for, "paper_updated": lambda document: recently_updated(document, utcnow())}


@bp.get("")
@login_required
def papers(slug: str):
    event = event_or_404(slug)
    documents = visible_documents(db.session, event, current_viewer(event), utcnow())
    return render_template("documents/papers.html", event=event, documents=documents)


@bp.get("/<int:document_id>/download")
@login_required
@db.writes  # counts the download against the delegate's organisation
def download(slug: str, document_id: int):
    event = event_or_404(slug)
    document = document_in(db.session, event, document_id)
    viewer = current_viewer(event)
    if document is None or not viewer.may_see_document(document, utcnow()):
        abort(404)  # the same answer whether it does not exist or is not for this visitor
    version = document.current
    record_download(db.session, document, viewer)
    db.session.commit()
    return send_version(version)


@bp.get("/<int:document_id>/versions/<int:version_id>")
@staff_only
def version_download(slug: str, document_id: int, version_id: int):
    event = event_or_404(slug)
    document = document_in(db.session, event, document_id)
    version = db.session.get(DocumentVersion, version_id)
    if document is None or version is None or version.document_id != document.id:
        abort(404)
    return send_version(version)


def send_version(version: DocumentVersion) -> Response:
    """The file as an attachment of its detected type, inert: nosniff, a sandboxing CSP, never cached."""
    response = send_file(path_of(version.storage_name), mimetype=version.content_type, as_attachment=True,
                         download_name=version.download_name, conditional=False, etag=False, max_age=None)
    response.headers["Content-Type"] = version.content_type  # as detected (send_file would add a second charset)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
