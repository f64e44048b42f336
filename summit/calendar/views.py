"""Calendar downloads and subscription feeds, with ETag/Last-Modified so polling clients cost little."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from .. import db
from ..agenda.views import event_for_viewer, viewer, visible_item
from ..auth.access import current_actor
from ..forms import ActionForm
from ..web import event_or_404
from .models import FeedScope
from .services import (
    FEED_BUILDERS,
    active_feed,
    agenda_calendar,
    agenda_version,
    find_feed,
    issue_feed,
    my_agenda_calendar,
    my_agenda_version,
    revoke_feed,
    session_calendar,
)

bp = Blueprint("calendar", __name__)


# Feeds already built, by ETag: a worker builds each version of a feed once (bounded, per process).
_built: OrderedDict[str, bytes] = OrderedDict()
_BUILT_MAX = 128


def ics_response(version: tuple[object, ...], build: Callable[[], bytes], filename: str | None = None,
                 modified: datetime | None = None) -> Response:
    """text/calendar with an ETag derived from what the feed depends on, so an unchanged feed answers 304
    without being built, and a changed one is built once per worker."""
    etag = hashlib.sha256(repr((request.path, current_app.config["BASE_URL"], version)).encode()).hexdigest()
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        body = _built.get(etag)
        if body is None:
            body = _built[etag] = build()
            while len(_built) > _BUILT_MAX:
                _built.popitem(last=False)
        response = Response(body, mimetype="text/calendar")
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(etag)
    if modified is not None:
        response.last_modified = modified
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def viewer_key() -> tuple[object, ...]:
    who = viewer()
    return (who.staff, who.signed_in, who.organisation_id)


@bp.get("/events/<slug>/agenda.ics")
def agenda_ics(slug: str):
    event = event_for_viewer(slug)
    who = viewer()
    version = agenda_version(db.session, event)
    return ics_response((*version, *viewer_key()), lambda: agenda_calendar(db.session, event, who),
                        f"{event.slug}-agenda.ics", modified=max(filter(None, (version[1], event.updated_at))))


@bp.get("/events/<slug>/sessions/<int:session_id>.ics")
def session_ics(slug: str, session_id: int):
    event = event_for_viewer(slug)
    item = visible_item(event, session_id)
    return ics_response((item.updated_at, item.sequence, event.updated_at), lambda: session_calendar(item),
                        f"{event.slug}-session-{item.id}.ics", item.updated_at)


@bp.get("/events/<slug>/my-agenda.ics")
@login_required
def my_agenda_ics(slug: str):
    event = event_or_404(slug)
    person_id = current_user.person_id
    version = my_agenda_version(db.session, event, person_id)
    return ics_response(version, lambda: my_agenda_calendar(db.session, event, person_id),
                        f"{event.slug}-my-agenda.ics", modified=max(filter(None, (version[1], event.updated_at))))


@bp.get("/feeds/<token>.ics")
def feed(token: str):
    """A personal subscription: the link is the credential (no cookie), revocable from the profile."""
    found = find_feed(db.session, token) or abort(404)
    version, build = FEED_BUILDERS[found.scope]
    return ics_response((found.id, *version(db.session, found)), lambda: build(db.session, found))


@bp.get("/profile/calendar")
@login_required
def profile():
    event = _profile_event()
    fresh = session.pop("new_feed_token", None)
    return render_template("calendar/profile.html", event=event, form=ActionForm(), fresh=fresh,
                           current=active_feed(db.session, current_user, event, FeedScope.MY_AGENDA))


def _profile_event():
    from ..events.services import current_event

    return current_event(db.session) or abort(404)


@bp.post("/profile/calendar")
@login_required
def profile_issue():
    if not ActionForm().validate_on_submit():
        abort(400)
    token = issue_feed(db.session, current_actor(), current_user, _profile_event(), FeedScope.MY_AGENDA)
    db.session.commit()
    session["new_feed_token"] = token  # shown once, on the next page; only its hash is stored
    flash("Your new calendar link is ready. Any older link has stopped working.", "success")
    return redirect(url_for(".profile"), 303)


@bp.post("/profile/calendar/revoke")
@login_required
def profile_revoke():
    if not ActionForm().validate_on_submit():
        abort(400)
    if revoke_feed(db.session, current_actor(), current_user, _profile_event(), FeedScope.MY_AGENDA):
        db.session.commit()
        flash("Your calendar link no longer works. Calendars subscribed to it will stop updating.", "success")
    return redirect(url_for(".profile"), 303)
