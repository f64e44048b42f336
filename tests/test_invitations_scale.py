"""The invitations screen at 500 invitees: 50 a page, sorting, search and filters kept, bulk actions on ticked rows
without JavaScript, "Invite one person" at the top (issue 12)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from summit.audit import SYSTEM
from summit.invitations.models import Invitation, InvitationStatus
from summit.invitations.services import invite
from summit.mail.models import OutboxMessage


def invite_many(app, dbs, event, organisations, count: int) -> list[Invitation]:
    made = []
    with app.test_request_context():
        for i in range(count):
            made.append(invite(dbs, SYSTEM, event, name=f"Person {i:03d}", email=f"p{i:03d}@example.org",
                               organisation_name=organisations[i % len(organisations)].name, send=i % 2 == 0))
        dbs.commit()
    return made


def names_on(html: str) -> list[str]:
    return re.findall(r">(Person \d{3})</a>", html)


def test_fifty_a_page_sorted_with_filters_kept(app, dbs, make_event, make_organisation, organiser_client):
    event = make_event()
    orgs = [make_organisation("Zeta Corp", quota=500), make_organisation("Alpha Ltd", quota=500)]
    invite_many(app, dbs, event, orgs, 120)
    url = f"/events/{event.slug}/invitations"
    first = organiser_client.get(url).get_data(as_text=True)
    assert names_on(first) == [f"Person {i:03d}" for i in range(50)]
    assert "Page 1 of 3" in first and "120 invitations" in first
    third = organiser_client.get(url + "?page=3").get_data(as_text=True)
    assert names_on(third) == [f"Person {i:03d}" for i in range(100, 120)]

    by_org = names_on(organiser_client.get(url + "?sort=organisation").get_data(as_text=True))
    assert by_org[:3] == ["Person 001", "Person 003", "Person 005"]  # Alpha Ltd first, by name within it
    by_name_desc = names_on(organiser_client.get(url + "?sort=-name").get_data(as_text=True))
    assert by_name_desc[0] == "Person 119"
    by_state = names_on(organiser_client.get(url + "?sort=state").get_data(as_text=True))
    assert by_state[0] == "Person 001"  # drafts before sent, in the order of the states

    # last change: the most recently changed first when reversed
    newest = dbs.scalar(select(Invitation).join(Invitation.person).where(Invitation.event_id == event.id)
                        .order_by(Invitation.id).offset(77))
    newest.updated_at = max(i.updated_at for i in dbs.scalars(select(Invitation))) + timedelta(minutes=5)
    dbs.commit()
    assert names_on(organiser_client.get(url + "?sort=-changed").get_data(as_text=True))[0] == "Person 077"
    assert "Person 077" not in names_on(organiser_client.get(url + "?sort=changed").get_data(as_text=True))

    filtered = organiser_client.get(url + "?status=draft&sort=-name&page=2").get_data(as_text=True)
    assert names_on(filtered) == [f"Person {i:03d}" for i in range(19, 0, -2)]
    # the pager keeps the filters and the sort
    assert 'href="?status=draft&amp;sort=-name&amp;page=1"' in filtered


def test_bulk_actions_on_ticked_rows(app, dbs, make_event, make_organisation, organiser_client):
    event = make_event()
    org = make_organisation("Acme", quota=500)
    a, b, c = invite_many(app, dbs, event, [org], 3)
    url = f"/events/{event.slug}/invitations/bulk"
    # revoking asks first, and nothing changes until confirmed
    ask = organiser_client.post_form(url, {"action": "revoke", "invitation": [a.id, c.id]})
    page = ask.get_data(as_text=True)
    assert ask.status_code == 200 and "Revoke 2 invitations?" in page and "Person 000" in page
    assert dbs.get(Invitation, a.id).status is InvitationStatus.SENT
    done = organiser_client.post_form(url, {"action": "revoke", "invitation": [a.id, c.id], "confirm": "yes"})
    assert done.status_code == 303
    dbs.expire_all()
    assert [dbs.get(Invitation, i.id).status for i in (a, b, c)] == [
        InvitationStatus.REVOKED, InvitationStatus.DRAFT, InvitationStatus.REVOKED]

    organiser_client.post_form(url, {"action": "resend", "invitation": [b.id], "confirm": "yes"})
    dbs.expire_all()
    assert dbs.get(Invitation, b.id).status is InvitationStatus.SENT
    sent_to = dbs.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "invitation")).all()
    assert sent_to.count(b.person.email) == 1

    export = organiser_client.post_form(url, {"action": "export", "invitation": [b.id]})
    body = export.get_data(as_text=True)
    assert export.mimetype == "text/csv" and "Person 001" in body and "Person 000" not in body

    nothing = organiser_client.post_form(url, {"action": "revoke"}, follow_redirects=True)
    assert "Tick at least one person" in nothing.get_data(as_text=True)


def test_invite_one_person_is_at_the_top(app, dbs, make_event, organiser_client):
    event = make_event()
    html = organiser_client.get(f"/events/{event.slug}/invitations").get_data(as_text=True)
    assert html.index("Invite one person") < html.index("By organisation")
