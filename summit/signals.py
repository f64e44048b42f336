"""Named signals between features. A feature sends one inside the transaction of the change it reports;
receivers are connected in their feature's init_app (see create_app), so the wiring is visible in one place.
Every signal is sent with the SQLAlchemy session as the sender's `session` keyword and the audit `actor`."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: The event's dates, venue or timezone changed: kwargs session, actor, event, changed (list of field names).
event_rescheduled = _signals.signal("event-rescheduled")

#: An organisation's seat quota or details changed: kwargs session, actor, organisation.
organisation_changed = _signals.signal("organisation-changed")

#: An organisation's seat quota at one event changed: kwargs session, actor (the sender is the EventOrganisation).
event_quota_changed = _signals.signal("event-quota-changed")

#: A delegate left the event (declined, was revoked, or nominated a colleague): kwargs session, actor, invitation.
delegate_left = _signals.signal("delegate-left")

#: An outbox message failed for good: kwargs session, message.
mail_failed = _signals.signal("mail-failed")
