"""Fixtures of the series tests: a first meeting, a later one in its series, a company, commitments."""

from __future__ import annotations

from datetime import timedelta

import pytest

from summit.audit import SYSTEM
from summit.commitments.models import CommitmentStatus, CommitmentVisibility, Expectation
from summit.commitments.services import CommitmentFields, create_commitment
from summit.series.services import create_event_from

S = CommitmentStatus


@pytest.fixture
def first(make_event):
    return make_event(slug="summit-2018", name="Redmond summit 2018", starts_in=timedelta(days=20))


@pytest.fixture
def company(make_organisation):
    return make_organisation("Roblox", quota=2)


@pytest.fixture
def later(app, dbs, first):
    """A second meeting of the first one's series, six months on (made by the service, copying nothing)."""
    with app.test_request_context():
        start = first.starts_at + timedelta(days=180)
        event = create_event_from(dbs, SYSTEM, None, series_name=first.series.name, slug="review-2019",
                                  name="Six-month review", venue="Home Office", city="London",
                                  timezone="Europe/London", starts_at=start, ends_at=start + timedelta(hours=8),
                                  rsvp_deadline=start - timedelta(days=7))
        dbs.commit()
    return event


@pytest.fixture
def make_commitment(app, dbs, first, company):
    def make(title, event=None, visibility=CommitmentVisibility.PUBLIC, status=S.AGREED, due_on=None, lead=None):
        fields = CommitmentFields(title=title, expectation=Expectation.OFFER_TOOLS_FREE,
                                  lead_organisation_id=(lead or company).id, visibility=visibility, status=status,
                                  due_on=due_on)
        with app.app_context():
            commitment = create_commitment(dbs, SYSTEM, event or first, fields)
            dbs.commit()
        return commitment

    return make


def client_for(app, make_user, role):
    client = app.test_client()
    assert client.sign_in(make_user(role).person.email).status_code == 303
    return client


def row_form(commitment, **fields):
    prefix = f"c{commitment.id}"
    data = {f"{prefix}-commitment_id": commitment.id, f"{prefix}-status": "agreed",
            f"{prefix}-outcome": "carried_forward", f"{prefix}-note": "", f"{prefix}-new_due_on": ""}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data
