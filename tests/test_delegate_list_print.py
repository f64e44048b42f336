"""The printable delegate list: consented names only, and how many confirmed delegates are not listed (issue 12)."""

from __future__ import annotations

from summit.invitations.models import Invitation, InvitationStatus


def test_printable_list_has_consented_names_and_says_how_many_are_not_listed(app, dbs, make_event, make_person,
                                                                            make_organisation, organiser_client):
    event = make_event()
    org = make_organisation("Acme", quota=10)
    for name, consent in (("Listed Lena", True), ("Private Pat", False), ("Private Quinn", False)):
        person = make_person(name=name, organisation=org)
        dbs.add(Invitation(event_id=event.id, person_id=person.id, organisation_id=org.id,
                           status=InvitationStatus.ACCEPTED, holds_seat=True, listed_consent=consent))
    dbs.commit()
    html = organiser_client.get(f"/events/{event.slug}/delegates").get_data(as_text=True)
    assert "Listed Lena" in html and "Private Pat" not in html and "Private Quinn" not in html
    assert "1 delegate listed; 2 more confirmed delegates did not agree to be listed" in html
    assert "Print this list" in html
