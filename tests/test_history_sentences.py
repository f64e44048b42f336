"""Histories read as sentences with names for staff, not JSON or ids; organisers search the audit log (issue 12)."""

from __future__ import annotations

from summit.auth.sentences import sentence
from tests import test_invitations

event, company, make_invitation = test_invitations.event, test_invitations.company, test_invitations.make_invitation


def test_a_sentence_names_people_and_says_the_change_in_words():
    names = {("person_id", 7): "Grace Holloway", ("organisation_id", 3): "Roblox"}
    assert sentence("Alex Organiser", "invitation.create", None,
                    {"person_id": 7, "organisation_id": 3, "substitute_for": None}, names) == (
        "Alex Organiser invited them: person Grace Holloway; organisation Roblox; substitute for none.")
    assert sentence("Alex Organiser", "invitation.revoke", {"status": "sent"}, {"status": "revoked"}) == (
        "Alex Organiser revoked the invitation: state Sent → Revoked.")
    assert sentence("Sam", "commitment.update", {"rag": "green", "due_on": "2030-01-01"},
                    {"rag": "amber", "due_on": "2030-02-01"}) == (
        "Sam changed the commitment: rating Green → Amber; due 2030-01-01 → 2030-02-01.")


def test_the_invitation_history_reads_as_sentences(organiser_client, make_invitation, event):
    invitation = make_invitation(name="Grace Holloway")
    organiser_client.post_form(f"/events/{event.slug}/invitations/{invitation.id}/revoke")
    html = organiser_client.get(f"/events/{event.slug}/invitations/{invitation.id}").get_data(as_text=True)
    history = html.split('id="history-heading"')[1]
    assert "invited them: person Grace Holloway; organisation Roblox" in history
    assert "revoked the invitation: state Sent → Revoked." in history
    assert "{&#34;" not in history and '{"' not in history  # no JSON


def test_organisers_search_the_audit_log(organiser_client, delegate_client, make_invitation, event):
    for _ in range(3):
        make_invitation()
    page = organiser_client.get("/admin/audit").get_data(as_text=True)
    assert "invited them" in page and "Page 1 of 1" in page
    found = organiser_client.get("/admin/audit?q=invitation.send").get_data(as_text=True)
    assert found.count("sent the invitation") == 3 and "invited them" not in found
    assert delegate_client.get("/admin/audit").status_code == 403
