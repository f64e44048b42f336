from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .models import DEFAULT_NO_COMMITMENT


class DraftForm(FlaskForm):
    text = TextAreaField("Statement (Markdown)", validators=[Length(max=100_000)],
                         description="Headings with ### and ####, lists with -, links as [words](https://…). "
                                     "The buttons below add the public decisions and commitments to the end.")


class WordingForm(FlaskForm):
    wording = StringField("Shown for an invited organisation with no public commitment",
                          validators=[DataRequired(), Length(max=200)], default=DEFAULT_NO_COMMITMENT)
