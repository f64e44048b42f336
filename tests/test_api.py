"""The JSON API: tokens made in Profile -> API, bearer-only authentication, scopes from the permission model, the
caller's view of the agenda and commitments, progress updates through the web form's service, pages, ETags,
problem details and the per-token rate limit."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from summit.agenda.models import Visibility
from summit.api.models import ApiToken
from summit.api.services import create_token, revoke_token
from summit.audit import SYSTEM, AuditEntry
from summit.clock import utcnow
from summit.commitments.models import CommitmentVisibility, Expectation, ProgressUpdate, UpdateState
from summit.commitments.services import CommitmentFields, create_commitment
from tests.api_helpers import bearer

API = "/api/v1"


@pytest.fixture
def event(agenda_event):
    return agenda_event


@pytest.fixture
def commitments(app, dbs, event, make_organisation):
    """Company A's public, participants-only and secretariat-only commitments, and one public one of company B."""
    a, b = make_organisation("Company A", quota=10), make_organisation("Company B", quota=10)
    made = {}
    with app.app_context():
        for name, owner, visibility in (("public", a, CommitmentVisibility.PUBLIC),
                                        ("participants", a, CommitmentVisibility.PARTICIPANTS),
                                        ("secretariat", a, CommitmentVisibility.SECRETARIAT),
                                        ("b-public", b, CommitmentVisibility.PUBLIC)):
            made[name] = create_commitment(dbs, SYSTEM, event, CommitmentFields(
                title=f"{name} promise", expectation=Expectation.SHARE_PRACTICE, lead_organisation_id=owner.id,
                visibility=visibility))
        dbs.commit()
    return a, b, made


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_the_openapi_document_is_valid_and_describes_every_api_route(app, client):
    response = client.get(f"{API}/openapi.json")
    spec = response.get_json()
    validate(spec)  # OpenAPI 3.1, with JSON Schema 2020-12
    described = {(path, method.upper()) for path, methods in spec["paths"].items() for method in methods}
    routed = {(re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method)
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              and rule.endpoint not in ("api.openapi", "api.docs") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert described == routed and len(routed) >= 12
    page = client.get(f"{API}/docs").get_data(as_text=True)
    assert "<h1>" in page and "GET /api/v1/events/{slug}/commitments" in page
    assert not re.search(r'(src|href)="(https?:)?//[^"]*"[^>]*rel="stylesheet"|<script[^>]+src="(https?:)?//', page)


def test_a_token_is_made_in_the_profile_shown_once_stored_hashed_and_revocable(app, dbs, delegate_client, delegate):
    page = delegate_client.get("/account/api").get_data(as_text=True)
    assert "agenda:read" in page and "invitations:read" not in page  # staff scopes are not offered to delegates
    refused = delegate_client.post_form("/account/api", {"name": "Mine", "scopes": ["invitations:read"],
                                                         "expires_in_days": "30"})
    assert refused.status_code == 422 and 'value="Mine"' in refused.get_data(as_text=True)
    made = delegate_client.post_form("/account/api", {"name": "Tracker", "scopes": ["agenda:read"],
                                                      "expires_in_days": "30"})
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="fresh-token" type="text" readonly value="([^"]+)"', made.get_data(as_text=True))[1]
    row = dbs.scalar(select(ApiToken))
    assert row.token_hash != secret and secret not in str(row.__dict__) and row.scopes == ["agenda:read"]
    again = delegate_client.get("/account/api").get_data(as_text=True)
    assert secret not in again and "Never" in again

    assert delegate_client.get(f"{API}/events", headers=bearer(secret)).status_code == 200
    dbs.expire_all()
    assert dbs.get(ApiToken, row.id).last_used_at is not None
    assert "Never" not in delegate_client.get("/account/api").get_data(as_text=True)

    delegate_client.post_form(f"/account/api/{row.id}/revoke")
    problem(delegate_client.get(f"{API}/events", headers=bearer(secret)), 401)
    actions = dbs.scalars(select(AuditEntry.action).where(AuditEntry.target_type == "api_tokens")).all()
    assert actions == ["api_token.create", "api_token.revoke"]
    assert "Tracker" not in str(dbs.scalars(select(AuditEntry.after)).all())  # no free text in the log


def test_a_session_cookie_never_authenticates_the_api(delegate_client, event, commitments):
    body = problem(delegate_client.get(f"{API}/events"), 401)
    assert "Bearer" in body["detail"]
    reference = commitments[2]["public"].reference
    # a POST with the cookie and no CSRF token: refused as unauthenticated, not as a forged form
    response = delegate_client.post(f"{API}/events/{event.slug}/commitments/{reference}/updates",
                                    json={"text": "x", "progress": 1})
    assert problem(response, 401) and response.headers["WWW-Authenticate"].startswith("Bearer")


def test_unknown_expired_and_revoked_tokens_get_the_same_answer(client, dbs, delegate, make_token):
    live = make_token(delegate, "agenda:read")
    assert client.get(f"{API}/events", headers=bearer(live)).status_code == 200
    row, expired = create_token(dbs, SYSTEM, delegate, name="Old", scopes=["agenda:read"], expires_in_days=7,
                                now=utcnow() - timedelta(days=8))
    revoked = make_token(delegate, "agenda:read", name="Gone")
    revoke_token(dbs, SYSTEM, delegate, dbs.scalar(select(ApiToken.id).where(ApiToken.name == "Gone")))
    dbs.commit()
    answers = [client.get(f"{API}/events", headers=bearer(secret)).get_json()
               for secret in (expired, revoked, "x" * 43, "not a token")]
    assert all(a == answers[0] for a in answers) and answers[0]["status"] == 401
    problem(client.get(f"{API}/events", headers={"Authorization": f"Basic {live}"}), 401)


def test_scopes_are_enforced_and_staff_scopes_need_staff(client, dbs, delegate, organiser, make_token, event):
    agenda_only = make_token(delegate, "agenda:read")
    body = problem(client.get(f"{API}/events/{event.slug}/commitments", headers=bearer(agenda_only)), 403)
    assert body["required_scope"] == "commitments:read"
    staff = make_token(organiser, "invitations:read")
    assert client.get(f"{API}/events/{event.slug}/staff/invitations", headers=bearer(staff)).status_code == 200
    organiser.role = type(organiser.role)("delegate")  # demoted: the token's staff scope no longer counts
    dbs.add(organiser)
    dbs.commit()
    problem(client.get(f"{API}/events/{event.slug}/staff/invitations", headers=bearer(staff)), 403)
    with pytest.raises(Exception, match="cannot give a token"):
        create_token(dbs, SYSTEM, delegate, name="x", scopes=["commitments:admin"], expires_in_days=30)


def test_restricted_sessions_only_for_their_organisations(client, make_delegate, make_session, make_token,
                                                          make_organisation, event):
    a = make_organisation("Company A", quota=10)
    public = make_session(title="Keynote", visibility=Visibility.PUBLIC)
    restricted = make_session(title="Referrals briefing", visibility=Visibility.RESTRICTED, organisation_ids=[a.id],
                              start_hour=12)
    draft = make_session(title="Draft idea", publish=False, start_hour=14)
    token_a, token_b = (make_token(make_delegate(org), "agenda:read") for org in (a, make_organisation("B")))
    titles = {name: [s["title"] for s in client.get(f"{API}/events/{event.slug}/sessions",
                                                    headers=bearer(token)).get_json()["items"]]
              for name, token in (("a", token_a), ("b", token_b))}
    assert titles == {"a": ["Keynote", "Referrals briefing"], "b": ["Keynote"]}
    url = f"{API}/events/{event.slug}/sessions"
    assert client.get(f"{url}/{restricted.id}", headers=bearer(token_a)).get_json()["title"] == "Referrals briefing"
    problem(client.get(f"{url}/{restricted.id}", headers=bearer(token_b)), 404)
    problem(client.get(f"{url}/{draft.id}", headers=bearer(token_a)), 404)
    assert client.get(f"{url}/{public.id}", headers=bearer(token_b)).status_code == 200


def test_commitments_are_those_the_caller_may_see_in_pages_with_an_etag(client, make_delegate, make_token, event,
                                                                      commitments, make_user):
    a, _b, made = commitments
    token = make_token(make_delegate(a), "commitments:read")
    url = f"{API}/events/{event.slug}/commitments"
    seen, cursor, pages = [], None, 0
    while True:
        response = client.get(url, query_string={"limit": 1, **({"cursor": cursor} if cursor else {})},
                              headers=bearer(token))
        body = response.get_json()
        seen += [c["title"] for c in body["items"]]
        cursor, pages = body["next_cursor"], pages + 1
        if cursor is None:
            break
    assert seen == ["public promise", "participants promise", "b-public promise"] and pages == 3
    staff = make_token(make_user("secretariat"), "commitments:read", "commitments:admin")
    assert len(client.get(url, headers=bearer(staff)).get_json()["items"]) == 4
    full = client.get(f"{API}/events/{event.slug}/staff/commitments", headers=bearer(staff)).get_json()["items"]
    assert {"contact", "verification_evidence", "id"} <= set(full[0])

    first = client.get(url, headers=bearer(token))
    assert first.headers["ETag"]
    unchanged = client.get(url, headers={**bearer(token), "If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b""
    problem(client.get(url, query_string={"cursor": "forged"}, headers=bearer(token)), 400)
    problem(client.get(url, query_string={"limit": 0}, headers=bearer(token)), 400)
    problem(client.get(f"{url}/{made['secretariat'].reference}", headers=bearer(token)), 404)


def test_progress_goes_through_the_web_forms_service_and_review(app, client, dbs, make_delegate, make_token, event,
                                                                commitments, secretariat_client):
    a, b, made = commitments
    token = make_token(make_delegate(a), "updates:write")
    url = f"{API}/events/{event.slug}/commitments/{made['public'].reference}/updates"
    posted = client.post(url, json={"text": "Figures published.", "progress": 60,
                                    "evidence": ["https://example.org/report"], "proposed_status": "in_progress"},
                         headers=bearer(token))
    assert posted.status_code == 201, posted.get_data(as_text=True)
    assert posted.get_json()["state"] == "pending" and posted.headers["Location"].endswith(made["public"].reference)
    update = dbs.scalar(select(ProgressUpdate))
    assert update.state is UpdateState.PENDING and update.evidence == "https://example.org/report"
    assert dbs.scalar(select(AuditEntry.actor_label).where(AuditEntry.action == "commitment.update_posted")
                      .order_by(AuditEntry.id.desc()).limit(1)).endswith("by API token #1")
    review = f"/events/{event.slug}/commitments/{made['public'].reference}/updates/{update.id}/review"
    assert secretariat_client.post_form(review, {"decision": "accept", "comment": ""}).status_code == 303

    body = problem(client.post(url, json={"text": "x", "progress": 5, "evidence": ["javascript:alert(1)"]},
                               headers=bearer(token)), 422)
    assert body["errors"][0]["field"] == "evidence"  # the service's own rule and message
    assert problem(client.post(url, json={"text": "", "progress": "lots"}, headers=bearer(token)), 422)["errors"]
    problem(client.post(url, data="text=x", headers=bearer(token)), 415)
    other = make_token(make_delegate(b), "updates:write")
    problem(client.post(url, json={"text": "Not ours.", "progress": 5}, headers=bearer(other)), 403)
    hidden = f"{API}/events/{event.slug}/commitments/{made['participants'].reference}/updates"
    problem(client.post(hidden, json={"text": "Not ours.", "progress": 5}, headers=bearer(other)), 404)


def test_my_rsvp_and_sign_ups(client, make_delegate, make_session, make_token, event, dbs, organiser):
    from summit.agenda.signups import sign_up

    user = make_delegate()
    item = make_session(title="Moderator thresholds")
    sign_up(dbs, SYSTEM, item, user.person)
    dbs.commit()
    token = make_token(user, "rsvp:read", "agenda:read")
    rsvp = client.get(f"{API}/events/{event.slug}/me/rsvp", headers=bearer(token)).get_json()
    assert rsvp["status"] == "accepted" and "dietary" not in rsvp
    signups = client.get(f"{API}/events/{event.slug}/me/signups", headers=bearer(token)).get_json()["items"]
    assert [(s["title"], s["status"]) for s in signups] == [("Moderator thresholds", "signed_up")]
    problem(client.get(f"{API}/events/{event.slug}/me/rsvp", headers=bearer(make_token(organiser, "rsvp:read"))), 404)


def test_a_token_over_its_rate_limit_waits_retry_after(app, client, delegate, make_token):
    app.config["API_RATE_LIMIT"] = 3
    token, other = make_token(delegate, "agenda:read"), make_token(delegate, "agenda:read", name="Other")
    for _ in range(3):
        assert client.get(f"{API}/events", headers=bearer(token)).status_code == 200
    response = client.get(f"{API}/events", headers=bearer(token))
    body = problem(response, 429)
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 60 and body["retry_after"] == wait
    assert client.get(f"{API}/events", headers=bearer(other)).status_code == 200  # per token


def test_routing_errors_under_the_api_are_problems_too(client, delegate, make_token):
    token = make_token(delegate, "agenda:read")
    response = client.delete(f"{API}/events", headers=bearer(token))
    problem(response, 405)
    assert "GET" in response.headers["Allow"]
    problem(client.get(f"{API}/nothing-here", headers=bearer(token)), 404)
    problem(client.get(f"{API}/events/no-such-event", headers=bearer(token)), 404)
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"  # the pages keep their own error page


def test_a_page_skips_what_the_caller_may_not_see_however_much_there_is(app, dbs, event, make_delegate, make_token,
                                                                        make_organisation, client):
    a = make_organisation("Company A", quota=10)
    with app.app_context():
        for n in range(125):  # more hidden ones than one batch read holds, then the visible ones
            visibility = CommitmentVisibility.SECRETARIAT if n < 120 else CommitmentVisibility.PUBLIC
            create_commitment(dbs, SYSTEM, event, CommitmentFields(
                title=f"Promise {n}", expectation=Expectation.SHARE_PRACTICE, lead_organisation_id=a.id,
                visibility=visibility))
        dbs.commit()
    token = make_token(make_delegate(a), "commitments:read")
    url, cursor, titles = f"{API}/events/{event.slug}/commitments", None, []
    for _ in range(4):
        body = client.get(url, query_string={"limit": 2, **({"cursor": cursor} if cursor else {})},
                          headers=bearer(token)).get_json()
        titles.append([c["title"] for c in body["items"]])
        if not (cursor := body["next_cursor"]):
            break
    assert titles == [["Promise 120", "Promise 121"], ["Promise 122", "Promise 123"], ["Promise 124"]]


def test_a_persons_data_export_lists_their_tokens_and_erasure_removes_them(app, dbs, client, delegate, make_token):
    from summit.privacy.erasure import erase_person
    from summit.privacy.export import export_person

    secret = make_token(delegate, "agenda:read", name="Our tracker")
    exported = export_person(dbs, delegate.person)["api_tokens"]
    assert [(t["name"], t["token_hash"]) for t in exported] == [("Our tracker", True)]  # the hash is not given out
    assert secret not in str(exported)
    with app.test_request_context():
        erase_person(dbs, SYSTEM, delegate.person)
    dbs.commit()
    assert dbs.scalars(select(ApiToken)).all() == []
    problem(client.get(f"{API}/events", headers=bearer(secret)), 401)
