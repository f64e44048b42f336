"""Audit entries as sentences people read ("Alex Organiser revoked the invitation: state Sent → Revoked"). Pure:
plain values in, text out; ids are named through the `names` the caller looked up."""

from __future__ import annotations

from typing import Any

PHRASES = {
    "invitation.create": "invited them", "invitation.send": "sent the invitation",
    "invitation.resend": "sent a new link", "invitation.remind": "sent a reminder",
    "invitation.revoke": "revoked the invitation", "invitation.opened": "opened the invitation link",
    "invitation.respond": "answered the invitation", "invitation.substituted": "passed the place to a colleague",
    "invitation.quota_override": "gave a seat beyond the quota", "invitation.bounced": "found the email bounced",
    "invitation.promoted": "gave a seat from the waiting list", "invitation.needs_erased": "erased the needs",
    "invitation.export": "exported the invitations",
    "commitment.create": "recorded the commitment", "commitment.update": "changed the commitment",
    "commitment.update_posted": "posted a progress update", "commitment.update_accepted": "accepted an update",
    "commitment.update_returned": "returned an update", "commitment.verify": "verified the commitment",
    "commitment.milestone_add": "added a milestone", "commitment.milestone_done": "completed a milestone",
    "agenda.publish": "published the agenda", "session.create": "added the session",
    "session.update": "changed the session", "session.cancel": "cancelled the session",
}
FIELD_WORDS = {"status": "state", "holds_seat": "seat", "person_id": "person", "organisation_id": "organisation",
               "substitute_invitation": "colleague's invitation", "rag": "rating", "due_on": "due"}


def value_words(key: str, value: Any, names: dict[tuple[str, Any], str]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "" or value == []:
        return "none"
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value)
    if (key, value) in names:
        return names[(key, value)]
    if isinstance(value, str):
        return value.replace("_", " ").capitalize() if key in ("status", "rag", "state") else value
    return str(value)


def change_words(before: dict[str, Any] | None, after: dict[str, Any] | None,
                 names: dict[tuple[str, Any], str]) -> str:
    """'state Sent → Accepted; seat yes' for the keys that the entry records."""
    before, after = before or {}, after or {}
    parts = []
    known = list(FIELD_WORDS)  # a fixed order: PostgreSQL's JSONB does not keep the order keys were written in
    for key in sorted({*after, *before}, key=lambda k: (known.index(k) if k in known else len(known), k)):
        label = FIELD_WORDS.get(key, key.replace("_", " "))
        if key in after and key in before:
            parts.append(f"{label} {value_words(key, before[key], names)} → {value_words(key, after[key], names)}")
        elif key in after:
            parts.append(f"{label} {value_words(key, after[key], names)}")
        else:
            parts.append(f"{label} was {value_words(key, before[key], names)}")
    return "; ".join(parts)


def sentence(who: str, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None,
             names: dict[tuple[str, Any], str] | None = None) -> str:
    phrase = PHRASES.get(action) or action.split(".", 1)[-1].replace("_", " ")
    changes = change_words(before, after, names or {})
    return f"{who} {phrase}" + (f": {changes}" if changes else "") + "."


def ids_to_name(entries: list[tuple[dict[str, Any] | None, dict[str, Any] | None]]) -> dict[str, set[int]]:
    """The person and organisation ids the entries mention, by key, for the caller to look up."""
    wanted: dict[str, set[int]] = {"person_id": set(), "organisation_id": set()}
    for before, after in entries:
        for values in (before or {}, after or {}):
            for key in wanted:
                if isinstance(values.get(key), int):
                    wanted[key].add(values[key])
    return wanted
