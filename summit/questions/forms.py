"""Forms: a question, the letter settings, verifying a letter, and the questions' fields on the RSVP form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from ..events.models import Event, OrganisationKind
from ..forms import options as choices_of
from ..invitations.forms import MultiCheckboxField
from .answers import day_label, event_days
from .countries import countries
from .models import Question, QuestionKind, Readers
from .services import QuestionFields


class QuestionForm(FlaskForm):
    label = StringField("Question", validators=[DataRequired(), Length(max=300)],
                        description="As the invitee reads it, e.g. “Full name as on your photo ID”.")
    kind = SelectField("Type of answer", choices=choices_of((k.value, k.label) for k in QuestionKind))
    options = TextAreaField("Options (one choice or several choices)", validators=[Optional(), Length(max=3000)],
                            description="One option per line.")
    help_text = StringField("Help text", validators=[Optional(), Length(max=500)],
                            description="Shown under the question: why you ask, or what format you expect.")
    required = BooleanField("Required of everyone who accepts")
    organisation_kinds = MultiCheckboxField("Ask only delegates of these kinds of organisation",
                                            choices=choices_of((k.value, k.label) for k in OrganisationKind),
                                            description="Tick none to ask everyone.")
    readers = RadioField("Who may read the answers", choices=choices_of((r.value, r.label) for r in Readers),
                         default=Readers.ORGANISERS.value, validators=[InputRequired()])
    purge_days = IntegerField("Delete the answers this many days after the event", default=30,
                              validators=[InputRequired(), NumberRange(0, 3650)])
    name_on_id = BooleanField("This is the name as on the photo ID (printed on invitation letters)")
    for_security = BooleanField("Include on the campus visitor list for security")

    def fields(self) -> QuestionFields:
        return QuestionFields(
            kind=QuestionKind(self.kind.data), label=self.label.data or "", help_text=self.help_text.data or "",
            options=(self.options.data or "").splitlines(), required=self.required.data,
            organisation_kinds=self.organisation_kinds.data or [], readers=Readers(self.readers.data),
            purge_days=self.purge_days.data, name_on_id=self.name_on_id.data, for_security=self.for_security.data)

    @classmethod
    def of(cls, question: Question) -> QuestionForm:
        form = cls(formdata=None, obj=question)
        form.kind.data, form.readers.data = question.kind.value, question.readers.value
        form.options.data = "\n".join(question.options)
        return form


class LetterSettingsForm(FlaskForm):
    letterhead = TextAreaField("Letterhead", validators=[DataRequired(), Length(max=1000)],
                               description="The hosts and their address, one line each, at the top of every letter.")
    purpose = TextAreaField("Purpose of the meeting", validators=[Optional(), Length(max=2000)])
    signer_name = StringField("Signed by", validators=[DataRequired(), Length(max=200)])
    signer_title = StringField("Their title", validators=[Optional(), Length(max=200)])


class DeleteForm(FlaskForm):
    """Sent only by the confirmation page's button: a bare request deletes nothing."""
    confirm = HiddenField(validators=[AnyOf(["yes"], message="Confirm on the question's delete page.")])


class VerifyForm(FlaskForm):
    reference = StringField("Reference number", validators=[DataRequired(), Length(max=40)],
                            description="As printed on the letter, e.g. SUM-ABCD-EFGH-JKMN.")


YES_NO = choices_of([("yes", "Yes"), ("no", "No")])


def _field(question: Question, event: Event) -> Any:
    label, description = question.label, question.help_text
    if question.required:
        label += " (required if you attend)"
    kind = question.kind
    if kind is QuestionKind.SHORT_TEXT:
        return StringField(label, validators=[Optional(), Length(max=300)], description=description)
    if kind is QuestionKind.LONG_TEXT:
        return TextAreaField(label, validators=[Optional(), Length(max=2000)], description=description)
    if kind is QuestionKind.ONE_CHOICE:
        return RadioField(label, choices=choices_of((o, o) for o in question.options), validators=[Optional()],
                          description=description)
    if kind is QuestionKind.SEVERAL_CHOICES:
        return MultiCheckboxField(label, choices=choices_of((o, o) for o in question.options), description=description)
    if kind is QuestionKind.YES_NO:
        return RadioField(label, choices=YES_NO, validators=[Optional()], description=description)
    if kind is QuestionKind.DATE:
        return DateField(label, validators=[Optional()], description=description or "For example 2026-11-17.")
    if kind is QuestionKind.COUNTRY:
        return SelectField(label, choices=choices_of([("", "Choose a country"), *countries().items()]),
                           description=description)
    return MultiCheckboxField(label, choices=choices_of((d.isoformat(), day_label(d)) for d in event_days(event)),
                              description=description)


GROUPS = (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES, QuestionKind.YES_NO, QuestionKind.DAYS)


def with_questions(base: type[FlaskForm], questions: Sequence[Question], event: Event) -> type[FlaskForm]:
    """The RSVP form class with a field `q_<id>` for each question."""
    return type("RsvpQuestionsForm", (base,), {q.field_name: _field(q, event) for q in questions})


def form_values(questions: Sequence[Question], values: dict[int, Any]) -> dict[str, Any]:
    """Stored answers as the fields' data (the invitee's own, to fill in their form)."""
    data = {}
    for q in questions:
        if q.id in values:
            value = values[q.id]
            if q.kind is QuestionKind.YES_NO:
                value = "yes" if value else "no"
            elif q.kind is QuestionKind.DATE:
                value = date.fromisoformat(value)
            data[q.field_name] = value
    return data


def submitted_values(form: FlaskForm, questions: Sequence[Question]) -> dict[int, Any]:
    """The fields' data as answers for the service: yes/no as true/false, dates as ISO text."""
    values: dict[int, Any] = {}
    for q in questions:
        data = form[q.field_name].data
        if q.kind is QuestionKind.YES_NO:
            data = {"yes": True, "no": False}.get(data)
        elif q.kind is QuestionKind.DATE:
            data = data.isoformat() if data else None
        values[q.id] = data
    return values
