"""Speaker and moderator pickers that hold 2,000 people: emails are typed (or found with a search step), never a
multi-select of everyone; works without JavaScript (issue 12)."""

from __future__ import annotations

from sqlalchemy import select

from summit.agenda.models import AgendaSession, SpeakerRole
from summit.events.models import Person


def session_form(room, **extra):
    return {"title": "Keynote", "kind": "keynote", "starts_at": "2030-03-09T10:00", "ends_at": "2030-03-09T11:00",
            "room_id": room.id, "track_id": 0, "visibility": "delegates", **extra}


def test_the_form_does_not_list_everyone_and_takes_typed_emails(organiser_client, dbs, agenda_event, room,
                                                                 make_person):
    ada = make_person(name="Ada Speaker", email="ada@example.org")
    bob = make_person(name="Bob Moderator", email="bob@example.org")
    make_person(name="Someone Else", email="someone@example.org")
    page = organiser_client.get(f"/events/{agenda_event.slug}/programme/sessions/new").get_data(as_text=True)
    assert "someone@example.org" not in page and "Someone Else" not in page
    url = f"/events/{agenda_event.slug}/programme/sessions"
    response = organiser_client.post_form(url, session_form(room, speaker_ids="ADA@example.org; ",
                                                            moderator_ids="bob@example.org"))
    assert response.status_code == 303, response.get_data(as_text=True)
    item = dbs.scalar(select(AgendaSession))
    assert {(s.person_id, s.role) for s in item.speakers} == {(ada.id, SpeakerRole.SPEAKER),
                                                              (bob.id, SpeakerRole.MODERATOR)}
    edit = organiser_client.get(f"/events/{agenda_event.slug}/programme/sessions/{item.id}/edit").get_data(
        as_text=True)
    assert "ada@example.org" in edit and "someone@example.org" not in edit


def test_an_unknown_email_is_named_and_what_was_typed_is_kept(organiser_client, agenda_event, room):
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/sessions",
                                          session_form(room, speaker_ids="nobody@example.org"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "nobody@example.org is not known to Summit" in html and "nobody@example.org</textarea>" in html


def test_find_a_person_is_a_search_step(organiser_client, delegate_client, dbs, agenda_event, make_person):
    for i in range(30):
        make_person(name=f"Filler {i:02d}", email=f"filler{i:02d}@example.org")
    make_person(name="Ada Lovelace", email="ada.l@example.org")
    url = f"/events/{agenda_event.slug}/programme/people"
    html = organiser_client.get(url + "?q=lovelace").get_data(as_text=True)
    assert "ada.l@example.org" in html and "filler00@example.org" not in html
    assert "filler" not in organiser_client.get(url).get_data(as_text=True)  # nothing listed before a search
    capped = organiser_client.get(url + "?q=filler").get_data(as_text=True)
    assert capped.count("@example.org") == 20 and "first 20 of 30" in capped
    assert delegate_client.get(url + "?q=ada").status_code == 403
    assert dbs.scalar(select(Person).where(Person.email == "ada.l@example.org")) is not None
