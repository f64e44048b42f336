from __future__ import annotations

import re
from dataclasses import dataclass

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, StopValidation

from ..clock import to_utc
from ..events import queries as events_queries
from ..events.models import Event, Organisation, Person
from ..events.services import find_person
from ..forms import options
from .models import Room, SessionKind, SpeakerRole, Track, Visibility
from .queries import rooms_and_tracks
from .services import SessionFields

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


class PeopleField(TextAreaField):
    """People by email, typed one a line or separated by ; (ids, as the CSV import posts them, work too): a
    picker that holds 2,000 people without sending them all to the browser. `data` is a list of person ids."""

    SPLIT = re.compile(r"[;,\s]+")

    def process_formdata(self, valuelist: list[str]) -> None:
        self.typed = "\n".join(v for v in valuelist if v.strip())
        self.data = []

    def process_data(self, value) -> None:
        self.typed = None
        self.data = list(value or [])

    def pre_validate(self, form) -> None:
        if self.typed is None:
            return
        from .. import db  # a request's session: the page's form only (the import posts ids)

        ids, unknown = [], []
        for token in (t for t in self.SPLIT.split(self.typed) if t):
            if token.isdigit():
                ids.append(int(token))
                continue
            person = find_person(db.session, token)
            (ids.append(person.id) if person else unknown.append(token))
        self.data = list(dict.fromkeys(ids))
        if unknown:
            raise StopValidation(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not known to "
                                 "Summit: invite or add them first (or check the spelling).")

    def _value(self) -> str:
        if self.typed is not None:
            return self.typed
        if not self.data:
            return ""
        from .. import db

        people = db.session.scalars(select(Person).where(Person.id.in_(self.data))).all()
        return "\n".join(p.email for p in people)


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
    speaker_ids = PeopleField("Speakers' emails", description="One a line, or separated by ;.")
    moderator_ids = PeopleField("Moderators' emails", description="One a line, or separated by ;.")
    description = TextAreaField("Description (Markdown)", validators=[Optional(), Length(max=20000)])
    materials = TextAreaField("Materials links (one per line)", validators=[Optional(), Length(max=5000)])


@dataclass(frozen=True)
class SessionOptions:
    """What the session form offers to choose from; the page and the CSV import fill it the same way."""

    rooms: list[Room]
    tracks: list[Track]
    organisations: list[Organisation]
    people: list[Person]

    @classmethod
    def load(cls, session: Session, event: Event, people: bool = False) -> SessionOptions:
        """Rooms, tracks, organisations; every person only when asked (the CSV import names speakers by email)."""
        rooms, tracks = rooms_and_tracks(session, event)
        return cls(rooms, tracks, events_queries.organisations(session),
                   list(session.scalars(select(Person).order_by(Person.name))) if people else [])

    def fill(self, form: SessionForm) -> SessionForm:
        form.room_id.choices = options([("0", "No room"), *((str(r.id), f"{r.name} ({r.capacity})")
                                                            for r in self.rooms)])
        form.track_id.choices = options([("0", "No track"), *((str(t.id), t.name) for t in self.tracks)])
        form.organisation_ids.choices = options((str(o.id), o.name) for o in self.organisations)
        return form


def fields_from(event: Event, form: SessionForm) -> SessionFields:
    """A valid session form as the service's fields (times entered in the event's zone, stored in UTC)."""
    return SessionFields(
        title=form.title.data, kind=SessionKind(form.kind.data),
        starts_at=to_utc(form.starts_at.data, event.zone), ends_at=to_utc(form.ends_at.data, event.zone),
        description=form.description.data or "", track_id=form.track_id.data or None,
        room_id=form.room_id.data or None, seat_limit=form.seat_limit.data,
        use_room_capacity=form.use_room_capacity.data and not form.seat_limit.data,
        visibility=Visibility(form.visibility.data), organisation_ids=form.organisation_ids.data or [],
        chatham_house=form.chatham_house.data, materials=form.materials.data or "",
        speakers=[(i, SpeakerRole.SPEAKER) for i in form.speaker_ids.data or []]
        + [(i, SpeakerRole.MODERATOR) for i in form.moderator_ids.data or []],
    )


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


class PublishForm(FlaskForm):
    """Publish; with open conflicts, a ticked box carrying how many the organiser saw."""
    despite = IntegerField("Publish despite the conflicts", validators=[Optional()])
