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
    assert "Overdue commitments" in html or "Progress updates waiting for review" in html


def test_secretariat_and_delegate_homes_show_their_own_next_steps(app, dbs):
    with app.app_context():
        load_demo(dbs, app.config)
    secretariat = app.test_client()
    secretariat.sign_in("secretariat@homeoffice.example", "summit-demo")
    html = secretariat.get("/").get_data(as_text=True)
    assert "What needs doing" in html and "Emails that failed" not in html and "RSVPs by state" not in html
    delegate = app.test_client()
    delegate.sign_in("delegate@microsoft.example", "summit-demo")
    html = delegate.get("/").get_data(as_text=True)
    assert "Your next steps" in html and "What needs doing" not in html
    assert "/my-agenda\"" in html or "Choose your sessions" in html
    assert "Your organisation&#39;s commitments" in html


