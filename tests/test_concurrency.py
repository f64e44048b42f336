"""Seat quotas hold under simultaneous answers: a live gunicorn server with several workers, on both engines."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from summit.audit import SYSTEM
from summit.invitations.models import Invitation, InvitationStatus
from summit.invitations.services import invite
from tests.test_invitations import latest_link
from tests.webclient import Browser


def test_twenty_representatives_accept_at_once_for_two_seats(app, dbs, make_event, make_organisation,
                                                             live_server):
    event = make_event()
    company = make_organisation("Snap Inc.", quota=2)
    with app.test_request_context():
        invitations = [invite(dbs, SYSTEM, event, name=f"Rep {n}", email=f"rep{n}@snap.example",
                              organisation_name=company.name) for n in range(20)]
        dbs.commit()
    base = live_server(workers=4, threads=2)

    browsers, tokens = [], []
    for invitation in invitations:
        browser = Browser(base)
        assert browser.get(latest_link(dbs, invitation.person.email)).status == 303
        tokens.append(browser.get("/rsvp").csrf())
        browsers.append(browser)

    barrier = threading.Barrier(len(browsers))
    results: list[int] = []

    def accept(browser: Browser, token: str) -> None:
        barrier.wait(timeout=30)
        results.append(browser.post("/rsvp", {"csrf_token": token, "answer": "accept"}).status)

    threads = [threading.Thread(target=accept, args=pair) for pair in zip(browsers, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert results == [303] * 20
    dbs.expire_all()
    counts = dict(dbs.execute(select(Invitation.status, func.count()).group_by(Invitation.status)).all())
    assert counts == {InvitationStatus.ACCEPTED: 2, InvitationStatus.WAITLISTED: 18}
    assert dbs.scalar(select(func.count()).where(Invitation.holds_seat.is_(True))) == 2

    # One of the two declines: the first in line (by the time they joined) takes the seat.
    holder = dbs.scalar(select(Invitation).where(Invitation.status == InvitationStatus.ACCEPTED).limit(1))
    first_in_line = dbs.scalar(select(Invitation).where(Invitation.status == InvitationStatus.WAITLISTED)
                               .order_by(Invitation.waitlisted_at, Invitation.id).limit(1))
    browser = browsers[[i.id for i in invitations].index(holder.id)]
    token = browser.get("/rsvp").csrf()
    assert browser.post("/rsvp", {"csrf_token": token, "answer": "decline"}).status == 303
    dbs.expire_all()
    assert dbs.get(Invitation, first_in_line.id).status is InvitationStatus.ACCEPTED
    assert dbs.scalar(select(func.count()).where(Invitation.status == InvitationStatus.ACCEPTED)) == 2
    assert dbs.scalar(select(func.count()).where(Invitation.status == InvitationStatus.WAITLISTED)) == 17


def test_fifty_sign_ups_at_once_for_ten_seats(app, dbs, make_session, make_delegate, agenda_event, live_server):
    from summit.agenda.models import AgendaSession, SignUp, SignUpStatus
    from tests.conftest import PASSWORD

    item = make_session(seat_limit=10)
    delegates = [make_delegate() for _ in range(50)]
    base = live_server(workers=4, threads=2)
    browsers, tokens = [], []
    for delegate in delegates:
        browser = Browser(base)
        assert browser.sign_in(delegate.person.email, PASSWORD).status == 303
        tokens.append(browser.get(f"/events/{agenda_event.slug}/sessions/{item.id}").csrf())
        browsers.append(browser)

    barrier = threading.Barrier(len(browsers))
    results: list[int] = []

    def sign_up(browser: Browser, token: str) -> None:
        barrier.wait(timeout=60)
        results.append(browser.post(f"/events/{agenda_event.slug}/sessions/{item.id}/signup",
                                    {"csrf_token": token}).status)

    threads = [threading.Thread(target=sign_up, args=pair) for pair in zip(browsers, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert results == [303] * 50
    dbs.expire_all()
    counts = dict(dbs.execute(select(SignUp.status, func.count()).group_by(SignUp.status)).all())
    assert counts == {SignUpStatus.SIGNED_UP: 10, SignUpStatus.WAITLISTED: 40}
    assert dbs.get(AgendaSession, item.id).seats_taken == 10  # the counter agrees with the rows


def test_exports_answer_while_invitees_answer(app, dbs, make_event, make_organisation, make_user, live_server):
    """The CSV exports write an audit entry: under writers on other workers they must wait for the write lock
    (SQLite) instead of failing, and a failure must never turn into a second failure on the error page."""
    from tests.conftest import PASSWORD

    event = make_event()
    company = make_organisation("Meet Group", quota=6)
    organiser, secretariat = make_user("organiser"), make_user("secretariat")
    with app.test_request_context():
        invitations = [invite(dbs, SYSTEM, event, name=f"Rep {n}", email=f"rep{n}@meet.example",
                              organisation_name=company.name) for n in range(12)]
        dbs.commit()
    base = live_server(workers=4, threads=2)
    invitees = []
    for invitation in invitations:
        browser = Browser(base)
        assert browser.get(latest_link(dbs, invitation.person.email)).status == 303
        invitees.append((browser, browser.get("/rsvp").csrf()))
    exporters = []
    for user, path in ((organiser, f"/events/{event.slug}/invitations/export.csv"),
                       (secretariat, f"/events/{event.slug}/commitments/export.csv")):
        browser = Browser(base)
        assert browser.sign_in(user.person.email, PASSWORD).status == 303
        exporters.append((browser, path))

    barrier = threading.Barrier(len(invitees) + len(exporters))
    answers: list[int] = []
    exports: list[int] = []

    def answer(browser: Browser, token: str) -> None:
        barrier.wait(timeout=30)
        for choice in ("accept", "tentative", "accept"):
            answers.append(browser.post("/rsvp", {"csrf_token": token, "answer": choice}).status)

    def export(browser: Browser, path: str) -> None:
        barrier.wait(timeout=30)
        exports.extend(browser.get(path).status for _ in range(8))

    threads = [threading.Thread(target=answer, args=pair) for pair in invitees]
    threads += [threading.Thread(target=export, args=pair) for pair in exporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert answers == [303] * 36
    assert exports == [200] * 16


def test_two_reception_phones_checking_in_the_same_people_at_once_record_one_check_in_each(
        app, dbs, make_event, make_organisation, make_user, make_invitee, live_server):
    """Ten delegates at the desk, each tapped on two phones at the same moment: ten check-ins, and for each person
    one phone says "Checked in" and the other who was first (the unique constraint settles it)."""
    from datetime import timedelta

    from summit.checkin.models import CheckIn
    from summit.clock import utcnow
    from tests.conftest import PASSWORD

    event = make_event(starts_in=timedelta(hours=-1), rsvp_deadline=utcnow() + timedelta(days=1))
    company = make_organisation("Roblox", quota=20)
    invitations = [make_invitee(event, name=f"Arrival {n}", organisation=company) for n in range(10)]
    desks = [make_user("reception", name=f"Desk {n}") for n in range(2)]
    base = live_server(workers=4, threads=2)
    phones = []
    for invitation in invitations:
        for desk in desks:
            phone = Browser(base)
            assert phone.sign_in(desk.person.email, PASSWORD).status == 303
            page = f"/events/{event.slug}/check-in/{invitation.id}"
            phones.append((phone, page, phone.get(page).csrf()))

    barrier = threading.Barrier(len(phones))
    results: list[int] = []
    said: list[str] = []

    def tap(phone: Browser, page: str, token: str) -> None:
        barrier.wait(timeout=60)
        results.append(phone.post(page, {"csrf_token": token}).status)
        said.append(phone.get(page).text)

    threads = [threading.Thread(target=tap, args=phone) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert results == [303] * 20
    dbs.expire_all()
    rows = dbs.scalars(select(CheckIn)).all()
    assert sorted(row.invitation_id for row in rows) == sorted(i.id for i in invitations)
    assert sum("Checked in: Arrival" in page for page in said) == 10
    assert sum("Already checked in at" in page for page in said) == 10
