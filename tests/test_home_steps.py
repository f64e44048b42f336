"""Home pages say what needs doing next, each a link: the organiser's (RSVPs by state, quota problems, failed mail,
conflicts, updates to review, overdue commitments), the secretariat's and a delegate's (issue 12)."""

from __future__ import annotations

from seeds.loader import load_demo
from summit.mail.models import MailStatus, OutboxMessage


def test_the_organisers_home_lists_what_needs_doing(app, dbs, organiser_client):
    with app.app_context():
        load_demo(dbs, app.config)
    dbs.add(OutboxMessage(message_id="<f@x>", kind="invitation", to_name="A", to_address="a@example.org",
                          subject="s", text_body="t", html_body="h", status=MailStatus.FAILED))
    dbs.commit()
    client = app.test_client()
    client.sign_in("organiser@homeoffice.example", "summit-demo")
    html = client.get("/").get_data(as_text=True)
    assert "What needs doing" in html and "RSVPs by state" in html
    assert 'href="/admin/outbox?status=failed"><strong>1</strong> · Emails that failed' in html
    assert "Conflicts in the programme" in html and "/programme/conflicts" in html
    assert 'href="/events/redmond-summit/invitations?status=accepted"' in html
    assert "people waiting for a seat" in html  # the demo has a waiting list
    assert 'href="/events/redmond-summit/commitments#overdue-heading"><strong>1</strong> · Overdue commitments' in html


def test_secretariat_and_delegate_homes_show_their_own_next_steps(app, dbs):
    with app.app_context():
        load_demo(dbs, app.config)
    secretariat = app.test_client()
    secretariat.sign_in("secretariat@homeoffice.example", "summit-demo")
    html = secretariat.get("/").get_data(as_text=True)
    assert "What needs doing" in html and "Emails that failed" not in html and "RSVPs by state" not in html
    assert 'href="/events/redmond-summit/commitments#overdue-heading"><strong>1</strong> · Overdue commitments' in html
    delegate = app.test_client()
    delegate.sign_in("delegate@microsoft.example", "summit-demo")
    html = delegate.get("/").get_data(as_text=True)
    assert "Your next steps" in html and "What needs doing" not in html
    assert "/my-agenda\"" in html or "Choose your sessions" in html
    assert "Your organisation&#39;s commitments" in html




def test_the_quota_problem_counts_the_seats_at_this_event_not_the_organisations_default(
        app, dbs, make_event, make_organisation, organiser_client):
    """Five seats by default, two taken, one at this event: the organiser's home names the problem at this event."""
    from sqlalchemy import update

    from summit.audit import SYSTEM
    from summit.events.models import EventOrganisation
    from summit.invitations.models import Answer
    from summit.invitations.rsvp import Reply, respond
    from summit.invitations.services import invite

    event = make_event()
    company = make_organisation("Snap", quota=5)
    with app.test_request_context():
        for name in ("Ada", "Bo"):
            invitation = invite(dbs, SYSTEM, event, name=name, email=f"{name.lower()}@snap.example",
                                organisation_name=company.name, job_title="Engineer")
            respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT))
        dbs.commit()
    page = lambda: organiser_client.get(f"/events/{event.slug}").get_data(as_text=True)  # noqa: E731
    assert "Snap holds" not in page()
    dbs.execute(update(EventOrganisation).where(EventOrganisation.event_id == event.id,
                                                EventOrganisation.organisation_id == company.id)
                .values(delegate_quota=1))  # as if the seats were cut after both accepted
    dbs.commit()
    assert "Snap holds 2 seats for a quota of 1" in page()
