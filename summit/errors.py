"""The one base class for a broken rule: services raise it (through their feature's subclass) with a message that
tells a person what to do; views show it next to the field, and nothing is changed."""

from __future__ import annotations


class RuleBroken(ValueError):
    """A rule was broken; str(exc) says what to do, and `field` (when known) names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
