"""Forms for a new event and for reviewing inherited commitments."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from ..commitments.forms import status_choices
from ..events.forms import EventForm
from ..forms import options
from .models import ReviewOutcome

OUTCOMES = options((o.value, o.label) for o in ReviewOutcome)


class NewEventForm(EventForm):
    """An event's settings, its address and series, and the earlier event to copy from (if any)."""

    copy_from = SelectField("Copy from an earlier event", choices=[], description=(
        "Its venue details, rooms, tracks, and the organisations taking part with their seats come too. "
        "Nobody's invitation, answers or sign-ups do."))
    series_name = StringField("Series", validators=[DataRequired(), Length(max=200)], description=(
        "Meetings of one series review each other's open commitments, e.g. Industry summits on online grooming."))
    slug = StringField("Web address", validators=[DataRequired(), Length(max=80), Regexp(
        r"^(?!new$)[a-z0-9]+(-[a-z0-9]+)*$", message="Use lower-case letters, digits and hyphens, e.g. review-2019.")],
        description="The part after /events/ in every link of this event, e.g. redmond-review-2019.")


class MeetingReviewForm(FlaskForm):
    """One inherited commitment at this meeting: its status, what happens next, a note."""

    commitment_id = HiddenField(validators=[InputRequired()])
    status = SelectField("Status at this meeting", choices=status_choices())
    outcome = SelectField("Next", choices=OUTCOMES)
    new_due_on = DateField("New due date", validators=[Optional()], description="Only when overdue.")
    note = StringField("Note", validators=[Optional(), Length(max=2000)])

