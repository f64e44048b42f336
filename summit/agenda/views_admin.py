"""Organisers build the programme: rooms, tracks, sessions, import, conflicts, publishing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from .. import db
from ..auth.access import current_actor, organiser_only
from ..clock import to_utc
from ..events.models import Event, Organisation, Person
from ..events.services import find_person
from ..forms import ActionForm, options
from ..web import event_or_404
from .forms import MoveForm, PlaceForm, PublicAgendaForm, RoomForm, SessionForm, TrackForm
from .models import AgendaSession, AgendaVersion, SessionKind, SpeakerRole, Visibility
from .queries import rooms_and_tracks
from .rules import conflicts
from .services import (
    AgendaError,
    SessionFields,
    cancel_session,
    create_room,
    create_session,
    create_track,
    declined_person_ids,
    duplicate_session,
    event_bounds,
    move_session,
    update_session,
)
from .signups import place

bp = Blueprint("programme", __name__, url_prefix="/events/<slug>/programme")



def item_or_404(event: Event, session_id: int) -> AgendaSession:
    item = db.session.get(AgendaSession, session_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item


def warnings_for(event: Event, items: list[AgendaSession]):
    start, end = event_bounds(event)
    return conflicts(items, start, end, declined_person_ids(db.session, event))


@bp.get("")
@organiser_only
def overview(slug: str):
    event = event_or_404(slug)
    items = db.session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)
                               .order_by(AgendaSession.starts_at)).all()
    warnings = warnings_for(event, list(items))
    versions = db.session.scalars(select(AgendaVersion).where(AgendaVersion.event_id == event.id)
                                  .order_by(AgendaVersion.number.desc())).all()
    return render_template("agenda/programme.html", event=event, items=items, versions=versions,
                           warned={w.session_id for w in warnings}, warnings=warnings, action_form=ActionForm(),
                           public_form=PublicAgendaForm(public=event.public_agenda))


@bp.get("/rooms")
@organiser_only
def rooms(slug: str):
    return _rooms_page(event_or_404(slug), RoomForm(prefix="room"), TrackForm(prefix="track"))


def _rooms_page(event: Event, room_form: RoomForm, track_form: TrackForm, status: int = 200):
    all_rooms, all_tracks = rooms_and_tracks(db.session, event)
    return render_template("agenda/rooms.html", event=event, rooms=all_rooms, tracks=all_tracks,
                           room_form=room_form, track_form=track_form), status


@bp.post("/rooms")
@organiser_only
def rooms_create(slug: str):
    event = event_or_404(slug)
    form = RoomForm(prefix="room")
    if form.validate_on_submit():
        try:
            create_room(db.session, current_actor(), event, name=form.name.data, capacity=form.capacity.data,
                        notes=form.notes.data or "")
            db.session.commit()
            flash(f"Added the room {form.name.data}.", "success")
            return redirect(url_for(".rooms", slug=slug), 303)
        except AgendaError as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
    return _rooms_page(event, form, TrackForm(formdata=None, prefix="track"), 422)


@bp.post("/tracks")
@organiser_only
def tracks_create(slug: str):
    event = event_or_404(slug)
    form = TrackForm(prefix="track")
    if form.validate_on_submit():
        try:
            create_track(db.session, current_actor(), event, name=form.name.data, colour=form.colour.data)
            db.session.commit()
            flash(f"Added the track {form.name.data}.", "success")
            return redirect(url_for(".rooms", slug=slug), 303)
        except AgendaError as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
    return _rooms_page(event, RoomForm(formdata=None, prefix="room"), form, 422)


def session_form(event: Event, item: AgendaSession | None = None) -> SessionForm:
    form = SessionForm()
    all_rooms, all_tracks = rooms_and_tracks(db.session, event)
    form.room_id.choices = options([("0", "No room"), *((str(r.id), f"{r.name} ({r.capacity})") for r in all_rooms)])
    form.track_id.choices = options([("0", "No track"), *((str(t.id), t.name) for t in all_tracks)])
    form.organisation_ids.choices = options(
        (str(o.id), o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name)))
    people = options((str(p.id), f"{p.name} ({p.email})") for p in db.session.scalars(select(Person)
                                                                                       .order_by(Person.name)))
    form.speaker_ids.choices, form.moderator_ids.choices = people, people
    if item is not None and request.method == "GET":
        form.process(obj=item)
        form.starts_at.data = event.local(item.starts_at).replace(tzinfo=None)
        form.ends_at.data = event.local(item.ends_at).replace(tzinfo=None)
        form.kind.data, form.visibility.data = item.kind.value, item.visibility.value
        form.room_id.data, form.track_id.data = item.room_id or 0, item.track_id or 0
        form.use_room_capacity.data = bool(item.room and item.seat_limit == item.room.capacity)
        form.organisation_ids.data = [o.id for o in item.organisations]
        form.speaker_ids.data = [s.person_id for s in item.speakers if s.role is SpeakerRole.SPEAKER]
        form.moderator_ids.data = [s.person_id for s in item.speakers if s.role is SpeakerRole.MODERATOR]
    return form


def fields_from(event: Event, form: SessionForm) -> SessionFields:
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


@bp.get("/sessions/new")
@organiser_only
def new_session(slug: str):
    event = event_or_404(slug)
    return render_template("agenda/session_form.html", event=event, form=session_form(event), item=None)


@bp.post("/sessions")
@organiser_only
def create(slug: str):
    event = event_or_404(slug)
    form = session_form(event)
    if form.validate_on_submit():
        try:
            item = create_session(db.session, current_actor(), event, fields_from(event, form))
            db.session.commit()
            flash(f"Added “{item.title}” as a draft; publish the agenda to show it.", "success")
            return redirect(url_for(".edit", slug=slug, session_id=item.id), 303)
        except AgendaError as exc:
            db.session.rollback()
            form.title.errors = [*form.title.errors, str(exc)]
    return render_template("agenda/session_form.html", event=event, form=form, item=None), 422


@bp.get("/sessions/<int:session_id>/edit")
@organiser_only
def edit(slug: str, session_id: int):
    event = event_or_404(slug)
    item = item_or_404(event, session_id)
    warnings = [w for w in warnings_for(event, list(db.session.scalars(
        select(AgendaSession).where(AgendaSession.event_id == event.id)))) if w.session_id == item.id]
    return render_template("agenda/session_form.html", event=event, form=session_form(event, item), item=item,
                           warnings=warnings, action_form=ActionForm(), move_form=_move_form(event, item),
                           place_form=PlaceForm())


@bp.post("/sessions/<int:session_id>/edit")
@organiser_only
def update(slug: str, session_id: int):
    event = event_or_404(slug)
    item = item_or_404(event, session_id)
    form = session_form(event)
    if form.validate_on_submit():
        try:
            update_session(db.session, current_actor(), item, fields_from(event, form))
            db.session.commit()
            flash(f"Saved “{item.title}”.", "success")
            return redirect(url_for(".edit", slug=slug, session_id=item.id), 303)
        except AgendaError as exc:
            db.session.rollback()
            form.title.errors = [*form.title.errors, str(exc)]
    return render_template("agenda/session_form.html", event=event, form=form, item=item,
                           action_form=ActionForm(), move_form=_move_form(event, item), place_form=PlaceForm()), 422


def _move_form(event: Event, item: AgendaSession) -> MoveForm:
    form = MoveForm(prefix="move")
    all_rooms, _ = rooms_and_tracks(db.session, event)
    form.room_id.choices = options([("0", "No room"), *((str(r.id), r.name) for r in all_rooms)])
    if request.method == "GET":
        form.starts_at.data = event.local(item.starts_at).replace(tzinfo=None)
        form.room_id.data = item.room_id or 0
    return form


@bp.post("/sessions/<int:session_id>/<any(duplicate, cancel, move, place):action>")
@organiser_only
def act(slug: str, session_id: int, action: str):
    event = event_or_404(slug)
    item = item_or_404(event, session_id)
    actor = current_actor()
    try:
        if action == "move":
            form = _move_form(event, item)
            if not form.validate_on_submit():
                abort(400)
            move_session(db.session, actor, item, starts_at=to_utc(form.starts_at.data, event.zone),
                         room_id=form.room_id.data or None)
            message = f"Moved “{item.title}”."
        elif action == "place":
            form = PlaceForm()
            if not form.validate_on_submit():
                abort(400)
            person = find_person(db.session, form.email.data) or abort(404)
            signup = place(db.session, actor, item, person)
            message = f"Placed {person.name}" + (" beyond the seat limit." if signup.over_limit else ".")
        else:
            if not ActionForm().validate_on_submit():
                abort(400)
            if action == "duplicate":
                item = duplicate_session(db.session, actor, item)
                message = "Duplicated: edit the copy below."
            else:
                cancel_session(db.session, actor, item)
                message = f"Cancelled “{item.title}”. It stays on the agenda, marked cancelled."
        db.session.commit()
        flash(message, "success")
    except AgendaError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for(".edit", slug=slug, session_id=item.id), 303)
