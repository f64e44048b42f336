"""The demo programme: rooms, tracks, two days of sessions, a few sign-ups, published as version 1."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from summit.agenda.models import AgendaSession, Room, SessionKind, SpeakerRole, Track, Visibility
from summit.agenda.services import (
    SessionFields,
    create_room,
    create_session,
    create_track,
    open_conflicts,
    publish_agenda,
)
from summit.agenda.signups import sign_up
from summit.events.models import Event
from summit.events.services import find_organisation, find_person

from .loader import SEED_ACTOR, local_moment, read


def seed_agenda(session: Session, event: Event, config: Mapping[str, Any], today: date) -> str:
    if session.scalar(select(AgendaSession.id).where(AgendaSession.event_id == event.id).limit(1)) is not None:
        return "0 sessions"
    data = read("agenda.json")
    rooms = {r["name"]: create_room(session, SEED_ACTOR, event, **r) for r in data["rooms"]}
    tracks = {t["name"]: create_track(session, SEED_ACTOR, event, **t) for t in data["tracks"]}
    session.flush()
    first_day = event.local(event.starts_at).date()
    items = {row["title"] + str(row["day"]): _session(session, event, row, rooms, tracks, first_day)
             for row in data["sessions"]}
    # The demo keeps a few conflicts on purpose (so the warnings have something to show): publish despite them.
    publish_agenda(session, SEED_ACTOR, event, despite_conflicts=len(open_conflicts(session, event)))
    session.flush()
    for row in data["signups"]:
        person = find_person(session, row["email"])
        for title in row["sessions"]:
            item = next(s for key, s in items.items() if key.startswith(title))
            sign_up(session, SEED_ACTOR, item, person, confirm_clash=True)
    return f"{len(items)} sessions"


def _session(session: Session, event: Event, row: dict[str, Any], rooms: dict[str, Room],
             tracks: dict[str, Track], first_day: date) -> AgendaSession:
    day = first_day + timedelta(days=row["day"] - 1)
    people = [(find_person(session, e).id, SpeakerRole.SPEAKER) for e in row.get("speakers", [])]
    people += [(find_person(session, e).id, SpeakerRole.MODERATOR) for e in row.get("moderators", [])]
    fields = SessionFields(
        title=row["title"], kind=SessionKind(row["kind"]), description=row.get("description", ""),
        starts_at=local_moment(event.zone, day, row["start"]), ends_at=local_moment(event.zone, day, row["end"]),
        room_id=rooms[row["room"]].id if row.get("room") else None,
        track_id=tracks[row["track"]].id if row.get("track") else None, seat_limit=row.get("seat_limit"),
        visibility=Visibility(row["visibility"]), chatham_house=row.get("chatham_house", False),
        organisation_ids=[find_organisation(session, n).id for n in row.get("organisations", [])], speakers=people)
    return create_session(session, SEED_ACTOR, event, fields)

