"""The Outbox at 2,000 emails: 50 a page, search by recipient or subject, sent time, each message's text to read
with personal-link tokens masked; in development, an index of written emails with their links (issue 12)."""

from __future__ import annotations

import re

from sqlalchemy import update

from summit.clock import utcnow
from summit.mail.models import MailStatus, OutboxMessage

TOKEN = "T" * 43


def write(app, dbs, n: int) -> list[OutboxMessage]:
    rows = [OutboxMessage(message_id=f"<m{i}@s.test>", kind="reminder", to_name=f"Reader {i:03d}",
                          to_address=f"reader{i:03d}@example.org", subject=f"Note {i:03d}",
                          text_body=f"Dear Reader,\nPlease answer here:\nhttps://s.test/rsvp/{TOKEN}\n",
                          html_body=f'<a href="https://s.test/rsvp/{TOKEN}">answer</a>') for i in range(n)]
    dbs.add_all(rows)
    dbs.commit()
    return rows


def test_fifty_a_page_searchable_with_sent_time(app, dbs, organiser_client, make_event):
    make_event()
    rows = write(app, dbs, 120)
    dbs.execute(update(OutboxMessage).where(OutboxMessage.id == rows[-1].id)
                .values(status=MailStatus.SENT, sent_at=utcnow()))
    dbs.commit()
    first = organiser_client.get("/admin/outbox").get_data(as_text=True)
    assert len(re.findall(r"reader\d{3}@example.org", first)) == 50 and "Page 1 of 3" in first
    sent = utcnow().strftime("%-d %b %H:%M UTC")  # the moment it went, in the Sent column of its row
    assert f'<td data-label="Sent">{sent}</td>' in first
    found = organiser_client.get("/admin/outbox?q=reader007").get_data(as_text=True)
    assert "reader007@example.org" in found and "reader008@example.org" not in found
    by_subject = organiser_client.get("/admin/outbox?q=Note 099").get_data(as_text=True)
    assert "reader099@example.org" in by_subject and "Page 1 of 1" in by_subject
    assert 'href="?q=reader&amp;page=2"' in organiser_client.get("/admin/outbox?q=reader").get_data(as_text=True)


def test_a_message_reads_with_its_tokens_masked(app, dbs, organiser_client, delegate_client, make_event):
    make_event()
    [row] = write(app, dbs, 1)
    page = organiser_client.get(f"/admin/outbox/{row.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "reader000@example.org" in html
    assert TOKEN not in html and "/rsvp/•••" in html
    assert delegate_client.get(f"/admin/outbox/{row.id}").status_code == 403


def test_development_mail_index_shows_written_links_in_development_only(app, dbs, organiser_client, make_event):
    make_event()
    [row] = write(app, dbs, 1)
    assert organiser_client.get("/admin/outbox/dev").status_code == 404  # testing is not development
    app.config["SUMMIT_ENV"] = "development"
    page = organiser_client.get("/admin/outbox/dev")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"https://s.test/rsvp/{TOKEN}" in html and "reader000@example.org" in html
