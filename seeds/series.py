"""The demo series' second meeting: a progress review six months on, made from the summit (rooms, tracks and
organisations with their seats come along); it inherits the summit's open commitments for its review list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from summit.events.models import Event
from summit.events.services import get_event
from summit.series.services import create_event_from

from .loader import SEED_ACTOR, demo_event_times

REVIEW = {"slug": "london-progress-review", "name": "Six-month progress review (demo)", "venue": "2 Marsham Street",
          "city": "London, UK", "timezone": "Europe/London", "starts_in_days": 210, "start_time": "10:00", "days": 1,
          "end_time": "16:00", "rsvp_deadline_in_days": 195, "rsvp_deadline_time": "17:00"}


def seed_series(session: Session, event: Event, config: Mapping[str, Any], today: date) -> str:
    if get_event(session, REVIEW["slug"]) is not None:
        return "0 follow-up meetings"
    fields = {key: REVIEW[key] for key in ("slug", "name", "venue", "city", "timezone")}
    create_event_from(session, SEED_ACTOR, event, series_name=event.series.name, co_hosts=event.co_hosts,
                      contact_email=event.contact_email, description="Where the summit's partners report back on "
                      "what they committed to, commitment by commitment.", **fields,
                      **demo_event_times(REVIEW, today))
    return "1 follow-up meeting"
