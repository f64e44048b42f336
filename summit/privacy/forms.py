"""The erasure confirmation."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class EraseForm(FlaskForm):
    confirm = BooleanField("I understand that this erases this person for good and cannot be undone",
                           validators=[DataRequired("Tick the box to confirm the erasure.")])
