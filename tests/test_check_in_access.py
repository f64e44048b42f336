"""The reception role may check people in and nothing else: every rule of the URL map, walked as a reception user in
the URL-map access test's world (tests/access_fixtures.py), against the rows of that test's table."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from tests.access_fixtures import FORBIDDEN, OK, build_world, observe, summit_app
from tests.conftest import PASSWORD, clean_database
from tests.test_url_map_access import ARGUMENTS, CASES, row_for

EMAIL = "reception@example.org"
# What reception is for: the desk, a scanned code, and the door lists (which name restricted sessions: the door
# needs to know who may enter). Walk-ins and badges are organisers' decisions.
DESK = {"checkin.desk", "checkin.by_code", "checkin.person", "checkin.check_in_submit", "checkin.undo",
        "doors.index", "doors.door", "doors.door_export", "doors.admit"}
ORGANISERS_ONLY = {"checkin.walk_in", "checkin.walk_in_submit", "badges.choose", "badges.pdf"}
# Every account has these: its own sign-in security, data, calendar links and (empty) agenda; public commitments.
OWN_ACCOUNT = {"events.home", "account.security", "account.session_end", "account.sessions_end_others",
               "two_factor.manage", "two_factor.setup", "two_factor.confirm", "two_factor.recovery_codes",
               "two_factor.off", "privacy.my_data", "calendar.profile", "calendar.profile_issue",
               "calendar.profile_revoke", "agenda.my_agenda", "calendar.my_agenda_ics", "agenda.leave_session",
               "report.commitments_feed", "commitments.index", "events.event_home",
               "api_tokens.tokens", "api_tokens.create", "api_tokens.revoke",  # tokens carry only what the role may
               "documents.papers"}  # empty: reception is no participant, so no paper is theirs


@pytest.fixture(scope="module")
def seen(template_database, tmp_path_factory) -> dict:
    directory = tmp_path_factory.mktemp("reception")
    app = summit_app(clean_database(template_database, directory), directory)
    try:
        world = build_world(app, public_agenda=True)
        with app.test_request_context(), Session(app.extensions["summit.engine"]) as db:
            create_user(db, SYSTEM, email=EMAIL, role=Role.RECEPTION, password=PASSWORD, name="Reception Desk")
            db.commit()
        return {case.key: (case, result) for case, result in observe(app, world, EMAIL, CASES, ARGUMENTS)}
    finally:
        app.extensions["summit.engine"].dispose()


def expected_for_reception(case) -> str | None:
    """None: anything but OK unless the page is public (signed-out visitors get it too)."""
    if case.endpoint in DESK:
        return row_for(case.key, case.rule_key)["organiser"]
    if case.endpoint in ORGANISERS_ONLY:
        return FORBIDDEN
    return None


@pytest.mark.parametrize("case", CASES, ids=[case.key for case in CASES])
def test_reception_opens_the_desk_and_nothing_staff_only(seen, case):
    _, result = seen[case.key]
    assert not isinstance(result, str), result
    expected = expected_for_reception(case)
    if expected is not None:
        assert result.outcome == expected, f"{case.key}: {result}"
        return
    row = row_for(case.key, case.rule_key)
    if result.outcome == OK:
        public = row["signed_out"] == OK
        own = case.endpoint in OWN_ACCOUNT or (case.endpoint == "commitments.detail"
                                               and dict(case.variant).get("reference") == "commitment=public")
        assert public or own, f"{case.key}: reception may not use it ({result})"


def test_reception_reads_restricted_titles_only_on_door_lists(seen):
    shown = {key: result.mentions for key, (case, result) in seen.items()
             if "token" not in dict(case.variant) and not isinstance(result, str) and result.mentions}
    assert shown, "the door lists name the restricted session"
    assert {key.split(" ")[0] for key in shown} <= {"doors.index", "doors.door"}
    assert set().union(*shown.values()) == {"session=restricted"}
