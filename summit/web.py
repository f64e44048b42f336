"""Template helpers and the health check shared by every blueprint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, abort, current_app, flash, g, redirect, request
from flask_wtf import FlaskForm
from sqlalchemy import text
from wtforms import Field

from . import db
from .errors import RuleBroken
from .events.services import current_event, events_in_order, get_event

T = TypeVar("T")


def format_local(moment: datetime | None, event=None, pattern: str = "%a %-d %b %Y, %H:%M", zone: bool = True) -> str:
    """A UTC moment as the event's wall-clock time, with the zone's abbreviation unless `zone` is False."""
    if moment is None:
        return ""
    local = event.local(moment) if event is not None else moment
    return f"{local.strftime(pattern)} {local.tzname()}" if zone else local.strftime(pattern)


def event_or_404(slug: str):
    """The event at this address, or the not-found page: the one lookup every feature's views use."""
    return get_event(db.session, slug) or abort(404)


def of_event_or_404(model: type[T], row_id: int, event) -> T:
    """The row of `model` with this id that belongs to this event, or the not-found page (a row of another event is
    not found either)."""
    row = db.session.get(model, row_id)
    if row is None or row.event_id != event.id:
        abort(404)
    return row


def row_prefix(field: str) -> str:
    """The prefix of the one row a page of many row forms posted (`<prefix>-<field>`), or "none"."""
    return next((key.split("-", 1)[0] for key in request.form if key.endswith(f"-{field}")), "none")


def nav_event():
    """The event the navigation links point at: the one in the URL, else the current one (once per request)."""
    if "nav_event" not in g:
        slug = (request.view_args or {}).get("slug") if request else None
        g.nav_event = (get_event(db.session, slug) if isinstance(slug, str) else None) or current_event(db.session)
    return g.nav_event


def nav_event_slug() -> str | None:
    """The slug of the event the navigation links point at."""
    event = nav_event()
    return event.slug if event else None


def nav_events() -> list:
    """Every event, newest first, for the event switcher."""
    if "nav_events" not in g:
        g.nav_events = events_in_order(db.session)
    return g.nav_events


def query_with(**changes: Any) -> str:
    """This request's query string with some arguments changed (None drops one): for pagers and sort links."""
    values = {key: request.args.get(key) for key in request.args}
    values.update(changes)
    return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


def link_label(url: str, limit: int = 48) -> str:
    """A link's words when all we have is its address: host and path without the scheme or "www.", shortened,
    e.g. "github.com/thorn/safer" (screens show these; print shows the whole address after them)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")  # never a user@ part, which could pose as the host
    label = (host + (f":{parts.port}" if parts.port else "") + parts.path.rstrip("/")) if host else url
    return label if len(label) <= limit else label[:limit - 1] + "…"


def clock(moment: datetime | None, event=None) -> str:
    """Just the wall-clock time in the event's timezone, e.g. 09:30."""
    return format_local(moment, event, "%H:%M", zone=False)


def init_app(app: Flask) -> None:
    app.add_template_filter(format_local, "local")
    app.add_template_filter(clock, "clock")
    app.add_template_filter(link_label, "link_label")
    app.add_template_filter(datetime.fromisoformat, "fromiso")

    @app.context_processor
    def _globals() -> dict:
        return {"demo_banner": current_app.config["SHOW_DEMO_BANNER"], "summit_env": current_app.config["SUMMIT_ENV"],
                "nav_event_slug": nav_event_slug, "nav_event": nav_event, "nav_events": nav_events,
                "query_with": query_with}

    @app.get("/healthz")
    def healthz() -> tuple[dict, int]:
        db.session.execute(text("SELECT 1")).scalar_one()
        return {"status": "ok"}, 200


@dataclass(frozen=True)
class Submitted:
    """What `submit` did: true when the change was made; `result` is what the service returned."""
    done: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.done


def submit(form: FlaskForm, work: Callable[[], Any], *, success: str | Callable[[Any], str] | None = None,
           field: Field | None = None) -> Submitted:
    """The form idiom in one place: validate -> one service call -> commit -> flash.
    A broken rule rolls back and is shown on `field` (the form's first field by default), so the page re-renders
    with everything the user typed and the message beside the field it concerns."""
    if not form.validate_on_submit():
        return Submitted(False)
    try:
        result = work()
        db.session.commit()
    except RuleBroken as exc:
        db.session.rollback()
        named = form._fields.get(exc.field) if exc.field else None
        target = named or field or next(f for f in form if f.name != "csrf_token")
        target.errors = [*target.errors, str(exc)]
        return Submitted(False)
    if success:
        flash(success(result) if callable(success) else success, "success")
    return Submitted(True, result)


def perform(form: FlaskForm, work: Callable[[], str | None], back: str,
            invalid: str = "Check the form and try again.") -> Response:
    """A button or small form that changes something, then back to `back`: validate -> one service -> commit ->
    flash the message `work` returns. A broken rule (or an invalid form) is flashed and nothing changes."""
    try:
        if not form.validate_on_submit():
            raise RuleBroken(" ".join(e for errors in form.errors.values() for e in errors) or invalid)
        message = work()
        db.session.commit()
        if message:
            flash(message, "success")
    except RuleBroken as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(back, 303)
