from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from ..forms import options
from .models import SessionKind, Visibility

KINDS = options((k.value, k.label) for k in SessionKind)
VISIBILITIES = options((v.value, v.label) for v in Visibility)
LOCAL = "%Y-%m-%dT%H:%M"


class RoomForm(FlaskForm):
    name = StringField("Room name", validators=[DataRequired(), Length(max=120)])
    capacity = IntegerField("Capacity", validators=[InputRequired(), NumberRange(min=1, max=10000)])
    notes = StringField("Floor or notes", validators=[Optional(), Length(max=300)])


class TrackForm(FlaskForm):
    name = StringField("Track name", validators=[DataRequired(), Length(max=120)])
    colour = StringField("Colour", default="#0b4f8a", validators=[Regexp(r"^#[0-9a-fA-F]{6}$",
                                                                          message="Use a colour like #0b4f8a.")])


class SessionForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=KINDS)
    starts_at = DateTimeLocalField("Starts (event time)", format=LOCAL, validators=[InputRequired()])
    ends_at = DateTimeLocalField("Ends (event time)", format=LOCAL, validators=[InputRequired()])
    room_id = SelectField("Room", choices=[], coerce=int, validate_choice=False)
    track_id = SelectField("Track", choices=[], coerce=int, validate_choice=False)
    use_room_capacity = BooleanField("Seat limit: the room's capacity", default=True)
    seat_limit = IntegerField("Or a seat limit of", validators=[Optional(), NumberRange(min=1, max=10000)],
                              description="Leave both empty for a session without sign-up, such as a keynote.")
    visibility = SelectField("Who may see it", choices=VISIBILITIES)
    organisation_ids = SelectMultipleField("Organisations (for restricted sessions)", choices=[], coerce=int,
                                           validate_choice=False)
    chatham_house = BooleanField("Held under the Chatham House Rule")
    speaker_ids = SelectMultipleField("Speakers", choices=[], coerce=int, validate_choice=False)
    moderator_ids = SelectMultipleField("Moderators", choices=[], coerce=int, validate_choice=False)
    description = TextAreaField("Description (Markdown)", validators=[Optional(), Length(max=20000)])
    materials = TextAreaField("Materials links (one per line)", validators=[Optional(), Length(max=5000)])


class ImportForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired(), FileAllowed(["csv", "txt"], "Choose a .csv file.")],
                     description="Columns: title, kind, day (YYYY-MM-DD), start, end (HH:MM, event time), room, "
                                 "track, seat limit, visibility, speakers (emails separated by ;).")


class MoveForm(FlaskForm):
    starts_at = DateTimeLocalField("New start (event time)", format=LOCAL, validators=[InputRequired()])
    room_id = SelectField("Room", choices=[], coerce=int, validate_choice=False)


class PlaceForm(FlaskForm):
    email = StringField("Email of the person to place", validators=[DataRequired(), Length(max=320)])


class PublicAgendaForm(FlaskForm):
    public = BooleanField("Show public sessions to anyone, without signing in")
