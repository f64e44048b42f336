"""Reminders keep the invitation's link alive, skip the newly invited, and can go to a chosen few; an old link
that was replaced or passed on says so, but only to whoever holds it (issue 12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from summit.audit import SYSTEM
from summit.clock import utcnow
from summit.invitations.models import Invitation
from summit.invitations.services import awaiting_reminder, send_reminders
from summit.mail.models import OutboxMessage
from tests import test_invitations
from tests.test_invitations import LINK

# the invitation story's fixtures
event, company, make_invitation = test_invitations.event, test_invitations.company, test_invitations.make_invitation


def links_to(dbs, email: str, kind: str) -> list[str]:
    bodies = dbs.scalars(select(OutboxMessage.text_body).where(OutboxMessage.to_address == email,
                                                                OutboxMessage.kind == kind)
                         .order_by(OutboxMessage.id)).all()
    return ["/rsvp/" + LINK.search(body).group(1) for body in bodies]


def invited_days_ago(dbs, days: int, *invitations) -> None:
    dbs.execute(update(Invitation).where(Invitation.id.in_([i.id for i in invitations]))
                .values(sent_at=utcnow() - timedelta(days=days)))
    dbs.commit()


def test_a_reminder_does_not_kill_the_invitation_emails_link(app, dbs, make_invitation, organiser_client, event):
    invitation = make_invitation()
    invited_days_ago(dbs, 4, invitation)
    assert organiser_client.post_form(f"/events/{event.slug}/invitations/reminders").status_code == 303
    [first] = links_to(dbs, invitation.person.email, "invitation")
    [reminder] = links_to(dbs, invitation.person.email, "reminder")
    assert first != reminder
    for link in (first, reminder):
        visitor = app.test_client()
        assert visitor.get(link).status_code == 303, link
        assert invitation.event.name in visitor.get("/rsvp").get_data(as_text=True)
    # a new link on purpose ("resend") still ends every older one, the reminder's too
    organiser_client.post_form(f"/events/{event.slug}/invitations/{invitation.id}/resend")
    for link in (first, reminder):
        assert app.test_client().get(link).status_code == 404


def test_people_invited_in_the_last_days_are_not_reminded(app, dbs, make_invitation, event):
    fresh, older = make_invitation(), make_invitation()
    invited_days_ago(dbs, 1, fresh)
    invited_days_ago(dbs, 4, older)
    assert [i.id for i in awaiting_reminder(dbs, dbs.merge(event), utcnow())] == [older.id]
    app.config["INVITATION_REMINDER_SKIP_DAYS"] = 0
    with app.test_request_context():
        assert {i.id for i in awaiting_reminder(dbs, dbs.merge(event), utcnow())} == {fresh.id, older.id}


def test_reminders_can_go_to_a_chosen_few(app, dbs, make_invitation, organiser_client, event):
    chosen, other, third = make_invitation(), make_invitation(), make_invitation()
    invited_days_ago(dbs, 5, chosen, other, third)
    page = organiser_client.get(f"/events/{event.slug}/invitations/reminders").get_data(as_text=True)
    assert f'name="invitation" value="{chosen.id}"' in page
    organiser_client.post_form(f"/events/{event.slug}/invitations/reminders", {"invitation": [chosen.id]})
    reminded = dbs.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "reminder")).all()
    assert reminded == [chosen.person.email]
    with app.test_request_context():
        assert send_reminders(dbs, SYSTEM, dbs.merge(event), only={third.id}) == 1
        dbs.commit()


# ---- an old link says what became of it, to its holder only -----------------------------------------------

def test_a_link_passed_to_a_colleague_says_so_to_its_holder(app, dbs, make_invitation, client):
    holder = make_invitation(name="Ada Holder")
    [link] = links_to(dbs, holder.person.email, "invitation")
    assert client.get(link).status_code == 303
    client.post_form("/rsvp/nominate", {"colleague_name": "Kenji Watanabe", "colleague_email": "kenji@roblox.example",
                                        "colleague_job_title": "Safety lead"})
    response = app.test_client().get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "You passed your place to Kenji Watanabe" in page and "ask the organisers for a new link" in page

    unknown = app.test_client().get("/rsvp/" + "A" * 43)
    assert unknown.status_code == 404
    assert "Kenji" not in unknown.get_data(as_text=True) and "passed your place" not in unknown.get_data(as_text=True)


def test_a_replaced_link_says_a_newer_one_was_sent(app, dbs, make_invitation, organiser_client, event):
    invitation = make_invitation()
    [old] = links_to(dbs, invitation.person.email, "invitation")
    organiser_client.post_form(f"/events/{event.slug}/invitations/{invitation.id}/resend")
    page = app.test_client().get(old).get_data(as_text=True)
    assert "This link was replaced by a newer one" in page


@pytest.mark.parametrize("path", ["/rsvp/" + "B" * 43, "/rsvp/short"])
def test_unknown_links_get_the_plain_not_found_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "This link was replaced" not in response.get_data(as_text=True)


def test_remind_from_the_invitations_list_reaches_only_the_ticked_rows(app, dbs, make_invitation, organiser_client,
                                                                        event):
    ticked, other = make_invitation(), make_invitation()
    invited_days_ago(dbs, 5, ticked, other)
    done = organiser_client.post_form(f"/events/{event.slug}/invitations/bulk",
                                      {"action": "remind", "invitation": [ticked.id], "confirm": "yes"})
    assert done.status_code == 303
    reminded = dbs.scalars(select(OutboxMessage.to_address).where(OutboxMessage.kind == "reminder")).all()
    assert reminded == [ticked.person.email]
