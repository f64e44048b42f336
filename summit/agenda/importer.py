"""Import sessions from CSV: every row checked first with the web page's session form; one bad row and nothing is
imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import Actor
from ..clock import to_utc
from ..csvio import read_csv
from ..events.models import Event
from ..imports import cells, choice_value, form_problems, row_form
from .forms import KINDS, VISIBILITIES, SessionForm, SessionOptions, fields_from
from .models import AgendaSession, Visibility
from .services import AgendaError, SessionFields, create_session

REQUIRED = ("title", "kind", "day", "start", "end")
OPTIONAL = ("room", "track", "seat_limit", "visibility", "speakers", "description", "chatham_house")
COLUMNS = {"starts_at": "day and start", "ends_at": "day and end", "room_id": "room", "track_id": "track",
           "speaker_ids": "speakers"}  # the form's fields named by the CSV columns they come from
WHEN = "a day like 2026-03-14 and a time like 09:30"
HINTS = {"starts_at": WHEN, "ends_at": WHEN}
DEFAULTS = {"visibility": Visibility.DELEGATES.value}  # for empty or absent optional cells
YES = ("yes", "y", "true", "1")


@dataclass
class SessionPlan:
    rows: list[SessionFields] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each row's line in the file

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _by_name(options: SessionOptions) -> dict[str, dict[str, Any]]:
    """What a cell may name, by lower-case name: this event's rooms and tracks, and people by email."""
    return {"room": {r.name.lower(): r for r in options.rooms}, "track": {t.name.lower(): t for t in options.tracks},
            "speaker": {p.email.lower(): p for p in options.people}}


def _named(known: dict[str, dict[str, Any]], what: str, name: str, problems: list[str]) -> Any:
    """The room, track or speaker a cell names (any case); a problem when there is none."""
    if name and name.lower() not in known[what]:
        problems.append(f"speaker {name} is not known to Summit" if what == "speaker"
                        else f"there is no {what} called {name}")
    return known[what].get(name.lower()) if name else None


def _local(day: str, time: str) -> str:
    """A day and a time cell as the form's event-time field reads them ('' when either is missing)."""
    return f"{day}T{time}" if day and time else ""


def _form_values(row: dict[str, str], known: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """The row as the session form's fields (as a browser would post them), and the names that match nothing."""
    problems: list[str] = []
    cell = cells(row, (*REQUIRED, *OPTIONAL), DEFAULTS)
    room = _named(known, "room", cell["room"], problems)
    track = _named(known, "track", cell["track"], problems)
    speakers = [_named(known, "speaker", email.strip(), problems) for email in cell["speakers"].split(";")]
    values: dict[str, Any] = {
        "title": cell["title"], "kind": choice_value(KINDS, cell["kind"]),
        "starts_at": _local(cell["day"], cell["start"]), "ends_at": _local(cell["day"], cell["end"]),
        "room_id": str(room.id) if room else "0", "track_id": str(track.id) if track else "0",
        "seat_limit": cell["seat_limit"], "description": cell["description"],
        "visibility": choice_value(VISIBILITIES, cell["visibility"]),
        "speaker_ids": [str(person.id) for person in speakers if person is not None],
    }
    if cell["chatham_house"].lower() in YES:
        values["chatham_house"] = "y"
    return values, problems


def _rule_problems(event: Event, form: SessionForm) -> list[str]:
    """The service's own rules, checked for the dry run on what the form read."""
    problems = []
    starts, ends = form.starts_at.data, form.ends_at.data
    if starts and ends and to_utc(ends, event.zone) <= to_utc(starts, event.zone):
        problems.append("the session ends before it starts")
    if form.visibility.data == Visibility.RESTRICTED.value:
        problems.append("restricted sessions need their organisations chosen in the app")
    return problems


def plan_sessions(session: Session, event: Event, data: bytes) -> SessionPlan:
    """Read and check the whole file; every problem is listed with its line number."""
    parsed = read_csv(data, REQUIRED, OPTIONAL)
    plan = SessionPlan(problems=list(parsed.problems))
    options = SessionOptions.load(session, event, people=True)
    known = _by_name(options)
    for line, row in parsed.rows:
        values, unknown = _form_values(row, known)
        form = options.fill(row_form(SessionForm, values))
        valid = form.validate()
        problems = form_problems(form, COLUMNS, HINTS) + unknown + _rule_problems(event, form)
        plan.problems += [f"Line {line}: {problem}." for problem in problems]
        if valid and not problems:
            plan.rows.append(fields_from(event, form))
            plan.lines.append(line)
    return plan


def run_session_import(session: Session, actor: Actor, event: Event, plan: SessionPlan) -> list[AgendaSession]:
    """Create the sessions of a checked plan as drafts, all in the caller's transaction."""
    if not plan.ok:
        raise AgendaError("The file has problems; nothing was imported.")
    created = []
    for line, fields in zip(plan.lines, plan.rows, strict=True):
        try:
            created.append(create_session(session, actor, event, fields))
        except AgendaError as exc:
            raise AgendaError(f"Line {line}: {exc}") from None
    return created


def count_sessions(session: Session, event: Event) -> int:
    return session.scalar(select(func.count(AgendaSession.id)).where(AgendaSession.event_id == event.id)) or 0
