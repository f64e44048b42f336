"""The world the URL-map access test walks (one event; companies A and B, each with an accepted delegate; a
secretariat user; an organiser; objects of company A for every URL argument), and how it reads the answers."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing.converters import AnyConverter

from summit import create_app, tokens
from summit.agenda.models import SessionKind, Visibility
from summit.agenda.services import (
    SessionFields,
    create_room,
    create_session,
    create_track,
    publish_agenda,
    set_public_agenda,
)
from summit.agenda.signups import sign_up
from summit.api.services import create_token
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.calendar.models import FeedScope
from summit.calendar.services import issue_feed
from summit.checkin.codes import code_for
from summit.commitments.models import CommitmentVisibility, Expectation, ProgressUpdate
from summit.commitments.services import CommitmentFields, add_milestone, create_commitment, post_update
from summit.commitments.tool_requests import request_tool
from summit.commitments.tools import create_tool
from summit.documents.models import DocumentAudience
from summit.documents.services import DocumentFields, Upload, upload_document
from summit.events.models import OrganisationKind
from summit.events.services import create_event, create_organisation
from summit.invitations.models import Answer
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.mail.models import OutboxMessage
from summit.notes.models import NoteKind, NoteVisibility
from summit.notes.services import add_note
from summit.outcome.services import publish, save_draft
from summit.questions.models import QuestionKind, Readers
from summit.questions.services import QuestionFields, add_question
from tests.conftest import PASSWORD, SummitClient, test_config

# ---- the world -------------------------------------------------------------------------------------------------


@dataclass
class World:
    slug: str
    emails: dict[str, str]  # account name -> email: delegate_a, delegate_b, secretariat, organiser
    organisation_a: int
    user_a: int
    invitation_a: int  # delegate A's invitation, accepted, with consent to be listed
    message_a: int  # the outbox message that invited delegate A
    tool_a: int
    sessions: dict[str, int]  # "public", "restricted" (to company A); both published
    commitments: dict[str, dict[str, int | str]]  # visibility -> reference, milestone_id, update_id (all company A's)
    tokens: dict[str, str]  # feed-personal, feed-organisation, feed-secretariat, invitation, unknown
    titles: dict[str, str]  # variant -> title of A's object that not everyone may read
    api_tokens: dict[str, str]  # API scope -> a token with only that scope (A's delegate; staff for staff scopes)
    api_token_a: int  # the id of A's delegate's agenda:read token
    documents: dict[str, dict[str, int]] = field(default_factory=dict)  # audience -> document_id, version_id
    question_a: int = 0  # an RSVP question that delegate A has answered
    notes: dict[str, int] = field(default_factory=dict)  # "public", "restricted": a note in each session
    tool_request: int = 0  # a request for A's tool from outside the summit, not yet confirmed


def summit_app(database_url: str, directory: Path) -> Flask:
    """An app as conftest's `app` fixture makes it, on this database; the caller disposes its engine."""
    # Each visitor tries every capability route with unknown tokens: more misses than one address may make in
    # earnest. The throttle has tests of its own; here it would only turn "missing" into 429.
    app = create_app(test_config(database_url, directory, CAPABILITY_MISS_LIMIT=1000))
    app.test_client_class = SummitClient
    return app


TITLES = {"session=public": "Keynote on the five expectations",
          "session=restricted": "Referrals briefing for company A only",
          "commitment=public": "Public promise of company A",
          "commitment=participants": "Participants-only promise of company A",
          "commitment=secretariat": "Secretariat-only promise of company A",
          "document=organisations": "Paper for company A only",
          "document=kinds": "Briefing for law enforcement only",
          "document=staff": "Running order for staff only",
          "document=embargoed": "Outcome draft under embargo",
          # delegate A's answers to RSVP questions: one for organisers only, one the secretariat may read too
          "answer=organisers": "Hotel known only to organisers and A",
          "answer=staff": "Arrival known to staff and A"}
# A document of each audience (all for the whole event): name -> its fields beyond the title
DOCUMENTS = {"invited": {"audience": DocumentAudience.INVITED},
             "accepted": {"audience": DocumentAudience.ACCEPTED},
             "organisations": {"audience": DocumentAudience.ORGANISATIONS},  # company A
             "kinds": {"audience": DocumentAudience.KINDS, "organisation_kinds": ["law_enforcement"]},
             "staff": {"audience": DocumentAudience.STAFF},
             "embargoed": {"audience": DocumentAudience.INVITED}}  # until the event starts


API_SCOPES = ("agenda:read", "rsvp:read", "commitments:read", "updates:write", "invitations:read",
              "commitments:admin")
API_TOKEN_OWNERS = {"invitations:read": "organiser", "commitments:admin": "secretariat"}


def build_world(app: Flask, *, public_agenda: bool) -> World:
    """Everything through the services, as the factories in conftest and agenda_helpers do."""
    engine = app.extensions["summit.engine"]
    with app.test_request_context(), Session(engine) as db:
        start = (datetime.now(UTC) + timedelta(days=30)).replace(hour=17, minute=0, second=0, microsecond=0)
        event = create_event(db, SYSTEM, slug="access-summit", name="Access Summit", venue="Building 33",
                             city="Redmond, WA", timezone="America/Los_Angeles", starts_at=start,
                             ends_at=start + timedelta(days=1, hours=8), rsvp_deadline=start - timedelta(days=10),
                             co_hosts="Home Office and Microsoft", contact_email="organiser@example.org")
        set_public_agenda(db, SYSTEM, event, public_agenda)
        company_a, company_b = (create_organisation(db, SYSTEM, name=f"Company {x}", kind=OrganisationKind.COMPANY,
                                                    delegate_quota=5) for x in "AB")
        db.flush()
        emails = {"delegate_a": "delegate.a@example.org", "delegate_b": "delegate.b@example.org",
                  "secretariat": "secretariat@example.org", "organiser": "organiser@example.org"}
        users = {name: create_user(db, SYSTEM, email=email, role=Role(name.split("_")[0]), password=PASSWORD,
                                   name=name.replace("_", " ").title(),
                                   organisation_name={"delegate_a": "Company A", "delegate_b": "Company B"}.get(name))
                 for name, email in emails.items()}
        db.flush()
        questions = [add_question(db, SYSTEM, event, QuestionFields(
            kind=QuestionKind.SHORT_TEXT, label=label, readers=readers, for_security=True))
            for label, readers in (("Hotel", Readers.ORGANISERS), ("Arrival", Readers.STAFF))]
        invitations = {}
        for name in ("delegate_a", "delegate_b"):
            person = users[name].person
            invitations[name] = invite(db, SYSTEM, event, name=person.name, email=person.email,
                                       organisation_name=person.organisation.name)  # queues the invitation email
            answers = ({questions[0].id: TITLES["answer=organisers"], questions[1].id: TITLES["answer=staff"]}
                       if name == "delegate_a" else None)
            respond(db, SYSTEM, invitations[name], Reply(Answer.ACCEPT, listed_consent=True, answers=answers))
        invitation_token, invitations["delegate_a"].token_hash = tokens.new_token()  # a link we know, as resend does
        room = create_room(db, SYSTEM, event, name="Cascade", capacity=24)
        track = create_track(db, SYSTEM, event, name="Detection", colour="#123456")
        db.flush()
        sessions = {}
        for n, (name, visibility, owners) in enumerate((("public", Visibility.PUBLIC, []),
                                                        ("restricted", Visibility.RESTRICTED, [company_a.id]))):
            starts = start + timedelta(hours=1 + 2 * n)
            sessions[name] = create_session(db, SYSTEM, event, SessionFields(
                title=TITLES[f"session={name}"], kind=SessionKind.WORKSHOP, starts_at=starts,
                ends_at=starts + timedelta(hours=1), seat_limit=10, room_id=room.id, track_id=track.id,
                visibility=visibility, organisation_ids=owners))
        publish_agenda(db, SYSTEM, event)  # the drafts become published, as version 1
        sign_up(db, SYSTEM, sessions["restricted"], users["delegate_a"].person)  # something in A's own feed
        commitments, public_commitment = {}, None
        for visibility in CommitmentVisibility:
            commitment = create_commitment(db, SYSTEM, event, CommitmentFields(
                title=TITLES[f"commitment={visibility.value}"], expectation=Expectation.SHARE_PRACTICE,
                lead_organisation_id=company_a.id, visibility=visibility, due_on=start.date() + timedelta(days=90)))
            db.flush()
            milestone = add_milestone(db, SYSTEM, commitment, "First step", None)
            if visibility is CommitmentVisibility.SECRETARIAT:  # owners may not report on it: the staff wrote this
                update = ProgressUpdate(commitment_id=commitment.id, author_id=users["secretariat"].id,
                                        text="Noted in a call.", progress=10, evidence="")
                db.add(update)
                db.flush()
            else:
                update = post_update(db, SYSTEM, users["delegate_a"], commitment, text="Started.", progress=10,
                                     evidence="", proposed_status=None)
            if visibility is CommitmentVisibility.PUBLIC:
                public_commitment = commitment.id
            commitments[visibility.value] = {"reference": commitment.reference, "milestone_id": milestone.id,
                                             "update_id": update.id}
        tool = create_tool(db, SYSTEM, event, name="Grooming-risk classifier", owner_organisation_id=company_a.id,
                           commitment_ids=[public_commitment])
        documents = {}
        for name, fields in DOCUMENTS.items():
            extra = {"organisation_ids": [company_a.id]} if name == "organisations" else {}
            document = upload_document(db, SYSTEM, event, DocumentFields(
                title=TITLES.get(f"document={name}", f"Paper for {name}"), embargo_until=start if name == "embargoed"
                else None, **fields, **extra), Upload(f"{name}.txt", f"The {name} paper.\n".encode()))
            documents[name] = {"document_id": document.id, "version_id": document.current.id}
        feed_tokens = {
            "feed-personal": issue_feed(db, SYSTEM, users["delegate_a"], event, FeedScope.MY_AGENDA),
            "feed-organisation": issue_feed(db, SYSTEM, users["delegate_a"], event, FeedScope.COMMITMENTS),
            "feed-secretariat": issue_feed(db, SYSTEM, users["secretariat"], event, FeedScope.COMMITMENTS),
        }
        made = {scope: create_token(db, SYSTEM, users[API_TOKEN_OWNERS.get(scope, "delegate_a")], name=scope,
                                    scopes=[scope], expires_in_days=30) for scope in API_SCOPES}
        db.flush()
        notes = {name: add_note(db, SYSTEM, users["secretariat"], item,
                                kind=NoteKind.ACTION, visibility=NoteVisibility.SECRETARIAT,
                                text="Follow up on the referral format.").id
                 for name, item in sessions.items()}
        save_draft(db, SYSTEM, users["secretariat"], event, "### Outcome\n\nWe agreed to act.")
        publish(db, SYSTEM, event)
        tool_request = request_tool(db, event, tool, name="Sam Lee", organisation_name="Small Chat Ltd",
                                    email="sam@smallchat.example", purpose="Moderation.", address="192.0.2.1")
        db.flush()
        message = db.scalar(select(OutboxMessage).where(OutboxMessage.invitation_id == invitations["delegate_a"].id)
                            .order_by(OutboxMessage.id).limit(1))  # the invitation email
        world = World(
            slug=event.slug, emails=emails, organisation_a=company_a.id, user_a=users["delegate_a"].id,
            invitation_a=invitations["delegate_a"].id, message_a=message.id, tool_a=tool.id,
            sessions={name: item.id for name, item in sessions.items()}, commitments=commitments,
            tokens={**feed_tokens, "invitation": invitation_token, "unknown": secrets.token_urlsafe(32),
                    "check-in-a": code_for(invitations["delegate_a"].id)},
            titles={k: v for k, v in TITLES.items() if k not in ("session=public", "commitment=public")},
            documents=documents,
            api_tokens={scope: secret for scope, (_row, secret) in made.items()},
            api_token_a=made["agenda:read"][0].id,
            question_a=questions[0].id,
            notes=notes, tool_request=tool_request.id)
        db.commit()
    return world


# ---- the cases: every rule, method and variant of its arguments -------------------------------------------------

Arguments = dict[str, dict[str, Callable[[World], object]]]


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    variant: tuple[tuple[str, str], ...]  # (argument, variant label) for each argument of the rule
    unknown: tuple[str, ...] = ()  # arguments the test has no value for

    @property
    def rule_key(self) -> str:
        return f"{self.endpoint} {self.method}"

    @property
    def key(self) -> str:
        labels = list(dict.fromkeys(label for _, label in self.variant if label))
        return self.rule_key + (f" [{', '.join(labels)}]" if labels else "")

    def url(self, app: Flask, world: World, arguments: Arguments) -> str:
        values = {name: (label.split("=", 1)[1] if name not in arguments else arguments[name][label](world))
                  for name, label in self.variant}
        return app.url_map.bind("localhost").build(self.endpoint, values, method=self.method)


def rule_cases(app: Flask, arguments: Arguments) -> list[Case]:
    """One case per rule, method (HEAD and OPTIONS aside) and variant. Arguments whose variants carry the same
    labels vary together (a commitment's reference, milestone and update); others multiply. An any() converter
    gives its own values; an argument `arguments` does not know gives a case that fails by name."""
    cases = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        dimensions: dict[tuple[str, ...], list[str]] = {}
        unknown = []
        for name in sorted(rule.arguments):
            converter = rule._converters[name]  # noqa: SLF001 - werkzeug keeps a rule's converters here
            if isinstance(converter, AnyConverter):
                labels = tuple(f"{name}={item}" for item in sorted(converter.items))
            elif name in arguments:
                labels = tuple(arguments[name])
            else:
                unknown.append(name)
                continue
            dimensions.setdefault(labels, []).append(name)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for chosen in itertools.product(*dimensions):
                variant = tuple(sorted((name, label) for labels, label in zip(dimensions, chosen, strict=True)
                                       for name in dimensions[labels]))
                cases.append(Case(rule.endpoint, method, variant, tuple(unknown)))
    return cases


# ---- reading the answers ---------------------------------------------------------------------------------------

OK, LOGIN, FORBIDDEN, MISSING, UNAUTHORISED = "ok", "login", "forbidden", "missing", "unauthorised"


@dataclass(frozen=True)
class Seen:
    outcome: str
    status: int
    location: str | None
    mentions: frozenset[str] = frozenset()  # which of the world's titles the body shows

    def __str__(self) -> str:
        return f"{self.outcome} (HTTP {self.status}{' to ' + self.location if self.location else ''})"


def classify(response) -> Seen:
    """The outcome classes of the table. A guard in Summit answers 403, 404 or a redirect to the sign-in page,
    and those never read as "ok". A 400, 409 or 422 reads as "ok": only a form or a service answers so, after
    the guards let the request in (the POSTs carry a valid CSRF token and empty forms, so the view runs and
    refuses the form). The one 400 that comes before any guard, a refused CSRF token, would make every guarded
    POST look alike, so it stops the test instead of being read. A POST that a service refuses with a flash and a
    redirect also reads as "ok": the table says what should happen, and its KNOWN_GAPS name where it does not."""
    status, location = response.status_code, response.headers.get("Location")
    if status in (301, 302, 303, 307, 308):
        return Seen(LOGIN if urlsplit(location).path == "/login" else OK, status, location)
    if status == 400:
        assert "CSRF" not in response.get_data(as_text=True), "the CSRF token was refused: the test is broken"
    if 200 <= status < 300 or status in (400, 409, 422):
        return Seen(OK, status, None)
    return Seen({401: UNAUTHORISED, 403: FORBIDDEN, 404: MISSING}.get(status, f"HTTP {status}"), status, None)


def observe(app: Flask, world: World, email: str | None, cases: list[Case], arguments: Arguments
            ) -> Iterator[tuple[Case, Seen | str]]:
    """Sign in through the form (or not), then request every case with that same session cookie, restored
    before each request so that nothing one request puts in the session (a followed invitation link, a
    sign-out) changes another. GETs go first: some POSTs revoke links or feed tokens, or cancel a session; signing
    out goes last, because it ends the session on the server and no cookie brings it back."""
    client = app.test_client()
    if email is not None:
        response = client.sign_in(email)
        assert response.status_code == 303, response.get_data(as_text=True)
    csrf = client.csrf_token()
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(cookie_name).value
    for case in sorted(cases, key=lambda c: (c.method != "GET", c.endpoint == "auth.logout")):
        if case.unknown:
            yield case, f"no value for the argument(s) {', '.join(case.unknown)}: add them to ARGUMENTS"
            continue
        client.set_cookie(cookie_name, cookie)
        url = case.url(app, world, arguments)
        response = client.get(url) if case.method == "GET" else client.post(url, data={"csrf_token": csrf})
        body = response.get_data().decode("utf-8", "replace")  # PDFs are bytes
        mentions = frozenset(variant for variant, title in world.titles.items() if title in body)
        yield case, replace(classify(response), mentions=mentions)


def observe_token(app: Flask, world: World, secret: str, cases: list[Case], arguments: Arguments
                  ) -> Iterator[tuple[Case, Seen | str]]:
    """Request every case with `Authorization: Bearer <secret>` and no sign-in: GETs first; the API's POSTs send an
    empty JSON object, the pages' POSTs a valid CSRF token of a signed-out session (a token is no sign-in)."""
    client = app.test_client()
    csrf = client.csrf_token()
    headers = {"Authorization": f"Bearer {secret}"}
    for case in sorted(cases, key=lambda c: c.method != "GET"):
        if case.unknown:
            yield case, f"no value for the argument(s) {', '.join(case.unknown)}: add them to ARGUMENTS"
            continue
        url = case.url(app, world, arguments)
        if case.method == "GET":
            response = client.get(url, headers=headers)
        elif case.endpoint.startswith("api."):
            response = client.post(url, json={}, headers=headers)
        else:
            response = client.post(url, data={"csrf_token": csrf}, headers=headers)
        body = response.get_data(as_text=True)
        mentions = frozenset(variant for variant, title in world.titles.items() if title in body)
        yield case, replace(classify(response), mentions=mentions)
