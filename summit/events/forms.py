from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from ..forms import options
from .models import OrganisationKind

KIND_CHOICES = options((kind.value, kind.label) for kind in OrganisationKind)


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=KIND_CHOICES)
    delegate_quota = IntegerField(
        "Delegate seats",
        validators=[NumberRange(min=0, max=500)],
        default=2,
        description="How many of its people may attend. Acceptances beyond this join a waiting list.",
    )
