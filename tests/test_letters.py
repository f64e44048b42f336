"""Invitation letters: an accepted delegate's own, organisers' one or all, the name as on ID in any script, the
dates in the event's timezone, and a reference number the organisers can verify."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from summit.audit import SYSTEM
from summit.invitations.models import Answer
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.questions.letter_pdf import LetterData, render_letters
from summit.questions.models import Letter, QuestionKind
from summit.questions.services import QuestionFields, add_question
from tests.test_invitations import follow

REFERENCE = re.compile(r"SUM-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def text_of(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def event(make_event):
    return make_event(name="Industry Summit on Detecting Online Child Grooming")


@pytest.fixture
def accepted(app, dbs, event, make_organisation):
    """Accepted invitations, each with the name as on ID when given."""
    name_question = add_question(dbs, SYSTEM, event, QuestionFields(
        kind=QuestionKind.SHORT_TEXT, label="Full name as on your photo ID", name_on_id=True))
    organisation = make_organisation("Snap Inc.", quota=10)
    counter = iter(range(1, 1000))

    def make(name: str = "Registered Name", on_id: str | None = None, answer: Answer = Answer.ACCEPT):
        n = next(counter)
        with app.test_request_context():
            invitation = invite(dbs, SYSTEM, event, name=name, email=f"guest{n}@example.org",
                                organisation_name=organisation.name, job_title="Trust and Safety Lead")
            respond(dbs, SYSTEM, invitation, Reply(answer, answers={name_question.id: on_id} if on_id else {}))
            dbs.commit()
        return invitation

    return make


def test_names_in_latin_cyrillic_and_arabic_come_back_out_of_the_letter():
    names = ["Zoë Ångström-Łukasiewicz", "Дмитрий Иванович Соколов"]
    letters = [LetterData(reference="SUM-ABCD-EFGH-JKMN", issued_on="1 October 2026", letterhead="Home Office",
                          name=name, organisation="Org", job_title="", event_name="Summit", venue="Building 33",
                          dates="17 to 18 November 2026", purpose="To talk.", signer_name="A. Signer",
                          signer_title="Director", contact="") for name in [*names, "محمد علي"]]
    data = render_letters(letters)
    text = text_of(data)
    assert pages_of(data) == 3
    for name in names:
        assert name in text
    arabic = text.split("SUM-ABCD-EFGH-JKMN")[3]  # the third letter: shaped Arabic comes back as its letters
    assert sum("\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff" for ch in arabic) >= 6, arabic


def test_an_accepted_delegate_downloads_their_letter_naming_them_as_on_their_id(client, dbs, event, accepted):
    invitation = accepted(name="Mo Ali", on_id="Mohammed Ali Hassan")
    follow(client, dbs, invitation)
    assert "Download your invitation letter" in client.get("/rsvp").get_data(as_text=True)
    response = client.get("/rsvp/letter.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    text = text_of(response.data)
    assert "Mohammed Ali Hassan" in text and "Mo Ali" not in text
    assert "Snap Inc." in text and "Industry Summit on Detecting Online Child Grooming" in text
    start = event.local(event.starts_at)
    assert f"{start:%A %-d %B %Y, %H:%M}" in text and "America/Los_Angeles" in text  # the event's own clock
    reference = REFERENCE.search(text).group(0)
    assert dbs.scalar(select(Letter.reference).where(Letter.invitation_id == invitation.id)) == reference
    assert REFERENCE.search(text_of(client.get("/rsvp/letter.pdf").data)).group(0) == reference  # kept


def test_a_delegate_without_a_confirmed_place_gets_no_letter(client, dbs, accepted):
    follow(client, dbs, accepted(answer=Answer.TENTATIVE))
    assert "Download your invitation letter" not in client.get("/rsvp").get_data(as_text=True)
    assert client.get("/rsvp/letter.pdf").status_code == 404


def test_organisers_download_one_letter_or_all_and_a_delegate_only_their_own(app, dbs, event, accepted,
                                                                              organiser_client, make_user):
    names = ["Zoë Ångström", "Дмитрий Соколов", "Ana Lima"]
    invitations = [accepted(name=name) for name in names]
    accepted(name="Maybe Later", answer=Answer.TENTATIVE)
    everything = organiser_client.get(f"/events/{event.slug}/letters/all.pdf")
    assert everything.status_code == 200 and pages_of(everything.data) == 3
    text = text_of(everything.data)
    assert all(name in text for name in names) and "Maybe Later" not in text
    one = organiser_client.get(f"/events/{event.slug}/letters/{invitations[1].id}.pdf")
    assert "Дмитрий Соколов" in text_of(one.data) and "Zoë" not in text_of(one.data)

    delegate = app.test_client()
    follow(delegate, dbs, invitations[0])
    assert delegate.get(f"/events/{event.slug}/letters/{invitations[1].id}.pdf").status_code in (302, 403)
    own = text_of(delegate.get("/rsvp/letter.pdf").data)
    assert "Zoë Ångström" in own and "Дмитрий" not in own


def test_the_organisers_verify_a_reference(client, dbs, event, accepted, organiser_client):
    invitation = accepted(name="Nadia Rossi")
    follow(client, dbs, invitation)
    reference = REFERENCE.search(text_of(client.get("/rsvp/letter.pdf").data)).group(0)
    page = organiser_client.post_form(f"/events/{event.slug}/letters/verify",
                                      {"reference": reference.lower().replace("-", " ")}).get_data(as_text=True)
    assert re.search(r'role="status"><strong>Valid:</strong> SUM-[^<]*to Nadia Rossi,\s+Snap Inc\.', page)
    page = organiser_client.post_form(f"/events/{event.slug}/letters/verify",
                                      {"reference": "SUM-AAAA-BBBB-CCCC"}).get_data(as_text=True)
    status = page.split('role="status">', 1)[1].split("</p>", 1)[0]
    assert "Unknown:" in status and "Nadia Rossi" not in status


def test_the_letterhead_signer_and_purpose_come_from_the_settings(dbs, event, accepted, organiser_client):
    invitation = accepted(name="Ana Lima")
    url = f"/events/{event.slug}/letters"
    assert organiser_client.post_form(url + "/settings", {"letterhead": "", "signer_name": ""}).status_code == 422
    response = organiser_client.post_form(url + "/settings", {
        "letterhead": "UK Home Office and Microsoft\nOne Microsoft Way, Redmond, WA 98052",
        "purpose": "A two-day hackathon on detecting online grooming.",
        "signer_name": "Jane Doe", "signer_title": "Director, Online Safety"})
    assert response.status_code == 303
    text = text_of(organiser_client.get(f"{url}/{invitation.id}.pdf").data)
    for part in ("UK Home Office and Microsoft", "One Microsoft Way", "A two-day hackathon", "Jane Doe",
                 "Director, Online Safety", "Ana Lima"):
        assert part in text
