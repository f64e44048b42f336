"""Session cards for the agenda's list and grid. A card is read as columns, not as an object (see
queries.visible_cards), and its HTML is built once per version of what it shows and kept in the one cache. A cached
card is the same for everyone who may see the session: the viewer's own badge (a seat, the waiting list) is put into
it per request, and nothing of the page around it (name, navigation, CSRF token) is ever in it."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from flask import get_template_attribute, request
from markupsafe import Markup

from ..cache import keep_many, peek_many
from ..events.models import Event
from .models import AgendaSession, SessionKind, SessionStatus, SignUp, SpeakerRole, Visibility

TEMPLATE = "agenda/_session_card.html"
CHOICE = Markup("<!--choice-->")  # where the viewer's badge goes: escaped text can never contain it


class Card(NamedTuple):
    """Everything a session's card shows, and so its cache key: a change to anything on the card (a seat taken, a
    speaker's or a room's new name) is a new key, whichever way it was made. A tuple: a thousand are made, hashed and
    compared on every agenda page."""

    id: int
    title: str
    kind: SessionKind
    status: SessionStatus
    visibility: Visibility
    starts_at: datetime
    ends_at: datetime
    room_id: int | None
    room: str | None
    track_id: int | None
    track: str | None
    seat_limit: int | None
    seats_taken: int
    chatham_house: bool
    speakers: tuple[tuple[str, bool], ...] = ()  # (name, moderator), moderators first

    @property
    def cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED

    @property
    def seats_left(self) -> int | None:
        return None if self.seat_limit is None else max(self.seat_limit - self.seats_taken, 0)

    @classmethod
    def of(cls, item: AgendaSession) -> Card:
        return cls(item.id, item.title, item.kind, item.status, item.visibility, item.starts_at, item.ends_at,
                   item.room_id, item.room.name if item.room else None, item.track_id,
                   item.track.name if item.track else None, item.seat_limit, item.seats_taken, item.chatham_house,
                   tuple((s.person.name, s.role is SpeakerRole.MODERATOR) for s in item.speakers))


def cards_html(event: Event, cards: list[Card], choices: dict[int, SignUp]) -> dict[int, Markup]:
    """Each card's HTML by session id: from the cache, or built and kept; then this viewer's badge put in."""
    context = (event.slug, event.timezone, request.script_root)  # the session links and the clock
    keys = [("agenda-card", card, *context) for card in cards]
    card_macro = badge = None
    html, built = {}, []
    for card, key, found in zip(cards, keys, peek_many(keys), strict=True):
        if found is None:
            card_macro = card_macro or get_template_attribute(TEMPLATE, "session_card")
            found = str(card_macro(event, card, CHOICE)).encode()
            built.append((key, found, ("agenda-card", card.id, *context)))
        head, _, tail = found.decode().partition(CHOICE)
        choice = choices.get(card.id)
        if choice is not None:
            badge = badge or get_template_attribute(TEMPLATE, "choice_badge")
            head += str(badge(choice))
        html[card.id] = Markup(head + tail)  # noqa: S704 - both halves made by the card template
    keep_many(built)  # under one lock, as a feed keeps its parts
    return html
