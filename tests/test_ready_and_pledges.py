"""Ready for the report, money pledged, and who has committed to what: captured commitments wait for the
secretariat; pledges add up per currency, never converted; the matrix names the invited who have said nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from sqlalchemy import select

from seeds.loader import load_demo
from summit.audit import SYSTEM, AuditEntry
from summit.commitments.models import (
    Commitment,
    CommitmentStatus,
    CommitmentVisibility,
    Currency,
    Expectation,
    PledgeKind,
)
from summit.commitments.reporting import build_report
from summit.commitments.rules import pledge_problem
from summit.commitments.services import CommitmentFields, create_commitment
from summit.events.models import Event
from tests.ical_parsers import parse_everywhere


@pytest.fixture
def event(make_event):
    return make_event(slug="outcomes")


@pytest.fixture
def company(make_organisation):
    return make_organisation("Company A")


def capture(client, event, company, title="Captured in the room"):
    return client.post_form(f"/events/{event.slug}/commitments/capture", {
        "title": title, "lead_organisation_id": company.id, "expectation": "stop_grooming",
        "visibility": "public", "session_id": "0", "due_on": "2031-06-30"})


# ---- ready for the report ------------------------------------------------------------------------------------

def test_a_captured_commitment_stays_off_the_public_report_until_marked_ready(app, dbs, client, secretariat_client,
                                                                              event, company):
    assert capture(secretariat_client, event, company).status_code == 303
    commitment = dbs.scalar(select(Commitment))
    assert commitment.ready is False and commitment.visibility is CommitmentVisibility.PUBLIC
    base = f"/events/{event.slug}"

    def public_titles() -> tuple[bool, bool, bool, bool]:
        html = client.get(f"{base}/report").get_data(as_text=True)
        data = client.get(f"{base}/report.json").get_json()
        text = client.get(f"{base}/report.csv").get_data(as_text=True)
        calendar, _, _ = parse_everywhere(client.get(f"{base}/commitments.ics").data)
        return ("Captured in the room" in html, bool(data["commitments"]), "Captured in the room" in text,
                bool(list(calendar.walk("VTODO"))))

    assert public_titles() == (False, False, False, False)
    dashboard = secretariat_client.get(f"{base}/commitments").get_data(as_text=True)
    waiting = dashboard.split('id="waiting-heading"')[1].split("</section>")[0]
    assert commitment.reference in waiting and "Mark ready" in waiting
    response = secretariat_client.post_form(f"{base}/commitments/{commitment.reference}/ready")
    assert response.status_code == 303
    assert public_titles() == (True, True, True, True)  # and the cached bodies did not stay stale
    dbs.expire_all()
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "commitment.ready"))
    assert entry.target_id == commitment.id and entry.after == {"ready": True}
    again = secretariat_client.post_form(f"{base}/commitments/{commitment.reference}/ready", follow_redirects=True)
    assert "already ready" in again.get_data(as_text=True)


def test_until_it_is_ready_only_staff_and_its_owners_see_it(app, dbs, secretariat_client, make_user, event,
                                                            company, make_organisation):
    capture(secretariat_client, event, company)
    reference = dbs.scalar(select(Commitment.reference))
    owner, other = app.test_client(), app.test_client()
    owner.sign_in(make_user("delegate", organisation=company).person.email)
    other.sign_in(make_user("delegate", organisation=make_organisation("Company B")).person.email)
    url = f"/events/{event.slug}/commitments/{reference}"
    assert owner.get(url).status_code == 200 and other.get(url).status_code == 404


def test_recorded_and_seeded_commitments_count_as_ready(app, dbs):
    with app.app_context():
        load_demo(dbs, app.config)
    assert set(dbs.scalars(select(Commitment.ready))) == {True}


# ---- pledges -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "currency", "kind", "field"), [
    (None, None, None, None),
    (Decimal("250000.00"), Currency.GBP, PledgeKind.FUNDING, None),
    (None, Currency.GBP, None, "pledge_amount"),
    (Decimal("0"), Currency.GBP, PledgeKind.FUNDING, "pledge_amount"),
    (Decimal("-5"), Currency.GBP, PledgeKind.FUNDING, "pledge_amount"),
    (Decimal("1.005"), Currency.GBP, PledgeKind.FUNDING, "pledge_amount"),
    (Decimal("10"), None, PledgeKind.FUNDING, "pledge_currency"),
    (Decimal("10"), Currency.EUR, None, "pledge_kind"),
])
def test_a_pledge_is_whole_or_absent(amount, currency, kind, field):
    problem = pledge_problem(amount, currency, kind)
    assert (problem[1] if problem else None) == field


def test_the_commitment_form_records_a_pledge_as_a_decimal(dbs, secretariat_client, event, company):
    form = {"title": "Fund pilots", "expectation": "live_streaming", "lead_organisation_id": company.id,
            "session_id": "0", "visibility": "public", "status": "agreed", "progress": "0", "rag": "green",
            "pledge_amount": "1234.5", "pledge_currency": "GBP", "pledge_kind": "funding"}
    assert secretariat_client.post_form(f"/events/{event.slug}/commitments/new", form).status_code == 303
    commitment = dbs.scalar(select(Commitment))
    assert commitment.pledge_amount == Decimal("1234.50") and isinstance(commitment.pledge_amount, Decimal)
    assert (commitment.pledge_currency, commitment.pledge_kind) == (Currency.GBP, PledgeKind.FUNDING)
    assert commitment.ready is True  # recorded on the full form: ready at once
    page = secretariat_client.get(f"/events/{event.slug}/commitments/{commitment.reference}/edit")
    assert 'value="1234.50"' in page.get_data(as_text=True)
    half = secretariat_client.post_form(f"/events/{event.slug}/commitments/new",
                                        {**form, "title": "Half a pledge", "pledge_currency": ""})
    body = half.get_data(as_text=True)
    assert half.status_code == 422 and "Choose the currency" in body and 'value="Half a pledge"' in body


def test_pledges_travel_through_the_secretariat_csv_export_and_import(dbs, secretariat_client, event, company):
    create_commitment(dbs, SYSTEM, event, CommitmentFields(
        title="Engineers for the classifier", expectation=Expectation.OFFER_TOOLS_FREE, lead_organisation_id=company.id,
        pledge_amount=Decimal("99000.00"), pledge_currency=Currency.USD, pledge_kind=PledgeKind.ENGINEERING_TIME))
    dbs.commit()
    exported = secretariat_client.get(f"/events/{event.slug}/commitments/export.csv").get_data(as_text=True)
    row = next(csv.DictReader(io.StringIO(exported)))
    assert (row["pledge amount"], row["pledge currency"], row["pledge kind"]) == ("99000.00", "USD",
                                                                                  "engineering_time")
    changed = exported.replace("99000.00", "120000.00")
    response = secretariat_client.post_form(f"/events/{event.slug}/commitments/import/confirm", {"csv_text": changed})
    assert response.status_code == 303
    dbs.expire_all()
    assert dbs.scalar(select(Commitment.pledge_amount)) == Decimal("120000.00")


def test_a_withdrawn_pledge_counts_for_nothing_and_currencies_never_mix(app, dbs, event, company, make_organisation):
    other = make_organisation("Company B")
    for title, owner, amount, currency, status in (
            ("A", company, "100.10", Currency.GBP, CommitmentStatus.AGREED),
            ("B", company, "0.20", Currency.GBP, CommitmentStatus.DELIVERED),
            ("C", other, "1000", Currency.USD, CommitmentStatus.AGREED),
            ("D", other, "5000", Currency.GBP, CommitmentStatus.WITHDRAWN)):
        create_commitment(dbs, SYSTEM, event, CommitmentFields(
            title=title, expectation=Expectation.OTHER, lead_organisation_id=owner.id, status=status,
            pledge_amount=Decimal(amount), pledge_currency=currency, pledge_kind=PledgeKind.FUNDING))
    dbs.commit()
    with app.test_request_context():
        report = build_report(dbs, event, public_only=True)
    assert [(c, total) for c, total, _ in report.pledge_totals()] == [(Currency.GBP, Decimal("100.30")),
                                                                     (Currency.USD, Decimal("1000"))]
    assert report.pledges_by_organisation() == [("Company A", [(Currency.GBP, Decimal("100.30"))]),
                                                ("Company B", [(Currency.USD, Decimal("1000"))])]


# ---- the demo report: totals and the matrix ----------------------------------------------------------------

@pytest.fixture
def demo(app, dbs):
    with app.app_context():
        load_demo(dbs, app.config)
    return dbs.scalar(select(Event))


def test_the_demo_report_totals_pledges_by_currency_and_organisation(app, client, dbs, demo):
    html = client.get(f"/events/{demo.slug}/report").get_data(as_text=True)
    money = html.split('id="pledges-heading"')[1].split("</section>")[0]
    assert "£290,000.00 GBP" in money and "$475,000.00 USD" in money and "€30,000.00 EUR" in money
    assert "Microsoft: $250,000.00 USD" in money and "UK Home Office: £250,000.00 GBP" in money
    data = client.get(f"/events/{demo.slug}/report.json").get_json()
    assert data["pledges"]["by_currency"] == {"GBP": "290000.00", "USD": "475000.00", "EUR": "30000.00"}
    assert data["pledges"]["by_organisation"]["Thorn"] == {"USD": "75000.00"}
    text = client.get(f"/events/{demo.slug}/report.csv").get_data(as_text=True)
    rows = {row["title"][:20]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Fund pilots to detec"]["pledge amount"] == "250000.00"
    assert rows["Fund pilots to detec"]["pledge kind"] == "Funding"


def test_the_demo_matrix_shows_each_invited_organisation_by_expectation(app, client, dbs, demo):
    with app.test_request_context():
        matrix = build_report(dbs, demo, public_only=True).matrix
    rows = {row.organisation.name: [cell.summary() for cell in row.cells] for row in matrix.rows}
    assert rows["Microsoft"] == ["—", "—", "—", "—", "—", "2 (1 Agreed, 1 In progress)"]
    assert rows["Roblox"] == ["—", "1 (1 In progress)", "—", "—", "—", "—"]
    assert rows["Facebook"][4] == "1 (1 At risk)"
    assert "National Crime Agency" in rows  # invited; its one commitment is for participants only
    assert [o.name for o in matrix.silent()] == ["Homeland Security Investigations", "NCMEC",
                                                 "National Crime Agency", "Parent Zone",
                                                 "WePROTECT Global Alliance"]
    html = client.get(f"/events/{demo.slug}/report").get_data(as_text=True)
    section = html.split('id="matrix-heading"')[1].split("</section>")[0]
    assert 'role="region" aria-label="Invited organisations by expectation" tabindex="0"' in section
    assert '<th scope="row">NCMEC <span class="badge">No commitment yet</span></th>' in section
    assert "<li>Parent Zone: No commitment yet</li>" in section
    assert section.count('<th scope="col">') == 7


def test_the_secretariat_sets_the_wording_and_the_cached_report_follows(app, client, dbs, demo, secretariat_client):
    client.get(f"/events/{demo.slug}/report")  # built and cached with the default wording
    response = secretariat_client.post_form(f"/events/{demo.slug}/outcome/wording",
                                            {"wording": "Has not yet committed to anything"})
    assert response.status_code == 303
    html = client.get(f"/events/{demo.slug}/report").get_data(as_text=True)
    assert "<li>NCMEC: Has not yet committed to anything</li>" in html and "No commitment yet" not in html
    dashboard = secretariat_client.get(f"/events/{demo.slug}/commitments").get_data(as_text=True)
    assert "Has not yet committed to anything" in dashboard and 'id="matrix-heading"' in dashboard
    empty = secretariat_client.post_form(f"/events/{demo.slug}/outcome/wording", {"wording": "  "})
    assert empty.status_code == 422
