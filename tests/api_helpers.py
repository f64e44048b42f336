"""Fixtures for the API's tests: personal access tokens made through the service, and a client that sends them."""

from __future__ import annotations

import pytest

from summit.api.services import create_token
from summit.audit import SYSTEM


@pytest.fixture
def make_token(dbs):
    """A live token for `user` with these scopes; returns the secret."""
    def make(user, *scopes: str, days: int = 30, name: str = "Tracker") -> str:
        _row, secret = create_token(dbs, SYSTEM, user, name=name, scopes=list(scopes), expires_in_days=days)
        dbs.commit()
        return secret

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
