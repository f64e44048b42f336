"""The organisers' RSVP questions: added, ordered without JavaScript, answered with the RSVP, changed without losing
old answers, deleted after confirming, read only by those each question names, and purged after the event."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from summit.audit import SYSTEM, AuditEntry
from summit.errors import RuleBroken
from summit.invitations.models import Answer
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.privacy.erasure import anonymise_person
from summit.privacy.retention import purge
from summit.questions.models import Question, QuestionAnswer, QuestionKind, Readers
from summit.questions.services import QuestionFields, add_question, change_question
from tests.test_invitations import follow


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def make_invitation(app, dbs, event, make_organisation):
    """An invitation (with its email queued), by default from a company with seats to spare."""
    counter = iter(range(1, 1000))

    def make(organisation=None):
        n = next(counter)
        with app.test_request_context():
            invitation = invite(dbs, SYSTEM, event, name=f"Rep {n}", email=f"rep{n}@example.org",
                                organisation_name=(organisation or make_organisation(quota=5)).name)
            dbs.commit()
        return invitation

    return make


def add(dbs, event, label, kind=QuestionKind.SHORT_TEXT, **fields):
    question = add_question(dbs, SYSTEM, event, QuestionFields(kind=kind, label=label, **fields))
    dbs.commit()
    return question


def stored(dbs, invitation) -> dict[str, str]:
    dbs.expire_all()
    return {a.label: a.text for a in dbs.scalars(select(QuestionAnswer)
                                                 .where(QuestionAnswer.invitation_id == invitation.id))}


def test_an_organiser_adds_questions_and_orders_them_without_javascript(organiser_client, event, dbs):
    base = f"/events/{event.slug}/questions"
    for label, kind, options in (("Full name as on your photo ID", "short_text", ""),
                                 ("Hotel", "one_choice", "Marriott Redmond\nSeattle Westin"),
                                 ("Country of passport", "country", "")):
        response = organiser_client.post_form(base, {"label": label, "kind": kind, "options": options,
                                                     "readers": "organisers", "purge_days": "30"})
        assert response.status_code == 303, response.get_data(as_text=True)
    hotel = dbs.scalar(select(Question).where(Question.label == "Hotel"))
    assert hotel.options == ["Marriott Redmond", "Seattle Westin"]
    assert organiser_client.post_form(f"{base}/{hotel.id}/move/up").status_code == 303
    page = organiser_client.get(base).get_data(as_text=True)
    order = [m for m in re.findall(r"<h3>([^<]+)</h3>", page)]
    assert order == ["Hotel", "Full name as on your photo ID", "Country of passport"]
    assert "Move up<span class=\"visually-hidden\">: Hotel" not in page  # the first has no "up"


def test_a_choice_question_needs_options_and_the_form_says_so_by_field(organiser_client, event, dbs):
    response = organiser_client.post_form(f"/events/{event.slug}/questions", {
        "label": "Hotel", "kind": "one_choice", "options": "Only one", "readers": "organisers", "purge_days": "30"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="options-error"' in html and "at least two options" in html and 'value="Hotel"' in html


def test_the_rsvp_form_asks_the_questions_with_help_and_keeps_what_was_typed(client, dbs, event,
                                                                             make_invitation):
    name = add(dbs, event, "Full name as on your photo ID", required=True, name_on_id=True,
               help_text="Exactly as printed, for campus security.")
    hotel = add(dbs, event, "Hotel", QuestionKind.ONE_CHOICE, options=["Marriott Redmond", "Seattle Westin"])
    arrival = add(dbs, event, "Arrival date", QuestionKind.DATE)
    invitation = make_invitation()
    follow(client, dbs, invitation)
    html = client.get("/rsvp").get_data(as_text=True)
    assert f'<label for="{name.field_name}">Full name as on your photo ID (required if you attend)</label>' in html
    assert f'aria-describedby="{name.field_name}-hint"' in html and "Exactly as printed" in html
    assert 'type="date"' in html

    response = client.post_form("/rsvp", {"answer": "accept", hotel.field_name: "Seattle Westin",
                                          arrival.field_name: "2026-11-16"})
    assert response.status_code == 422  # the required question is unanswered
    html = response.get_data(as_text=True)
    assert f'id="{name.field_name}-error"' in html and "Answer this question to accept" in html
    assert re.search(r'<input checked [^>]*value="Seattle Westin"', html) and 'value="2026-11-16"' in html
    assert stored(dbs, invitation) == {}  # nothing of a refused answer is kept

    response = client.post_form("/rsvp", {"answer": "accept", name.field_name: "Zoë Ångström",
                                          hotel.field_name: "Seattle Westin", arrival.field_name: "2026-11-16"})
    assert response.status_code == 303
    assert stored(dbs, invitation) == {"Full name as on your photo ID": "Zoë Ångström", "Hotel": "Seattle Westin",
                                       "Arrival date": "2026-11-16"}
    assert 'value="Zoë Ångström"' in client.get("/rsvp").get_data(as_text=True)  # their own, to change it
    logged = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "invitation.questions_answered"))
    assert logged.after == {"question_ids": [name.id, hotel.id, arrival.id]}
    every_entry = [(e.action, e.before, e.after) for e in dbs.scalars(select(AuditEntry))]
    assert [e for e in every_entry if "Zoë" in str(e) or "2026-11-16" in str(e)] == []  # ids, never the answers


def test_a_decline_needs_no_required_answers(client, dbs, event, make_invitation):
    add(dbs, event, "Full name as on your photo ID", required=True)
    follow(client, dbs, make_invitation())
    assert client.post_form("/rsvp", {"answer": "decline"}).status_code == 303


def test_a_question_for_some_kinds_of_organisation_is_asked_only_of_them(client, app, dbs, event,
                                                                         make_invitation, make_organisation):
    add(dbs, event, "Warrant card number", organisation_kinds=["law_enforcement"])
    police = make_invitation(organisation=make_organisation("Police", kind="law_enforcement"))
    company_rep = make_invitation()
    follow(client, dbs, company_rep)
    assert "Warrant card number" not in client.get("/rsvp").get_data(as_text=True)
    other = app.test_client()
    follow(other, dbs, police)
    assert "Warrant card number" in other.get("/rsvp").get_data(as_text=True)


def test_the_service_refuses_answers_that_are_not_among_the_choices(app, dbs, event, make_invitation):
    hotel = add(dbs, event, "Hotel", QuestionKind.ONE_CHOICE, options=["A", "B"])
    country = add(dbs, event, "Country of passport", QuestionKind.COUNTRY)
    invitation = make_invitation()
    for answers in ({hotel.id: "C"}, {country.id: "XX"}):
        try:
            with app.test_request_context():
                respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, answers=answers))
            raise AssertionError("accepted a wrong answer")
        except RuleBroken as exc:
            assert exc.field in (hotel.field_name, country.field_name)
            dbs.rollback()
    with app.test_request_context():
        respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, answers={hotel.id: "B", country.id: "GB"}))
    assert stored(dbs, invitation) == {"Hotel": "B", "Country of passport": "United Kingdom"}


def test_changing_a_question_keeps_the_old_answers_readable(app, dbs, event, make_invitation,
                                                            organiser_client):
    hotel = add(dbs, event, "Hotel", QuestionKind.ONE_CHOICE, options=["Marriott", "Westin"])
    invitation = make_invitation()
    with app.test_request_context():
        respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, answers={hotel.id: "Westin"}))
    dbs.commit()
    change_question(dbs, SYSTEM, hotel, QuestionFields(kind=QuestionKind.ONE_CHOICE, label="Where will you stay?",
                                                       options=["Marriott", "Hyatt"]))
    dbs.commit()
    html = organiser_client.get(f"/events/{event.slug}/invitations/{invitation.id}").get_data(as_text=True)
    assert "Hotel" in html and "Westin" in html and "the question has changed since" in html
    try:
        change_question(dbs, SYSTEM, hotel, QuestionFields(kind=QuestionKind.SHORT_TEXT, label="Hotel"))
        raise AssertionError("changed the type of an answered question")
    except RuleBroken as exc:
        assert exc.field == "kind"
        dbs.rollback()


def test_deleting_a_question_asks_first_and_takes_its_answers(app, dbs, event, make_invitation,
                                                              organiser_client):
    hotel = add(dbs, event, "Hotel")
    with app.test_request_context():
        respond(dbs, SYSTEM, make_invitation(), Reply(Answer.ACCEPT, answers={hotel.id: "Westin"}))
    dbs.commit()
    hotel_id = hotel.id
    url = f"/events/{event.slug}/questions/{hotel_id}/delete"
    page = organiser_client.get(url).get_data(as_text=True)
    assert "Delete “Hotel”?" in page and "1 answer</strong>" in page and 'name="confirm"' in page
    assert organiser_client.post_form(url).status_code == 303  # without the page's confirmation: nothing goes
    assert dbs.get(Question, hotel_id) is not None
    assert organiser_client.post_form(url, {"confirm": "yes"}).status_code == 303
    dbs.expunge_all()
    assert dbs.get(Question, hotel_id) is None
    assert dbs.scalar(select(func.count(QuestionAnswer.id))) == 0


def test_answers_are_in_the_organisers_export(app, dbs, event, make_invitation, organiser_client):
    hotel = add(dbs, event, "Hotel")
    invitation = make_invitation()
    with app.test_request_context():
        respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, answers={hotel.id: "=HYPERLINK(\"x\")"}))
    dbs.commit()
    csv_text = organiser_client.get(f"/events/{event.slug}/invitations/export.csv").get_data(as_text=True)
    header, row = csv_text.splitlines()[:2]
    assert header.endswith(",Hotel") and row.endswith(",\"'=HYPERLINK(\"\"x\"\")\"")  # formula-safe


def test_answers_go_with_the_privacy_purge_after_each_questions_period(app, dbs, event,
                                                                      make_invitation):
    short = add(dbs, event, "Hotel", purge_days=7)
    long = add(dbs, event, "Country of passport", QuestionKind.COUNTRY, purge_days=60)
    invitation = make_invitation()
    with app.test_request_context():
        respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, answers={short.id: "Westin", long.id: "FR"}))
    dbs.commit()
    assert purge(dbs, SYSTEM, app.config, now=event.ends_at + timedelta(days=6))["question_answers"] == 0
    assert purge(dbs, SYSTEM, app.config, now=event.ends_at + timedelta(days=8))["question_answers"] == 1
    assert stored(dbs, invitation) == {"Country of passport": "France"}
    assert purge(dbs, SYSTEM, app.config, now=event.ends_at + timedelta(days=61))["question_answers"] == 1
    assert stored(dbs, invitation) == {}


def test_erasing_a_person_erases_their_answers(app, dbs, event, make_invitation):
    hotel = add(dbs, event, "Hotel")
    invitation = make_invitation()
    with app.test_request_context():
        respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, answers={hotel.id: "Westin"}))
    anonymise_person(dbs, invitation.person)
    dbs.commit()
    assert stored(dbs, invitation) == {}


def test_a_question_open_to_staff_is_read_by_the_secretariat_and_others_are_not(app, dbs, event,
                                                                               make_invitation,
                                                                               secretariat_client):
    hotel = add(dbs, event, "Hotel", for_security=True)
    arrival = add(dbs, event, "Arrival date", QuestionKind.DATE, for_security=True, readers=Readers.STAFF)
    with app.test_request_context():
        respond(dbs, SYSTEM, make_invitation(), Reply(Answer.ACCEPT, answers={hotel.id: "Westin",
                                                                             arrival.id: "2026-11-16"}))
    dbs.commit()
    html = secretariat_client.get(f"/events/{event.slug}/visitors").get_data(as_text=True)
    assert "2026-11-16" in html and "Arrival date" in html
    assert "Westin" not in html and ">Hotel<" not in html


def test_a_persons_own_data_download_includes_their_answers(app, dbs, event, make_invitation):
    from summit.privacy.export import export_person

    hotel = add(dbs, event, "Hotel")
    invitation = make_invitation()
    with app.test_request_context():
        respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, answers={hotel.id: "Westin"}))
    dbs.commit()
    exported = export_person(dbs, invitation.person)
    assert [(a["label"], a["text"]) for a in exported["rsvp_question_answers"]] == [("Hotel", "Westin")]


def test_an_organiser_changes_a_question_through_its_page(organiser_client, dbs, event):
    hotel = add(dbs, event, "Hotel", QuestionKind.ONE_CHOICE, options=["Marriott", "Westin"])
    url = f"/events/{event.slug}/questions/{hotel.id}"
    page = organiser_client.get(url).get_data(as_text=True)
    assert 'value="Hotel"' in page and "Marriott\nWestin" in page
    response = organiser_client.post_form(url, {"label": "Where will you stay?", "kind": "one_choice",
                                                "options": "Marriott\nHyatt", "readers": "staff", "purge_days": "14"})
    assert response.status_code == 303
    dbs.expire_all()
    changed = dbs.get(Question, hotel.id)
    assert (changed.label, changed.options, changed.readers, changed.purge_days, changed.version) == (
        "Where will you stay?", ["Marriott", "Hyatt"], Readers.STAFF, 14, 2)
