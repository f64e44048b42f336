"""Fixtures for check-in tests (a pytest plugin, see conftest): invitations answered through the services."""

from __future__ import annotations

import pytest

from summit.audit import SYSTEM
from summit.invitations.models import Answer
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite


@pytest.fixture
def make_invitee(app, dbs, make_organisation):
    """An invitation answered through the services (accepting issues the check-in code, as the RSVP page does)."""
    counter = iter(range(1, 100_000))

    def make(event, name: str | None = None, organisation=None, answer: Answer | None = Answer.ACCEPT):
        n = next(counter)
        organisation = organisation or make_organisation(quota=50)
        with app.test_request_context():
            invitation = invite(dbs, SYSTEM, event, name=name or f"Guest {n}", email=f"guest{n}@example.org",
                                organisation_name=organisation.name)
            if answer is not None:
                respond(dbs, SYSTEM, invitation, Reply(answer))
            dbs.commit()
        return invitation

    return make


@pytest.fixture
def reception(make_user):
    return make_user("reception")


@pytest.fixture
def reception_client(app, reception):
    client = app.test_client()
    assert client.sign_in(reception.person.email).status_code == 303
    return client
