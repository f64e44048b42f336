"""Who sees what on a commitment: unreviewed progress stays with its owners and the secretariat, and the history
shown to anyone but staff names roles and organisations, never email addresses."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from summit.audit import Actor
from summit.commitments.models import CommitmentStatus, CommitmentVisibility, Expectation, ProgressUpdate

PENDING_TEXT = "Figures slip to the third quarter"
RETURNED_TEXT = "Nearly there, trust us"
RETURN_COMMENT = "The linked report does not show the numbers"
ACCEPTED_TEXT = "Transparency report published"


@pytest.fixture
def event(make_event):
    return make_event(slug="privacy")


@pytest.fixture
def world(app, dbs, event, make_organisation, make_user):
    """A public commitment owned by Company B, recorded by the secretariat, with one update in each state."""
    from summit.commitments.services import CommitmentFields, create_commitment

    company_a, company_b = make_organisation("Company A"), make_organisation("Company B")
    people = SimpleNamespace(
        secretariat=make_user("secretariat", email="sec@summit.example", name="Sam Secretariat"),
        organiser=make_user("organiser", email="org@summit.example", name="Olive Organiser"),
        delegate_a=make_user("delegate", email="ann@a.example", name="Ann Alpha", organisation=company_a),
        delegate_b=make_user("delegate", email="bob@b.example", name="Bob Bravo", organisation=company_b))
    fields = CommitmentFields(title="Publish transparency figures", expectation=Expectation.SHARE_PRACTICE,
                              lead_organisation_id=company_b.id, visibility=CommitmentVisibility.PUBLIC,
                              status=CommitmentStatus.IN_PROGRESS)
    with app.test_request_context():
        commitment = create_commitment(dbs, Actor.of(people.secretariat), event, fields)
        dbs.commit()
    base = f"/events/{event.slug}/commitments/{commitment.reference}"
    bob, sam = client_for(app, people.delegate_b), client_for(app, people.secretariat)
    for text in (ACCEPTED_TEXT, RETURNED_TEXT, PENDING_TEXT):
        assert bob.post_form(f"{base}/updates", {"text": text, "progress": 40,
                                                 "evidence": f"https://b.example/{len(text)}"}).status_code == 303
    updates = {u.text: u for u in dbs.scalars(select(ProgressUpdate))}
    assert sam.post_form(f"{base}/updates/{updates[ACCEPTED_TEXT].id}/review",
                         {"decision": "accept", "comment": ""}).status_code == 303
    assert sam.post_form(f"{base}/updates/{updates[RETURNED_TEXT].id}/review",
                         {"decision": "return", "comment": RETURN_COMMENT}).status_code == 303
    return SimpleNamespace(commitment=commitment, base=base, people=people, company_b=company_b)


def client_for(app, user):
    client = app.test_client()
    assert client.sign_in(user.person.email).status_code == 303
    return client


def page_for(app, world, who: str) -> tuple[str, str]:
    """(the progress updates section, the history section) of the commitment's page as this person sees it."""
    html = client_for(app, getattr(world.people, who)).get(world.base).get_data(as_text=True)
    updates = html.split('id="updates-heading"')[1].split('id="history-heading"')[0]
    return updates, html.split('id="history-heading"')[1]


def test_another_companys_delegate_sees_only_reviewed_progress_and_no_email_addresses(app, world):
    updates, history = page_for(app, world, "delegate_a")
    assert ACCEPTED_TEXT in updates
    for secret in (PENDING_TEXT, RETURNED_TEXT, RETURN_COMMENT, "Bob Bravo", "https://b.example/33"):
        assert secret not in updates + history, secret
    assert "Company B delegate" in updates  # who reported accepted progress: the organisation, not the person
    for address in ("sec@summit.example", "bob@b.example", "@"):
        assert address not in history, address
    assert "Secretariat" in history and "update accepted" in history
    assert "update posted" not in history and "update returned" not in history


def test_the_owning_company_sees_its_pending_and_returned_updates_and_roles_in_the_history(app, world):
    updates, history = page_for(app, world, "delegate_b")
    for text in (ACCEPTED_TEXT, RETURNED_TEXT, PENDING_TEXT, RETURN_COMMENT, "Bob Bravo"):
        assert text in updates, text
    assert "@" not in history
    assert "Secretariat" in history and "Company B delegate" in history and "update posted" in history


@pytest.mark.parametrize("who", ["secretariat", "organiser"])
def test_staff_see_everything_with_who_exactly(app, world, who):
    updates, history = page_for(app, world, who)
    for text in (ACCEPTED_TEXT, RETURNED_TEXT, PENDING_TEXT, RETURN_COMMENT, "Bob Bravo"):
        assert text in updates, text
    assert "sec@summit.example" in history and "bob@b.example" in history


def test_who_may_see_pending_updates(world):
    from summit.auth.permissions import viewer_for

    people, commitment = world.people, world.commitment

    def may(user, item=commitment) -> bool:
        return viewer_for(user).may_see_pending_updates(item)

    assert may(people.secretariat) and may(people.organiser) and may(people.delegate_b)
    assert not may(people.delegate_a)
    assert not may(None)
    assert not may(SimpleNamespace(is_authenticated=False))
    secret = SimpleNamespace(organisations=commitment.organisations, visibility=CommitmentVisibility.SECRETARIAT)
    assert not may(people.delegate_b, secret)
    assert may(people.secretariat, secret)


def test_history_labels_name_roles_and_organisations(app, dbs, world):
    from summit.auth.history import actor_role_label, history_for

    rows = history_for(dbs, "commitments", world.commitment.id, show_people=False)
    labels = {row.who for row in rows}
    assert labels == {"Secretariat", "Company B delegate"}
    assert actor_role_label(None) == "Summit"
    assert actor_role_label(world.people.organiser) == "Organiser"
    staff_rows = history_for(dbs, "commitments", world.commitment.id, show_people=True)
    assert {row.who for row in staff_rows} == {"Sam Secretariat <sec@summit.example>", "Bob Bravo <bob@b.example>"}
