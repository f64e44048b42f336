"""Check-in forms: the desk's search (GET, no CSRF), a walk-in, the badge printing choices."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms import options
from .badges import LAYOUT_LABELS


class WalkInForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=320)])
    organisation = SelectField("Organisation", choices=[], validate_choice=False, validators=[DataRequired()])
    job_title = StringField("Job title", validators=[Optional(), Length(max=200)])


class BadgeForm(FlaskForm):
    """Read from the query string: printing is a download, not a change to anything."""

    class Meta:
        csrf = False

    layout = SelectField("Layout", choices=options(LAYOUT_LABELS.items()), default="a4-8")
    organisation = SelectField("Organisation", choices=[], validate_choice=False)
