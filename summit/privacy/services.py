"""Privacy rules: how long each kind of personal data is kept (settings; defaults in summit/config.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RETENTION_SETTINGS = ("RETENTION_MAIL_BODY_DAYS", "RETENTION_NEEDS_DAYS", "RETENTION_DECLINED_DAYS",
                      "RETENTION_SIGN_IN_DAYS")


def retention_periods(config: Mapping[str, Any]) -> dict[str, int]:
    """The retention periods in days, by setting name without the RETENTION_ prefix, lower case."""
    return {name.removeprefix("RETENTION_").lower(): int(config[name]) for name in RETENTION_SETTINGS}
