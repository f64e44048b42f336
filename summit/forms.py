"""Small helpers shared by every feature's forms."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired


def options(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class CsvConfirmForm(FlaskForm):
    """The second step of a CSV import: the previewed text comes back and is checked again."""

    csv_text = TextAreaField(validators=[DataRequired()])
