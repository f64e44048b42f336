"""The agenda for delegates and the public: list, grid, session pages, my agenda, sign-up, changelog."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from .. import db
from ..auth.permissions import current_actor, current_viewer, requires
from ..forms import ActionForm
from ..markdown import render as markdown
from ..web import event_or_404
from .cards import Card, cards_html
from .lookups import event_for_viewer, item_or_404, visible_item
from .models import SessionKind
from .queries import (
    by_day,
    day_pages,
    for_everyone,
    grid,
    my_choices,
    rooms_and_tracks,
    versions,
    visible_cards,
    visible_sessions,
)
from .services import AgendaError
from .signups import Clash, is_accepted_delegate, leave, my_signups, sign_up

bp = Blueprint("agenda", __name__, url_prefix="/events/<slug>")


@bp.get("/agenda")
def agenda(slug: str):
    event = event_for_viewer(slug)
    who = current_viewer(event)
    track = request.args.get("track", type=int)
    kind = request.args.get("kind") or None
    view = "grid" if request.args.get("view") == "grid" else "list"
    pages = day_pages(db.session, event, request.args.get("day")) or abort(404)
    cards = visible_cards(db.session, event, who, track, kind, pages.day)
    days = by_day(event, cards)
    rooms, tracks = rooms_and_tracks(db.session, event)
    return render_template(
        "agenda/agenda.html", event=event, view=view, days=days, pages=pages,
        grid_days=grid(event, rooms, days) if view == "grid" else [], tracks=tracks, kinds=list(SessionKind),
        filters={"track": track, "kind": kind}, html=cards_html(event, cards, my_choices(db.session, event,
                                                                                          who.person_id)),
    )


@bp.get("/tracks.css")
def track_colours(slug: str):
    """Each track's colour as a class: the CSP forbids inline styles."""
    event = event_or_404(slug)
    _, tracks = rooms_and_tracks(db.session, event)
    css = "\n".join(f".track-{t.id} {{ border-left-color: {t.colour}; }}" for t in tracks)
    return Response(css + "\n", mimetype="text/css", headers={"Cache-Control": "public, max-age=300"})


@bp.get("/sessions/<int:session_id>")
def session_page(slug: str, session_id: int):
    event = event_for_viewer(slug)
    item = visible_item(event, session_id)
    who = current_viewer(event)
    choice = my_choices(db.session, event, who.person_id).get(item.id)
    can_sign_up = who.may_sign_up and is_accepted_delegate(db.session, event.id, who.person_id)
    return render_template("agenda/session.html", event=event, item=item, description=markdown(item.description),
                           choice=choice, can_sign_up=can_sign_up, form=ActionForm())


@bp.post("/sessions/<int:session_id>/signup")
@requires("may_sign_up")
def signup(slug: str, session_id: int):
    event = event_for_viewer(slug)
    item = visible_item(event, session_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        status = sign_up(db.session, current_actor(), item, current_user.person,
                         confirm_clash=request.form.get("confirm") == "yes")
        db.session.commit()
    except Clash as exc:
        db.session.rollback()
        return render_template("agenda/clash.html", event=event, item=item, clashes=exc.clashes,
                               form=ActionForm()), 409
    except IntegrityError:  # a double click: the first one won
        db.session.rollback()
        return redirect(url_for(".session_page", slug=slug, session_id=item.id), 303)
    except AgendaError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".session_page", slug=slug, session_id=item.id), 303)
    flash(f"You have a seat at “{item.title}”." if status.value == "signed_up" else
          f"“{item.title}” is full: you are on its waiting list and will be emailed if a seat frees.", "success")
    return redirect(request.form.get("back") == "agenda" and url_for(".my_agenda", slug=slug)
                    or url_for(".session_page", slug=slug, session_id=item.id), 303)


@bp.post("/sessions/<int:session_id>/leave")
@login_required
def leave_session(slug: str, session_id: int):
    event = event_for_viewer(slug)
    item = item_or_404(event, session_id)  # one's own seat can be given up even if the session has since been hidden
    if not ActionForm().validate_on_submit():
        abort(400)
    if leave(db.session, current_actor(), item, current_user.person):
        db.session.commit()
        flash(f"You have left “{item.title}”.", "success")
    return redirect(url_for(".my_agenda", slug=slug), 303)


@bp.get("/my-agenda")
@login_required
def my_agenda(slug: str):
    event = event_for_viewer(slug)
    signups = my_signups(db.session, event.id, current_user.person_id)
    live = [s.session for s in signups if not s.session.cancelled]
    clashing = {a.id for a in live for b in live if a.id != b.id and a.overlaps(b)}
    chosen = {s.session_id for s in signups}
    entries = sorted([(Card.of(s.session), s) for s in signups]
                     + [(Card.of(item), None) for item in for_everyone(db.session, event) if item.id not in chosen],
                     key=lambda entry: (entry[0].starts_at, entry[0].id))
    return render_template("agenda/my_agenda.html", event=event, signups=signups, entries=entries,
                           clashing=clashing, form=ActionForm())


@bp.get("/agenda/changes")
def changes(slug: str):
    event = event_for_viewer(slug)
    who = current_viewer(event)
    # Only sessions the viewer may see now, under their current titles: a published title may be one a session
    # had while it was restricted to others.
    titles = {s.id: s.title for s in visible_sessions(db.session, event, who)}
    return render_template("agenda/changes.html", event=event, versions=versions(db.session, event), titles=titles)
