"""A session's notes: the secretariat's quick form on top, newest first; each reader sees what they may."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user

from .. import db
from ..agenda.lookups import event_for_viewer, visible_item
from ..auth.permissions import current_actor, current_viewer, requires
from ..commitments.models import CommitmentVisibility, Expectation
from ..commitments.services import CommitmentFields
from ..events.queries import organisation_choices
from ..web import submit
from .forms import ActionForm, NoteForm
from .models import NoteKind, NoteVisibility
from .services import add_note, commit_action, note_in, notes_in, takes_part

bp = Blueprint("notes", __name__, url_prefix="/events/<slug>/sessions/<int:session_id>/notes")


def action_form(note_id: int, choices: list, *, posted: bool = False, text: str = "") -> ActionForm:
    form = ActionForm(prefix=f"note{note_id}") if posted else ActionForm(formdata=None, prefix=f"note{note_id}",
                                                                          title=text[:300])
    form.lead_organisation_id.choices = choices
    return form


def owner_choices() -> list:
    return organisation_choices(db.session, blank="Choose the owner")


def notes_page(event, item, form: NoteForm | None = None, posted: dict[int, ActionForm] | None = None,
               status: int = 200):
    viewer = current_viewer(event)
    part = takes_part(db.session, item, viewer)
    notes = [n for n in notes_in(db.session, item) if viewer.may_read_note(n.visibility.value, part)]
    forms = dict(posted or {})
    if viewer.may_keep_notes:
        choices = owner_choices()
        forms.update({n.id: action_form(n.id, choices, text=n.text) for n in notes
                      if n.kind is NoteKind.ACTION and n.commitment_id is None and n.id not in forms})
    return render_template("notes/session_notes.html", event=event, item=item, notes=notes, action_forms=forms,
                           form=form or NoteForm(formdata=None), writer=viewer.may_keep_notes), status


@bp.get("")
def session_notes(slug: str, session_id: int):
    event = event_for_viewer(slug)
    return notes_page(event, visible_item(event, session_id))


@bp.post("")
@requires("may_keep_notes")
def add(slug: str, session_id: int):
    event = event_for_viewer(slug)
    item = visible_item(event, session_id)
    form = NoteForm()
    if submit(form, lambda: add_note(db.session, current_actor(), current_user, item, kind=NoteKind(form.kind.data),
                                     visibility=NoteVisibility(form.visibility.data), text=form.text.data,
                                     names_confirmed=form.names_confirmed.data),
              success="Noted.", field=form.text):
        return redirect(url_for(".session_notes", slug=slug, session_id=session_id), 303)
    return notes_page(event, item, form, status=422)


@bp.post("/<int:note_id>/commitment")
@requires("may_keep_notes")
def to_commitment(slug: str, session_id: int, note_id: int):
    event = event_for_viewer(slug)
    item = visible_item(event, session_id)
    note = note_in(db.session, item, note_id) or abort(404)
    form = action_form(note.id, owner_choices(), posted=True)
    if submit(form, lambda: commit_action(db.session, current_actor(), event, note, CommitmentFields(
            title=form.title.data, expectation=Expectation(form.expectation.data),
            lead_organisation_id=form.lead_organisation_id.data, due_on=form.due_on.data,
            visibility=CommitmentVisibility.PUBLIC)),
            success=lambda c: f"Recorded {c.reference}; it is not public until it is marked ready for the report."):
        return redirect(url_for(".session_notes", slug=slug, session_id=session_id, _anchor=f"note-{note.id}"), 303)
    return notes_page(event, item, posted={note.id: form}, status=422)
