from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..commitments.forms import EXPECTATIONS, optional_id
from ..forms import options
from .models import NoteKind, NoteVisibility

KINDS = options((k.value, k.label) for k in NoteKind)
VISIBILITIES = options((v.value, v.label) for v in NoteVisibility)


class NoteForm(FlaskForm):
    text = TextAreaField("Note", validators=[DataRequired("Write the note."), Length(max=5000)],
                         description="What was said, not who said it.")
    kind = SelectField("Kind", choices=KINDS, default=NoteKind.DISCUSSION.value)
    visibility = SelectField("Who may read it", choices=VISIBILITIES, default=NoteVisibility.SECRETARIAT.value)
    names_confirmed = BooleanField("Keep the names: I mean to attribute this")


class ActionForm(FlaskForm):
    """An action note becomes a commitment: the owner and the expectation are never guessed."""

    title = StringField("Commitment", validators=[DataRequired(), Length(max=300)])
    lead_organisation_id = SelectField("Owner organisation", coerce=optional_id, choices=[], validate_choice=False,
                                       validators=[DataRequired("Choose the organisation that owns it.")])
    expectation = SelectField("Expectation it serves", choices=EXPECTATIONS,
                              validators=[DataRequired("Choose the expectation it serves.")])
    due_on = DateField("Due by", validators=[Optional()])
