"""Calendar downloads and subscription feeds, with ETag/Last-Modified so polling clients cost little."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import capabilities, db
from ..agenda.lookups import event_for_viewer, visible_item
from ..auth.permissions import Viewer, current_actor, current_viewer, link_is_the_credential, viewer_for
from ..commitments.feeds import commitments_version, private_commitments_calendar
from ..events.models import Event
from ..events.services import current_event
from ..forms import ActionForm
from ..web import event_or_404
from .http import Feed, feed_response, ics_response
from .models import FeedScope, FeedToken
from .parts import agenda_calendar, my_agenda_calendar
from .services import (
    AgendaFeed,
    FeedLink,
    active_feed,
    feed_modified,
    find_agenda_feed,
    find_feed_link,
    issue_feed,
    my_agenda_version,
    revoke_feed,
    session_calendar,
)

bp = Blueprint("calendar", __name__)


@bp.get("/events/<slug>/agenda.ics")
def agenda_ics(slug: str):
    """An unchanged agenda is answered from one indexed lookup of the event; the event itself is loaded only to
    build a version this worker does not have (read after the version, so never older than it)."""
    feed, who = _agenda_feed(slug)
    return feed_response(agenda_answer(slug, feed, who),
                         lambda: agenda_calendar(db.session, db.session.get(Event, feed.id), who))


def agenda_answer(slug: str, feed: AgendaFeed, who: Viewer) -> Feed:
    """How the agenda feed is answered to this audience (also on the fast path: fastpath.py)."""
    return Feed(("agenda.ics", *feed.version, *who.audience), f"{slug}-agenda.ics", feed.modified,
                ("agenda.ics", feed.id, *who.audience))


def _agenda_feed(slug: str) -> tuple[AgendaFeed, Viewer]:
    """The event's agenda feed, if this visitor may see its agenda (event_for_viewer's rule, and its 404 for missing
    and hidden alike), read on a connection of its own: no transaction, no ORM object."""
    feed = db.read_alone(find_agenda_feed, slug) or abort(404)
    who = current_viewer(feed)
    if not who.may_see_agenda(feed.public_agenda):
        abort(404)
    return feed, who


@bp.get("/events/<slug>/sessions/<int:session_id>.ics")
def session_ics(slug: str, session_id: int):
    event = event_for_viewer(slug, page=False)
    item = visible_item(event, session_id, page=False)
    return ics_response(("session.ics", item.id, item.updated_at, item.sequence, event.updated_at),
                        lambda: session_calendar(item),
                        f"{event.slug}-session-{item.id}.ics", item.updated_at)


@bp.get("/events/<slug>/my-agenda.ics")
@login_required
def my_agenda_ics(slug: str):
    event = event_or_404(slug)
    person_id = current_user.person_id
    version = my_agenda_version(db.session, event, person_id)
    return ics_response(("my-agenda.ics", person_id, *version),
                        lambda: my_agenda_calendar(db.session, event, person_id),
                        f"{event.slug}-my-agenda.ics", modified=feed_modified(event))


@bp.get("/feeds/<token>.ics")
@db.writes  # a miss counts against the address; a good link only reads
@link_is_the_credential
def feed(token: str):
    """A personal subscription: the link is the credential (no cookie), revocable from the profile. An unchanged
    agenda feed is answered from one lookup of the link, outside any transaction, without loading the user or the
    event."""
    found = capabilities.polled_link("feed", token, find_feed_link)
    if found.scope is FeedScope.COMMITMENTS:
        feed_token = db.session.get(FeedToken, found.id)
        event, who = feed_token.event, viewer_for(feed_token.user, feed_token.event)
        return ics_response(("commitments-feed", found.id, *who.audience, *commitments_version(db.session, event)),
                            lambda: private_commitments_calendar(db.session, event, who))
    return feed_response(my_agenda_answer(found),
                         lambda: my_agenda_calendar(db.session, db.session.get(Event, found.event_id),
                                                    found.person_id))


def my_agenda_answer(found: FeedLink) -> Feed:
    """How a personal agenda feed link is answered (also on the fast path: fastpath.py)."""
    return Feed(("my-agenda-feed", found.id, *found.version), modified=found.modified,
                slot=("my-agenda-feed", found.id))


@bp.get("/profile/calendar")
@login_required
def profile():
    return _profile_page(_profile_event())


def _profile_event():
    return current_event(db.session) or abort(404)


def _profile_page(event, fresh: str | None = None) -> str:
    return render_template("calendar/profile.html", event=event, form=ActionForm(), fresh=fresh,
                           current=active_feed(db.session, current_user, event, FeedScope.MY_AGENDA))


@bp.post("/profile/calendar")
@login_required
def profile_issue():
    """The new link is shown in this answer only: it is never put in the session cookie for the next page."""
    if not ActionForm().validate_on_submit():
        abort(400)
    event = _profile_event()
    token = issue_feed(db.session, current_actor(), current_user, event, FeedScope.MY_AGENDA)
    db.session.commit()
    return capabilities.shown_once(_profile_page(event, fresh=token))


@bp.post("/profile/calendar/revoke")
@login_required
def profile_revoke():
    if not ActionForm().validate_on_submit():
        abort(400)
    if revoke_feed(db.session, current_actor(), current_user, _profile_event(), FeedScope.MY_AGENDA):
        db.session.commit()
        flash("Your calendar link no longer works. Calendars subscribed to it will stop updating.", "success")
    return redirect(url_for(".profile"), 303)
