"""Notes under the Chatham House Rule: kept fast by the secretariat, never attributed by accident, read only by
those they are meant for, and an action becomes a commitment in one step."""

from __future__ import annotations

from sqlalchemy import select

from summit.agenda.models import SpeakerRole
from summit.agenda.signups import sign_up
from summit.audit import SYSTEM, AuditEntry
from summit.commitments.models import Commitment
from summit.notes.models import NoteKind, SessionNote
from summit.notes.rules import names_mentioned


def test_names_are_matched_as_whole_words_ignoring_case():
    names = ["Snap", "Priya Natarajan", "Internet Watch Foundation", "X"]
    assert names_mentioned("snap said the queue is long", names) == ["Snap"]
    assert names_mentioned("A snapshot of the queue", names) == []
    assert names_mentioned("PRIYA NATARAJAN and the internet watch foundation agreed", names) == [
        "Internet Watch Foundation", "Priya Natarajan"]
    assert names_mentioned("x marks the spot", names) == []  # one-letter names would match everything


def notes_url(agenda_event, item) -> str:
    return f"/events/{agenda_event.slug}/sessions/{item.id}/notes"


def test_a_note_that_names_someone_present_asks_for_a_conscious_choice(app, dbs, agenda_event, make_session,
                                                                       make_delegate, make_person,
                                                                       secretariat_client, make_organisation):
    speaker = make_person("Priya Natarajan", organisation=make_organisation("Microsoft"))
    item = make_session("Moderator thresholds", speakers=[(speaker.id, SpeakerRole.SPEAKER)])
    attendee = make_delegate(organisation=make_organisation("Roblox", quota=5))
    sign_up(dbs, SYSTEM, item, attendee.person)
    dbs.commit()
    url = notes_url(agenda_event, item)
    typed = {"text": "Roblox said a 0.8 threshold keeps reviewers sane.", "kind": "discussion",
             "visibility": "secretariat"}
    warned = secretariat_client.post_form(url, typed)
    body = warned.get_data(as_text=True)
    assert warned.status_code == 422 and "This note names Roblox" in body
    assert "Keep the names: I mean to attribute this" in body and "0.8 threshold keeps reviewers sane" in body
    assert dbs.scalar(select(SessionNote)) is None
    assert secretariat_client.post_form(url, {**typed, "text": "priya natarajan showed the queue"}).status_code == 422
    kept = secretariat_client.post_form(url, {**typed, "names_confirmed": "y"})
    assert kept.status_code == 303
    assert secretariat_client.post_form(url, {**typed, "text": "A 0.8 threshold keeps reviewers sane."}
                                        ).status_code == 303
    notes = dbs.scalars(select(SessionNote).order_by(SessionNote.id)).all()
    assert [n.text[:10] for n in notes] == ["Roblox sai", "A 0.8 thre"]
    entries = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "note.add")).all()
    assert [e.after["names_confirmed"] for e in entries] == [True, False]
    assert all("Roblox" not in str(e.after) for e in entries)  # the log holds ids, never the note's words
    page = secretariat_client.get(url).get_data(as_text=True)
    assert page.index("A 0.8 threshold") < page.index("Roblox said")  # newest first


def test_each_reader_sees_only_the_notes_meant_for_them(app, dbs, agenda_event, make_session, make_delegate,
                                                        secretariat_client, client):
    from summit.agenda.models import Visibility

    item = make_session("Scoring conversation risk", visibility=Visibility.PUBLIC)
    inside, elsewhere = make_delegate(), make_delegate()
    sign_up(dbs, SYSTEM, item, inside.person)
    dbs.commit()
    url = notes_url(agenda_event, item)
    for text, visibility in (("Only the secretariat", "secretariat"), ("For the room", "participants"),
                             ("For the world", "public")):
        assert secretariat_client.post_form(url, {"text": text, "kind": "decision",
                                                  "visibility": visibility}).status_code == 303
    readers = {"signed out": client, "in the room": app.test_client(), "elsewhere": app.test_client()}
    readers["in the room"].sign_in(inside.person.email)
    readers["elsewhere"].sign_in(elsewhere.person.email)
    from summit.agenda.services import set_public_agenda

    set_public_agenda(dbs, SYSTEM, dbs.merge(agenda_event), True)
    dbs.commit()
    seen = {}
    for name, reader in readers.items():
        body = reader.get(url).get_data(as_text=True)
        seen[name] = [text for text in ("Only the secretariat", "For the room", "For the world") if text in body]
        assert "Add a note" not in body
    assert seen == {"signed out": ["For the world"], "in the room": ["For the room", "For the world"],
                    "elsewhere": ["For the world"]}
    assert readers["in the room"].post_form(url, {"text": "x", "kind": "discussion",
                                                  "visibility": "public"}).status_code == 403


def test_an_action_becomes_a_commitment_in_one_step_not_yet_public(app, dbs, agenda_event, make_session,
                                                                  secretariat_client, make_organisation, client):
    owner = make_organisation("Thorn")
    item = make_session("Report-out")
    url = notes_url(agenda_event, item)
    secretariat_client.post_form(url, {"text": "Run onboarding for adopters", "kind": "action",
                                       "visibility": "secretariat"})
    note = dbs.scalar(select(SessionNote))
    assert note.kind is NoteKind.ACTION
    page = secretariat_client.get(url).get_data(as_text=True)
    assert "Make it a commitment" in page and f'id="note{note.id}-lead_organisation_id"' in page
    prefix = f"note{note.id}-"
    missing = secretariat_client.post_form(f"{url}/{note.id}/commitment", {
        f"{prefix}title": "Run onboarding for adopters", f"{prefix}expectation": "offer_tools_free",
        f"{prefix}lead_organisation_id": ""})
    assert missing.status_code == 422 and "Choose the organisation that owns it." in missing.get_data(as_text=True)
    assert dbs.scalar(select(Commitment)) is None
    made = secretariat_client.post_form(f"{url}/{note.id}/commitment", {
        f"{prefix}title": "Run onboarding for adopters", f"{prefix}expectation": "offer_tools_free",
        f"{prefix}lead_organisation_id": str(owner.id)})
    assert made.status_code == 303
    dbs.expire_all()
    commitment = dbs.scalar(select(Commitment))
    assert (commitment.ready, commitment.session_id, commitment.lead_organisation_id) == (False, item.id, owner.id)
    assert dbs.get(SessionNote, note.id).commitment_id == commitment.id
    assert "Run onboarding" not in client.get(f"/events/{agenda_event.slug}/report").get_data(as_text=True)
    twice = secretariat_client.post_form(f"{url}/{note.id}/commitment", {
        f"{prefix}title": "Again", f"{prefix}expectation": "other", f"{prefix}lead_organisation_id": str(owner.id)})
    assert twice.status_code == 422 and "already a commitment" in twice.get_data(as_text=True)
    assert len(dbs.scalars(select(Commitment)).all()) == 1
