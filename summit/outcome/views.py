"""The outcome statement: drafting and publishing (secretariat), and the public page and PDF."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import db
from ..auth.permissions import current_actor, current_viewer, requires
from ..forms import ActionForm
from ..markdown import render as markdown
from ..web import event_or_404, format_local, perform, submit
from .forms import DraftForm, WordingForm
from .models import DEFAULT_NO_COMMITMENT
from .pdf import outcome_pdf
from .services import (
    commitments_markdown,
    decisions_markdown,
    publish,
    published,
    save_draft,
    set_wording,
    statement_for,
    version_changes,
    versions,
)

bp = Blueprint("outcome", __name__, url_prefix="/events/<slug>")
INSERTS = {"decisions": decisions_markdown, "commitments": commitments_markdown}


def draft_page(event, form: DraftForm | None = None, wording: WordingForm | None = None, status: int = 200):
    history = versions(db.session, event)
    statement = statement_for(db.session, event)
    if form is None:
        form = DraftForm(formdata=None, text=history[0].text if history else "")
    if wording is None:
        wording = WordingForm(formdata=None, wording=statement.no_commitment_wording if statement
                              else DEFAULT_NO_COMMITMENT)
    diffs = version_changes(history)
    return render_template("outcome/draft.html", event=event, form=form, wording_form=wording, versions=history,
                           diffs=diffs, statement=statement, action_form=ActionForm(),
                           may_publish=current_viewer(event).may_publish_outcome,
                           preview=markdown(form.text.data or "")), status


@bp.get("/outcome/draft")
@requires("may_draft_outcome")
def draft(slug: str):
    return draft_page(event_or_404(slug))


@bp.post("/outcome/draft")
@requires("may_draft_outcome")
def draft_save(slug: str):
    event = event_or_404(slug)
    form = DraftForm()
    insert = INSERTS.get(request.form.get("insert", ""))
    if insert is not None and form.validate_on_submit():  # not saved: the text comes back with the section added
        form.text.data = f"{(form.text.data or '').rstrip()}\n\n{insert(db.session, event)}\n".lstrip()
        flash("Added to the end of the draft: check it, then save the draft to keep it.", "info")
        return draft_page(event, form)
    if submit(form, lambda: save_draft(db.session, current_actor(), current_user, event, form.text.data or ""),
              success=lambda version: f"Saved version {version.number}."):
        return redirect(url_for(".draft", slug=slug), 303)
    return draft_page(event, form, status=422)


@bp.post("/outcome/publish")
@requires("may_publish_outcome")
def publish_statement(slug: str):
    event = event_or_404(slug)

    def work() -> str:
        version = publish(db.session, current_actor(), event)
        return f"Version {version.number} is published at {url_for('.statement', slug=slug)}."

    return perform(ActionForm(), work, url_for(".draft", slug=slug))


@bp.post("/outcome/wording")
@requires("may_draft_outcome")
def wording(slug: str):
    event = event_or_404(slug)
    form = WordingForm()
    if submit(form, lambda: set_wording(db.session, current_actor(), event, form.wording.data),
              success="The report's wording is saved."):
        return redirect(url_for(".draft", slug=slug), 303)
    return draft_page(event, wording=form, status=422)


def _published_or_404(event):
    return published(db.session, event) or abort(404)


@bp.get("/outcome")
def statement(slug: str):
    event = event_or_404(slug)
    found, version = _published_or_404(event)
    return render_template("outcome/statement.html", event=event, text=markdown(version.text, top_heading=2),
                           published_on=format_local(found.published_at, event, "%-d %B %Y", zone=False),
                           published_iso=event.local(found.published_at).date().isoformat())


@bp.get("/outcome.pdf")
def statement_pdf(slug: str):
    event = event_or_404(slug)
    found, version = _published_or_404(event)
    data = outcome_pdf(f"Outcome statement: {event.name}", f"{event.venue}, {event.city}",
                       format_local(found.published_at, event, "%-d %B %Y", zone=False), version.text)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{event.slug}-outcome.pdf"'})
