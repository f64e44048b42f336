"""A session as an ics.Happening, by one path whether the session is a loaded object (a single download, My agenda)
or plain columns (a feed's missing parts): what the sessions of one event share — its timezone, the host of their
UIDs, the start of their links, its venue — is worked out once per feed, not once per session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from ..agenda.models import AgendaSession, SessionStatus
from ..clock import to_local
from ..events.models import Event
from ..links import external_url, site_host
from . import ics

MARKER = 918273645  # a session id no slug or host is made of: where each session's id goes in its link


class Part(NamedTuple):
    """What one session's VEVENT depends on (every service that edits a session moves updated_at). A named tuple:
    a feed's thousand cache keys hash and compare in C."""

    id: int
    updated_at: datetime
    sequence: int
    status: SessionStatus
    starts_at: datetime
    ends_at: datetime
    room: str | None
    track: str | None
    tentative: bool = False

    @classmethod
    def of(cls, item: AgendaSession, tentative: bool = False) -> Part:
        return cls(item.id, item.updated_at, item.sequence, item.status, item.starts_at, item.ends_at,
                   item.room.name if item.room else None, item.track.name if item.track else None, tentative)


class Text(NamedTuple):
    """The rest of a session's VEVENT (its part's updated_at moves when any of it changes)."""

    title: str
    description: str
    chatham_house: bool

    @classmethod
    def of(cls, item: AgendaSession) -> Text:
        return cls(item.title, item.description, item.chatham_house)


TEXT_COLUMNS = (AgendaSession.id, AgendaSession.title, AgendaSession.description, AgendaSession.chatham_house)


def session_url_builder(event: Event) -> Callable[[int], str]:
    """`session_id -> the session page's absolute URL`: one external_url for the event, each id put in its place."""
    head, found, tail = external_url("agenda.session_page", slug=event.slug,
                                     session_id=MARKER).rpartition(str(MARKER))
    if not found:  # a URL map that writes ids differently: ask it each time
        return lambda session_id: external_url("agenda.session_page", slug=event.slug, session_id=session_id)
    return lambda session_id: f"{head}{session_id}{tail}"


def happenings(event: Event) -> Callable[[Part, Text], ics.Happening]:
    """`(part, text) -> ics.Happening` for the sessions of this event."""
    zone, host, url_of = event.zone, site_host(), session_url_builder(event)
    venue, city = event.venue, event.city

    def build(part: Part, text: Text) -> ics.Happening:
        url = url_of(part.id)
        description = text.description.strip()
        notes = [description] if description else []
        if text.chatham_house:
            notes.append("Held under the Chatham House Rule.")
        notes.append(f"Details: {url}")
        return ics.Happening(
            uid=f"session-{part.id}@{host}", title=text.title, starts=to_local(part.starts_at, zone),
            ends=to_local(part.ends_at, zone), stamp=part.updated_at, last_modified=part.updated_at,
            sequence=part.sequence, cancelled=part.status == SessionStatus.CANCELLED, tentative=part.tentative,
            location=", ".join(p for p in (part.room or "", venue, city) if p), description="\n\n".join(notes),
            url=url, categories=(part.track,) if part.track is not None else ())

    return build


def happening(item: AgendaSession, tentative: bool = False) -> ics.Happening:
    """One session's VEVENT values."""
    return happenings(item.event)(Part.of(item, tentative), Text.of(item))
