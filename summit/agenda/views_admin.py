"""Organisers build the programme: rooms, tracks, sessions, import, conflicts, publishing."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import db
from ..auth.permissions import current_actor, organiser_only
from ..clock import to_utc
from ..events.models import Event
from ..events.queries import search_people
from ..events.services import find_person
from ..forms import ActionForm, options
from ..web import event_or_404, submit
from .forms import (
    MoveForm,
    PlaceForm,
    PublicAgendaForm,
    RoomForm,
    SessionForm,
    SessionOptions,
    TrackForm,
    fields_from,
)
from .lookups import item_or_404
from .models import AgendaSession, SpeakerRole
from .queries import all_sessions, rooms_and_tracks, versions
from .services import (
    AgendaError,
    cancel_session,
    conflict_warnings,
    create_room,
    create_session,
    create_track,
    duplicate_session,
    move_session,
    open_conflicts,
    update_session,
)
from .signups import place

bp = Blueprint("programme", __name__, url_prefix="/events/<slug>/programme")



@bp.get("")
@organiser_only
def overview(slug: str):
    event = event_or_404(slug)
    items = all_sessions(db.session, event)
    warnings = conflict_warnings(db.session, event, items)
    return render_template("agenda/programme.html", event=event, items=items, versions=versions(db.session, event),
                           warned={w.session_id for w in warnings}, warnings=warnings, action_form=ActionForm(),
                           open_conflicts=open_conflicts(db.session, event, items),
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
    if submit(form, lambda: create_room(db.session, current_actor(), event, name=form.name.data,
                                        capacity=form.capacity.data, notes=form.notes.data or ""),
              success=f"Added the room {form.name.data}."):
        return redirect(url_for(".rooms", slug=slug), 303)
    return _rooms_page(event, form, TrackForm(formdata=None, prefix="track"), 422)


@bp.post("/tracks")
@organiser_only
def tracks_create(slug: str):
    event = event_or_404(slug)
    form = TrackForm(prefix="track")
    if submit(form, lambda: create_track(db.session, current_actor(), event, name=form.name.data,
                                         colour=form.colour.data),
              success=f"Added the track {form.name.data}."):
        return redirect(url_for(".rooms", slug=slug), 303)
    return _rooms_page(event, RoomForm(formdata=None, prefix="room"), form, 422)


def session_form(event: Event, item: AgendaSession | None = None) -> SessionForm:
    form = SessionOptions.load(db.session, event).fill(SessionForm())
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
    if created := submit(form, lambda: create_session(db.session, current_actor(), event, fields_from(event, form)),
                         success=lambda item: f"Added “{item.title}” as a draft; publish the agenda to show it.",
                         field=form.title):
        return redirect(url_for(".edit", slug=slug, session_id=created.result.id), 303)
    return render_template("agenda/session_form.html", event=event, form=form, item=None), 422


@bp.get("/sessions/<int:session_id>/edit")
@organiser_only
def edit(slug: str, session_id: int):
    event = event_or_404(slug)
    item = item_or_404(event, session_id)
    warnings = [w for w in conflict_warnings(db.session, event, all_sessions(db.session, event))
                if w.session_id == item.id]
    return render_template("agenda/session_form.html", event=event, form=session_form(event, item), item=item,
                           warnings=warnings, action_form=ActionForm(), move_form=_move_form(event, item),
                           place_form=PlaceForm())


@bp.post("/sessions/<int:session_id>/edit")
@organiser_only
def update(slug: str, session_id: int):
    event = event_or_404(slug)
    item = item_or_404(event, session_id)
    form = session_form(event)
    if submit(form, lambda: update_session(db.session, current_actor(), item, fields_from(event, form)),
              success=lambda _: f"Saved “{item.title}”.", field=form.title):
        return redirect(url_for(".edit", slug=slug, session_id=item.id), 303)
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


@bp.get("/people")
@organiser_only
def find_people(slug: str):
    """A search step for speakers and moderators: type part of a name, email or organisation, copy the email."""
    event = event_or_404(slug)
    q = (request.args.get("q") or "").strip()
    found, total = search_people(db.session, q) if q else ([], 0)
    return render_template("agenda/find_people.html", event=event, q=q, found=found, total=total)
