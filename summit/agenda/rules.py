"""Pure decisions about the programme: what conflicts, what changed between versions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .models import AgendaSession, SessionStatus


@dataclass(frozen=True)
class Warning:
    session_id: int
    kind: str
    message: str


def conflicts(sessions: list[AgendaSession], event_start: datetime, event_end: datetime,
              declined_person_ids: set[int]) -> list[Warning]:
    """Room double-bookings, people in two places, sessions outside the event, seats over capacity,
    speakers who declined. Cancelled sessions conflict with nothing."""
    live = sorted((s for s in sessions if s.status is not SessionStatus.CANCELLED), key=lambda s: s.starts_at)
    warnings: list[Warning] = []
    by_room: dict[int, list[AgendaSession]] = defaultdict(list)
    by_person: dict[int, list[tuple[AgendaSession, str]]] = defaultdict(list)
    for s in live:
        if s.room_id is not None:
            by_room[s.room_id].append(s)
        for speaker in s.speakers:
            by_person[speaker.person_id].append((s, speaker.person.name))
        if s.starts_at < event_start or s.ends_at > event_end:
            warnings.append(Warning(s.id, "outside", f"“{s.title}” is outside the event's dates."))
        if s.seat_limit is not None and s.room is not None and s.seat_limit > s.room.capacity:
            warnings.append(Warning(s.id, "capacity", f"“{s.title}” allows {s.seat_limit} seats but "
                                                      f"{s.room.name} holds {s.room.capacity}."))
        for speaker in s.speakers:
            if speaker.person_id in declined_person_ids:
                warnings.append(Warning(s.id, "declined", f"{speaker.person.name} ({speaker.role.value} of "
                                                          f"“{s.title}”) has declined their invitation."))
    for items in by_room.values():
        for a, b in _overlapping_pairs(items):
            text = f"“{a.title}” and “{b.title}” are both in {a.room.name} at the same time."
            warnings += [Warning(a.id, "room", text), Warning(b.id, "room", text)]
    for entries in by_person.values():
        sessions_of_person = [s for s, _ in entries]
        name = entries[0][1]
        for a, b in _overlapping_pairs(sessions_of_person):
            text = f"{name} is in “{a.title}” and “{b.title}” at the same time."
            warnings += [Warning(a.id, "person", text), Warning(b.id, "person", text)]
    return warnings


def _overlapping_pairs(items: list[AgendaSession]) -> list[tuple[AgendaSession, AgendaSession]]:
    """Pairs that overlap, from a list sorted by start (a sweep: quadratic only where things really overlap)."""
    pairs = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if b.starts_at >= a.ends_at:
                break
            pairs.append((a, b))
    return pairs


def instant(iso: str) -> datetime:
    """A snapshot's time as an instant: the same moment may have been written with any offset."""
    return datetime.fromisoformat(iso).astimezone(UTC)


def changes_between(previous: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """What changed from one published snapshot to the next, session by session."""
    changes = []
    for session_id, now in current.items():
        before = previous.get(session_id)
        kinds = []
        if before is None:
            kinds.append("new")
        else:
            if now["status"] == "cancelled" and before["status"] != "cancelled":
                kinds.append("cancelled")
            starts, ends = instant(now["starts_at"]), instant(now["ends_at"])
            if starts != instant(before["starts_at"]) or ends != instant(before["ends_at"]):
                same_day = abs(starts - instant(before["starts_at"])) < timedelta(hours=12)
                kinds.append("retimed" if same_day else "moved")
            if now["room"] != before["room"]:
                kinds.append("re-roomed")
            if now["title"] != before["title"]:
                kinds.append("renamed")
        if kinds:
            changes.append({"session_id": int(session_id), "title": now["title"], "kinds": kinds,
                            "before": before, "after": now})
    return changes
