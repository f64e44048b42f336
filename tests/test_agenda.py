"""The agenda story: organisers build and publish the programme; delegates choose sessions without overbooking."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, update

from summit.agenda.models import AgendaSession, SessionStatus, SignUp, SignUpStatus, Visibility
from summit.agenda.services import create_track
from summit.audit import SYSTEM, AuditEntry
from summit.invitations.models import Invitation, InvitationStatus
from summit.mail.models import OutboxMessage


def signed_in(app, user):
    client = app.test_client()
    assert client.sign_in(user.person.email).status_code == 303
    return client


def fresh(dbs, model, id_):
    dbs.expire_all()
    return dbs.get(model, id_)


# ---- building the programme --------------------------------------------------------------------------------

def test_times_are_entered_in_the_event_zone_and_stored_as_utc_on_both_sides_of_dst(organiser_client, dbs,
                                                                                     agenda_event, room):
    for day in ("2030-03-09", "2030-03-10"):  # DST starts in Los Angeles on Sunday 10 March 2030
        response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/sessions", {
            "title": f"Workshop {day}", "kind": "workshop", "starts_at": f"{day}T10:00", "ends_at": f"{day}T11:30",
            "room_id": room.id, "track_id": 0, "use_room_capacity": "y", "visibility": "delegates"})
        assert response.status_code == 303, response.get_data(as_text=True)
    saturday, sunday = dbs.scalars(select(AgendaSession).order_by(AgendaSession.starts_at)).all()
    assert saturday.starts_at == datetime(2030, 3, 9, 18, 0, tzinfo=timezone.utc)  # PST, UTC-8
    assert sunday.starts_at == datetime(2030, 3, 10, 17, 0, tzinfo=timezone.utc)  # PDT, UTC-7
    assert saturday.seat_limit == 24 and saturday.status is SessionStatus.DRAFT
    page = organiser_client.get(f"/events/{agenda_event.slug}/programme/sessions/{sunday.id}/edit")
    assert 'value="2030-03-10T10:00"' in page.get_data(as_text=True)


def test_a_bad_session_form_keeps_what_was_typed(organiser_client, agenda_event, room):
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/sessions", {
        "title": "Backwards", "kind": "panel", "starts_at": "2030-03-09T11:00", "ends_at": "2030-03-09T10:00",
        "room_id": room.id, "track_id": 0, "visibility": "delegates"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "must end after it starts" in html and 'value="Backwards"' in html


def test_warnings_for_rooms_people_dates_capacity_and_declined_speakers(app, organiser_client, dbs, agenda_event,
                                                                        room, make_session, make_person):
    from summit.agenda.models import SpeakerRole

    busy = make_person(name="Busy Speaker")
    declined = make_person(name="Declined Speaker")
    dbs.add(Invitation(event_id=agenda_event.id, person_id=declined.id, organisation_id=declined.organisation_id,
                       status=InvitationStatus.DECLINED))
    dbs.commit()
    make_session("Morning A", start_hour=10, speakers=[(busy.id, SpeakerRole.SPEAKER)])
    make_session("Morning B", start_hour=10, length_minutes=30, speakers=[(busy.id, SpeakerRole.MODERATOR)])
    make_session("Too big", start_hour=14, seat_limit=50, room_id=None)
    make_session("At dawn", start_hour=-30, room_id=None)
    make_session("Declined", start_hour=16, room_id=None, speakers=[(declined.id, SpeakerRole.SPEAKER)])
    html = organiser_client.get(f"/events/{agenda_event.slug}/programme/conflicts").get_data(as_text=True)
    assert "“Morning A” and “Morning B” are both in Cascade at the same time." in html
    assert "Busy Speaker is in “Morning A” and “Morning B” at the same time." in html
    assert "“At dawn” is outside the event&#39;s dates." in html
    assert "Declined Speaker (speaker of “Declined”) has declined their invitation." in html
    too_big = dbs.scalar(select(AgendaSession).where(AgendaSession.title == "Too big"))
    too_big.room_id = room.id
    dbs.commit()
    html = organiser_client.get(f"/events/{agenda_event.slug}/programme/sessions/{too_big.id}/edit").get_data(
        as_text=True)
    assert "allows 50 seats but Cascade holds 24" in html


def test_publishing_numbers_versions_records_changes_and_tells_signed_up_delegates(app, dbs, agenda_event,
                                                                                  make_session, make_delegate,
                                                                                  organiser_client):
    keep = make_session("Stays put", publish=False)
    moves = make_session("Moves", start_hour=12, publish=False)
    assert organiser_client.post_form(f"/events/{agenda_event.slug}/programme/publish").status_code == 303
    delegate = make_delegate()
    client = signed_in(app, delegate)
    client.post_form(f"/events/{agenda_event.slug}/sessions/{moves.id}/signup")
    before = fresh(dbs, AgendaSession, moves.id).sequence
    organiser_client.post_form(f"/events/{agenda_event.slug}/programme/sessions/{moves.id}/move",
                               {"move-starts_at": "2030-03-09T15:00", "move-room_id": 0})
    organiser_client.post_form(f"/events/{agenda_event.slug}/programme/sessions/{keep.id}/cancel")
    organiser_client.post_form(f"/events/{agenda_event.slug}/programme/publish")

    html = client.get(f"/events/{agenda_event.slug}/agenda/changes").get_data(as_text=True)
    assert "Version 2" in html and "Version 1" in html
    assert "Retimed, re-roomed" in html and "Cancelled" in html
    mail = dbs.scalar(select(OutboxMessage).where(OutboxMessage.kind == "agenda-change"))
    assert mail.to_address == delegate.person.email and "Moves: retimed, re-roomed" in mail.text_body
    assert "Stays put" not in mail.text_body  # they were not signed up to it
    assert fresh(dbs, AgendaSession, moves.id).sequence > before
    agenda = client.get(f"/events/{agenda_event.slug}/agenda").get_data(as_text=True)
    assert "Stays put" in agenda and "Cancelled" in agenda  # cancelled sessions stay, marked


def test_duplicate_creates_a_draft_copy(organiser_client, dbs, agenda_event, make_session):
    item = make_session("Original")
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/sessions/{item.id}/duplicate")
    assert response.status_code == 303
    copy = dbs.scalar(select(AgendaSession).where(AgendaSession.title == "Original (copy)"))
    assert copy.status is SessionStatus.DRAFT and copy.starts_at == item.starts_at


def test_descriptions_are_markdown_with_dangerous_html_removed(app, dbs, make_session, make_delegate, agenda_event):
    item = make_session(description="**Bold** <script>alert(1)</script> [x](javascript:alert(1)) "
                                    "[ok](https://example.org)")
    html = signed_in(app, make_delegate()).get(f"/events/{agenda_event.slug}/sessions/{item.id}").get_data(
        as_text=True)
    assert "<strong>Bold</strong>" in html and "<script>" not in html and 'href="javascript:' not in html
    assert 'href="https://example.org"' in html


def test_chatham_house_is_shown_prominently(app, make_session, make_delegate, agenda_event):
    item = make_session(chatham_house=True)
    html = signed_in(app, make_delegate()).get(f"/events/{agenda_event.slug}/sessions/{item.id}").get_data(
        as_text=True)
    assert 'class="chatham" role="note"' in html


# ---- who sees what ----------------------------------------------------------------------------------------

def test_restricted_sessions_are_seen_only_by_the_chosen_organisations(app, dbs, make_session, make_delegate,
                                                                       make_organisation, agenda_event):
    police = make_organisation("National Crime Agency", kind="law_enforcement")
    briefing = make_session("LE briefing", visibility=Visibility.RESTRICTED, organisation_ids=[police.id])
    officer, outsider = make_delegate(organisation=police), make_delegate()
    assert "LE briefing" in signed_in(app, officer).get(f"/events/{agenda_event.slug}/agenda").get_data(
        as_text=True)
    client = signed_in(app, outsider)
    assert "LE briefing" not in client.get(f"/events/{agenda_event.slug}/agenda").get_data(as_text=True)
    assert client.get(f"/events/{agenda_event.slug}/sessions/{briefing.id}").status_code == 404


def test_drafts_are_hidden_and_the_public_agenda_is_opt_in(app, client, dbs, make_session, agenda_event,
                                                          organiser_client, make_delegate):
    make_session("Public keynote", visibility=Visibility.PUBLIC)
    make_session("Delegates only")
    make_session("Not yet", publish=False)
    assert client.get(f"/events/{agenda_event.slug}/agenda").status_code == 302  # to sign in, then back
    organiser_client.post_form(f"/events/{agenda_event.slug}/programme/public", {"public": "y"})
    html = client.get(f"/events/{agenda_event.slug}/agenda").get_data(as_text=True)
    assert "Public keynote" in html and "Delegates only" not in html and "Not yet" not in html
    html = signed_in(app, make_delegate()).get(f"/events/{agenda_event.slug}/agenda").get_data(as_text=True)
    assert "Delegates only" in html and "Not yet" not in html


def test_filters_and_the_grid(app, make_session, make_delegate, agenda_event, dbs):
    track = create_track(dbs, SYSTEM, agenda_event, name="Detection", colour="#123456")
    dbs.commit()
    make_session("In track", track_id=track.id, start_hour=10)
    make_session("Other", start_hour=12)
    client = signed_in(app, make_delegate())
    html = client.get(f"/events/{agenda_event.slug}/agenda?track={track.id}").get_data(as_text=True)
    assert "In track" in html and ">Other<" not in html
    grid = client.get(f"/events/{agenda_event.slug}/agenda?view=grid").get_data(as_text=True)
    # the grid starts at the first hour used (10:00); rows are 15 minutes
    assert 'class="agenda-grid cols-1"' in grid and "grs-1 gre-5" in grid and "grs-9 gre-13" in grid
    css = client.get(f"/events/{agenda_event.slug}/tracks.css").get_data(as_text=True)
    assert f".track-{track.id} {{ border-left-color: #123456; }}" in css


# ---- choosing sessions ------------------------------------------------------------------------------------

def test_sign_up_until_full_then_waitlist_then_promotion_by_email(app, dbs, make_session, make_delegate,
                                                                  agenda_event):
    item = make_session(seat_limit=2)
    people = [make_delegate() for _ in range(3)]
    clients = [signed_in(app, p) for p in people]
    for c in clients:
        assert c.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup").status_code == 303
    statuses = [dbs.scalar(select(SignUp.status).where(SignUp.person_id == p.person_id)) for p in people]
    assert statuses == [SignUpStatus.SIGNED_UP, SignUpStatus.SIGNED_UP, SignUpStatus.WAITLISTED]
    clients[0].post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/leave")
    dbs.expire_all()
    assert dbs.scalar(select(SignUp.status).where(SignUp.person_id == people[2].person_id)) is SignUpStatus.SIGNED_UP
    assert fresh(dbs, AgendaSession, item.id).seats_taken == 2
    mail = dbs.scalar(select(OutboxMessage).where(OutboxMessage.kind == "session-promotion"))
    assert mail.to_address == people[2].person.email


def test_only_accepted_delegates_sign_up(app, dbs, make_session, make_delegate, agenda_event):
    item = make_session()
    tentative = make_delegate(accepted=False)
    dbs.execute(update(Invitation).where(Invitation.person_id == tentative.person_id)
                .values(status=InvitationStatus.TENTATIVE))
    client = signed_in(app, tentative)
    response = client.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup", follow_redirects=True)
    assert "Only delegates whose place is confirmed" in response.get_data(as_text=True)
    declined = signed_in(app, make_delegate(accepted=False))  # declined: outside the event altogether
    assert declined.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup").status_code == 404
    assert dbs.scalar(select(func.count(SignUp.id))) == 0


def test_an_overlapping_choice_warns_and_asks_to_confirm(app, dbs, make_session, make_delegate, agenda_event):
    first = make_session("Sprint", start_hour=10, length_minutes=120)
    second = make_session("Workshop", start_hour=11)
    client = signed_in(app, make_delegate())
    client.post_form(f"/events/{agenda_event.slug}/sessions/{first.id}/signup")
    warned = client.post_form(f"/events/{agenda_event.slug}/sessions/{second.id}/signup")
    assert warned.status_code == 409 and "overlaps" in warned.get_data(as_text=True)
    assert dbs.scalar(select(func.count(SignUp.id))) == 1
    confirmed = client.post_form(f"/events/{agenda_event.slug}/sessions/{second.id}/signup", {"confirm": "yes"})
    assert confirmed.status_code == 303
    mine = client.get(f"/events/{agenda_event.slug}/my-agenda").get_data(as_text=True)
    assert "Sprint" in mine and "Workshop" in mine and "Overlaps another session you chose" in mine


def test_organisers_place_a_person_over_the_limit_and_it_is_audited(app, dbs, organiser_client, make_session,
                                                                    make_delegate, agenda_event):
    item = make_session(seat_limit=1)
    signed_in(app, make_delegate()).post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup")
    extra = make_delegate()
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/sessions/{item.id}/place",
                                          {"email": extra.person.email})
    assert response.status_code == 303
    signup = dbs.scalar(select(SignUp).where(SignUp.person_id == extra.person_id))
    assert signup.status is SignUpStatus.SIGNED_UP and signup.over_limit
    assert fresh(dbs, AgendaSession, item.id).seats_taken == 1  # the constraint still holds
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "signup.place"))
    assert entry.after["over_limit"] is True and entry.actor_id is not None


def test_the_database_refuses_more_seats_than_the_limit(dbs, make_session):
    from sqlalchemy.exc import IntegrityError

    item = make_session(seat_limit=1)
    item.seats_taken = 2
    with pytest.raises(IntegrityError):
        dbs.commit()


# ---- import -----------------------------------------------------------------------------------------------

def test_session_import_is_all_or_nothing_with_line_numbers(organiser_client, dbs, agenda_event, room):
    import io

    good = ("title,kind,day,start,end,room,seat limit,visibility\n"
            "Risk scoring,workshop,2030-03-09,10:00,11:00,Cascade,20,delegates\n")
    bad = good + "Broken,lecture,2030-03-09,12:00,11:00,Nowhere,lots,secret\n"
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/import",
                                          {"file": (io.BytesIO(bad.encode()), "s.csv")},
                                          content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nothing was imported" in html
    for problem in ("Line 3: kind &#39;lecture&#39;: Not a valid choice. Use one of: keynote, panel, workshop",
                    "Line 3: the session ends before it starts", "Line 3: there is no room called Nowhere",
                    "Line 3: seat limit &#39;lots&#39;: Not a valid integer value.",
                    "Line 3: visibility &#39;secret&#39;: Not a valid choice. Use one of: public, delegates"):
        assert problem in html
    assert dbs.scalar(select(func.count(AgendaSession.id))) == 0
    organiser_client.post_form(f"/events/{agenda_event.slug}/programme/import/confirm", {"csv_text": good})
    assert dbs.scalar(select(AgendaSession.title)) == "Risk scoring"


# ---- speed: a constant number of queries ------------------------------------------------------------------

def count_queries(app, client, url: str) -> int:
    engine = app.extensions["summit.engine"]
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_agenda_pages_make_the_same_number_of_queries_at_10_and_500_sessions(app, dbs, make_session,
                                                                            make_delegate, agenda_event,
                                                                            make_person):
    from summit.agenda.models import SpeakerRole

    client = signed_in(app, make_delegate())
    speakers = [make_person() for _ in range(5)]

    def add(n):
        for i in range(n):
            make_session(start_hour=9 + (i % 8), speakers=[(speakers[i % 5].id, SpeakerRole.SPEAKER)], day=i % 2)

    urls = [f"/events/{agenda_event.slug}/agenda", f"/events/{agenda_event.slug}/agenda?view=grid",
            f"/events/{agenda_event.slug}/my-agenda"]
    add(10)
    small = [count_queries(app, client, url) for url in urls]
    add(490)
    large = [count_queries(app, client, url) for url in urls]
    assert small == large, (small, large)


def test_organisers_add_rooms_and_tracks(organiser_client, dbs, agenda_event):
    from summit.agenda.models import Room, Track

    base = f"/events/{agenda_event.slug}/programme"
    assert organiser_client.post_form(f"{base}/rooms", {"room-name": "Rainier", "room-capacity": 16}).status_code == 303
    assert organiser_client.post_form(f"{base}/tracks", {"track-name": "Detection", "track-colour": "#123456"}
                                      ).status_code == 303
    refused = organiser_client.post_form(f"{base}/tracks", {"track-name": "Bad", "track-colour": "red"})
    assert refused.status_code == 422 and "Use a colour like #0b4f8a" in refused.get_data(as_text=True)
    assert dbs.scalar(select(Room.capacity).where(Room.name == "Rainier")) == 16
    assert dbs.scalar(select(Track.colour)) == "#123456"


def test_publishing_lists_only_real_changes_and_refuses_when_nothing_changed(app, dbs, agenda_event, make_session,
                                                                            organiser_client):
    """The demo's first publish used to list every session as 'Retimed (was 08:30, now 08:30)': the same instant
    written once with the event's offset and once in UTC. Changes are judged on instants, and a publish with
    nothing to publish is refused."""
    from summit.agenda.models import AgendaVersion
    from summit.agenda.services import AgendaError, publish_agenda
    from summit.audit import SYSTEM

    item = make_session("Keynote", publish=False)
    with app.app_context():
        first = publish_agenda(dbs, SYSTEM, agenda_event)
        dbs.commit()
    local_copy = {**first.snapshot[str(item.id)]}
    local_copy["starts_at"] = agenda_event.local(item.starts_at).isoformat()  # same instant, event's offset
    local_copy["ends_at"] = agenda_event.local(item.ends_at).isoformat()
    dbs.execute(update(AgendaVersion).where(AgendaVersion.id == first.id)
                .values(snapshot={str(item.id): local_copy}))
    make_session("Late addition", publish=False, start_hour=15)
    with app.app_context():
        second = publish_agenda(dbs, SYSTEM, agenda_event)
        dbs.commit()
        assert [c["title"] for c in second.changes] == ["Late addition"]
        with pytest.raises(AgendaError, match="Nothing has changed"):
            publish_agenda(dbs, SYSTEM, agenda_event)
        dbs.rollback()
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/publish", follow_redirects=True)
    assert "Nothing has changed since version 2" in response.get_data(as_text=True)


def test_signed_out_the_link_in_a_calendar_event_leads_to_sign_in_and_back(app, make_session, make_delegate,
                                                                           agenda_event):
    item = make_session("Hackathon sprint")
    delegate = make_delegate()
    client = app.test_client()
    page = f"/events/{agenda_event.slug}/sessions/{item.id}"
    response = client.get(page)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    signed = client.post_form("/login", {"email": delegate.person.email, "password": "correct horse battery",
                                         "next": page})
    assert signed.status_code == 303 and signed.headers["Location"] == page
    assert "Hackathon sprint" in client.get(page).get_data(as_text=True)
    assert client.get(f"/events/{agenda_event.slug}/sessions/999999").status_code == 404  # missing stays missing
    assert app.test_client().get(f"/events/{agenda_event.slug}/sessions/{item.id}.ics").status_code == 404
