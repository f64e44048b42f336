"""Organisers: the RSVP questions of an event (add, change, move up or down, delete after confirming)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from .. import db
from ..auth.permissions import current_actor, organiser_only
from ..events.models import Event
from ..forms import ActionForm
from ..web import event_or_404, of_event_or_404, perform, submit
from .forms import DeleteForm, QuestionForm
from .models import Question
from .services import add_question, answer_count, change_question, delete_question, move_question, questions_of

bp = Blueprint("questions", __name__, url_prefix="/events/<slug>/questions")


def question_or_404(event: Event, question_id: int) -> Question:
    return of_event_or_404(Question, question_id, event)


def _list(event: Event, form: QuestionForm, status: int = 200):
    return render_template("questions/list.html", event=event, questions=questions_of(db.session, event),
                           form=form, action_form=ActionForm()), status


@bp.get("")
@organiser_only
def index(slug: str):
    return _list(event_or_404(slug), QuestionForm(formdata=None))


@bp.post("")
@organiser_only
def add(slug: str):
    event = event_or_404(slug)
    form = QuestionForm()
    if submit(form, lambda: add_question(db.session, current_actor(), event, form.fields()),
              success=lambda q: f"Added “{q.label}” to the RSVP form."):
        return redirect(url_for(".index", slug=slug), 303)
    return _list(event, form, 422)


def _edit(event: Event, question: Question, form: QuestionForm, status: int = 200):
    return render_template("questions/edit.html", event=event, question=question, form=form,
                           answers=answer_count(db.session, question)), status


@bp.get("/<int:question_id>")
@organiser_only
def edit(slug: str, question_id: int):
    event = event_or_404(slug)
    question = question_or_404(event, question_id)
    return _edit(event, question, QuestionForm.of(question))


@bp.post("/<int:question_id>")
@organiser_only
def change(slug: str, question_id: int):
    event = event_or_404(slug)
    question = question_or_404(event, question_id)
    form = QuestionForm()
    if submit(form, lambda: change_question(db.session, current_actor(), question, form.fields()),
              success="Saved. Answers already given keep the wording they answered."):
        return redirect(url_for(".index", slug=slug), 303)
    return _edit(event, question, form, 422)


@bp.post("/<int:question_id>/move/<any(up, down):direction>")
@organiser_only
def move(slug: str, question_id: int, direction: str):
    event = event_or_404(slug)
    question = question_or_404(event, question_id)
    return perform(ActionForm(), lambda: move_question(db.session, current_actor(), question, direction),
                   url_for(".index", slug=slug) + f"#question-{question.id}")


@bp.get("/<int:question_id>/delete")
@organiser_only
def confirm_delete(slug: str, question_id: int):
    event = event_or_404(slug)
    question = question_or_404(event, question_id)
    return render_template("questions/delete.html", event=event, question=question, form=DeleteForm(confirm="yes"),
                           answers=answer_count(db.session, question))


@bp.post("/<int:question_id>/delete")
@organiser_only
def delete(slug: str, question_id: int):
    event = event_or_404(slug)
    question = question_or_404(event, question_id)
    label = question.label

    def work() -> str:
        count = delete_question(db.session, current_actor(), question)
        return f"Deleted “{label}” and its {count} answer{'s' if count != 1 else ''}."

    return perform(DeleteForm(), work, url_for(".index", slug=slug))
