from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, EmailField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import options
from .models import OrganisationKind

KIND_CHOICES = options((kind.value, kind.label) for kind in OrganisationKind)


class OrganisationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=KIND_CHOICES)
    delegate_quota = IntegerField(
        "Delegate seats at events it joins",
        validators=[NumberRange(min=0, max=500)],
        default=2,
        description="The seats it starts with at an event (change them per event on the event's Organisations page). "
                    "Acceptances beyond an event's seats join a waiting list.",
    )


class EventForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    venue = StringField("Venue", validators=[DataRequired(), Length(max=200)])
    city = StringField("City", validators=[DataRequired(), Length(max=120)])
    timezone = StringField("Timezone (IANA)", validators=[DataRequired(), Length(max=64)],
                           description="For example America/Los_Angeles. Times below are in this timezone.")
    starts_at = DateTimeLocalField("Starts", format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField("Ends", format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    rsvp_deadline = DateTimeLocalField("RSVP deadline", format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    co_hosts = StringField("Co-hosts", validators=[Optional(), Length(max=300)])
    contact_email = EmailField("Contact email for delegates", validators=[Optional(), Length(max=320)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])


class QuotaForm(FlaskForm):
    """An organisation's delegate seats at one event."""

    organisation_id = HiddenField(validators=[InputRequired()])
    delegate_quota = IntegerField("Seats at this event", validators=[InputRequired(), NumberRange(min=0, max=500)])
