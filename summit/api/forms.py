"""The form that makes a personal access token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import options
from .services import EXPIRY_DAYS


class ScopesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)],
                       description="What the token is for, e.g. “Our tracker”.")
    scopes = ScopesField("Scopes", choices=[])
    expires_in_days = SelectField("Expires after", choices=options((str(d), f"{d} days") for d in EXPIRY_DAYS),
                                  default="90", coerce=int)
