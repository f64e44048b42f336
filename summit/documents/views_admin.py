"""Organisers' document library: upload, replace, choose who sees what, delete, and see downloads per organisation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage

from .. import db
from ..auth.permissions import current_actor, requires
from ..web import event_or_404, perform, submit
from .forms import AudienceForm, DeleteForm, UploadForm, VersionForm
from .queries import all_documents, document_in, downloads
from .services import Upload, add_version, change_document, delete_document, upload_document

bp = Blueprint("documents_admin", __name__, url_prefix="/events/<slug>/documents")
organiser_documents = requires("may_manage_documents")
UPLOADS = {"documents_admin.create", "documents_admin.new_version"}
FORM_ROOM = 256 * 1024  # the form's other fields and the multipart framing around the file


@bp.url_value_preprocessor
def _allow_uploads(endpoint: str | None, _values: dict | None) -> None:
    """Only the upload routes accept a body as large as a document. This runs before every before_request
    function, so the CSRF check's read of the form already sees the raised limit."""
    if endpoint in UPLOADS and request.method == "POST":
        request.max_content_length = current_app.config["DOCUMENT_MAX_BYTES"] + FORM_ROOM


def _upload(file: FileStorage) -> Upload:
    return Upload(name=file.filename or "", data=file.read(current_app.config["DOCUMENT_MAX_BYTES"] + 1))


@bp.get("")
@organiser_documents
def library(slug: str):
    event = event_or_404(slug)
    return _library(event, UploadForm().fill(db.session, event))


def _library(event, form: UploadForm, status: int = 200):
    return render_template("documents/library.html", event=event, documents=all_documents(db.session, event),
                           form=form), status


@bp.post("")
@organiser_documents
def create(slug: str):
    event = event_or_404(slug)
    form = UploadForm().fill(db.session, event)
    done = submit(form, lambda: upload_document(db.session, current_actor(), event, form.fields(event),
                                                _upload(form.file.data)),
                  success=lambda d: f"Uploaded “{d.title}”.")
    if done:
        return redirect(url_for(".detail", slug=slug, document_id=done.result.id), 303)
    return _library(event, form, 422)


@bp.get("/<int:document_id>")
@organiser_documents
def detail(slug: str, document_id: int):
    event = event_or_404(slug)
    document = document_in(db.session, event, document_id) or abort(404)
    return _detail(event, document, AudienceForm.of(document).fill(db.session, event), VersionForm())


def _detail(event, document, form: AudienceForm, version_form: VersionForm, status: int = 200):
    return render_template("documents/detail.html", event=event, document=document, form=form,
                           version_form=version_form, delete_form=DeleteForm(formdata=None),
                           downloads=downloads(db.session, document)), status


@bp.post("/<int:document_id>/versions")
@organiser_documents
def new_version(slug: str, document_id: int):
    event = event_or_404(slug)
    document = document_in(db.session, event, document_id) or abort(404)
    form = VersionForm()
    done = submit(form, lambda: add_version(db.session, current_actor(), document, _upload(form.file.data)),
                  success=lambda v: f"Version {v.number} now replaces the earlier ones for delegates.")
    if done:
        return redirect(url_for(".detail", slug=slug, document_id=document.id), 303)
    return _detail(event, document, AudienceForm.of(document).fill(db.session, event), form, 422)


@bp.post("/<int:document_id>/audience")
@organiser_documents
def change(slug: str, document_id: int):
    event = event_or_404(slug)
    document = document_in(db.session, event, document_id) or abort(404)
    form = AudienceForm().fill(db.session, event)
    if submit(form, lambda: change_document(db.session, current_actor(), document, form.fields(event)),
              success="Saved."):
        return redirect(url_for(".detail", slug=slug, document_id=document.id), 303)
    return _detail(event, document, form, VersionForm(formdata=None), 422)


@bp.post("/<int:document_id>/delete")
@organiser_documents
def delete(slug: str, document_id: int):
    event = event_or_404(slug)
    document = document_in(db.session, event, document_id) or abort(404)
    title = document.title

    def work() -> str:
        delete_document(db.session, current_actor(), document)
        return f"Deleted “{title}” and all its versions."

    return perform(DeleteForm(), work, back=url_for(".library", slug=slug)
                   if request.form.get("confirm") else url_for(".detail", slug=slug, document_id=document_id))
