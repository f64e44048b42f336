"""Publishing with open conflicts: they are shown beside the button, and publishing needs a ticked confirmation
that names how many there are (issue 12)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from summit.agenda.models import AgendaSession, AgendaVersion, SessionStatus
from summit.audit import SYSTEM


def test_open_conflicts_are_shown_and_publishing_needs_a_confirmation(dbs, agenda_event, make_session,
                                                                      organiser_client):
    make_session("Morning A", start_hour=10, publish=False)
    make_session("Morning B", start_hour=10, length_minutes=30, publish=False)  # same room, same time
    page = organiser_client.get(f"/events/{agenda_event.slug}/programme").get_data(as_text=True)
    assert "“Morning A” and “Morning B” are both in Cascade at the same time." in page
    assert "Publish despite 1 conflict" in page

    refused = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/publish", follow_redirects=True)
    assert "1 open conflict" in refused.get_data(as_text=True)
    assert dbs.scalar(select(AgendaVersion)) is None
    assert all(s.status is SessionStatus.DRAFT for s in dbs.scalars(select(AgendaSession)))

    done = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/publish", {"despite": "1"})
    assert done.status_code == 303
    assert dbs.scalar(select(AgendaVersion)).number == 1


def test_a_confirmation_for_fewer_conflicts_than_there_are_now_is_refused(app, dbs, agenda_event, make_session):
    from summit.agenda.services import AgendaError, publish_agenda

    make_session("Morning A", start_hour=10, publish=False)
    make_session("Morning B", start_hour=10, publish=False)
    make_session("Morning C", start_hour=10, publish=False)  # three rooms clashes now, the page said one
    with app.app_context(), pytest.raises(AgendaError, match="3 open conflicts"):
        publish_agenda(dbs, SYSTEM, agenda_event, despite_conflicts=1)
    with app.app_context():
        assert publish_agenda(dbs, SYSTEM, agenda_event, despite_conflicts=3).number == 1


def test_without_conflicts_nothing_needs_confirming(app, dbs, agenda_event, make_session, organiser_client):
    make_session("Alone", start_hour=10, publish=False)
    page = organiser_client.get(f"/events/{agenda_event.slug}/programme").get_data(as_text=True)
    assert "Publish despite" not in page
    assert organiser_client.post_form(f"/events/{agenda_event.slug}/programme/publish").status_code == 303
    assert dbs.scalar(select(AgendaVersion)).number == 1
