"""Name badges: PDF sheets of 8 or 6 and one per page, names in any script read back out, QR codes that scan to the
check-in page, for everyone accepted, one organisation or one person."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from summit.audit import AuditEntry
from summit.checkin import codes
from summit.checkin.badges import LAYOUTS, Badge, badges_pdf
from summit.clock import utcnow
from summit.events.models import OrganisationKind
from summit.invitations.models import Answer

NAMES = ["Zoë Ångström-Łukasiewicz", "Дмитрий Иванович Соколов", "محمد علي", "Ada Lovelace", "Grace Hopper",
         "Alan Turing", "Katherine Johnson", "Tim Berners-Lee", "Radia Perlman"]


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def badge(name: str, kind=OrganisationKind.COMPANY) -> Badge:
    return Badge(name, "Thorn", kind, "http://summit.test/events/x/check-in/c/ABCDEFGH")


@pytest.mark.parametrize(("layout", "per_page"), [("a4-8", 8), ("a4-6", 6), ("printer", 1)])
def test_layouts_put_eight_six_or_one_badge_on_a_page(layout, per_page):
    data = badges_pdf([badge(n) for n in NAMES], layout, "Badges")
    text = pages(data)
    assert len(text) == -(-len(NAMES) // per_page)
    assert "Ada Lovelace" in text[3 // per_page]
    reader = PdfReader(io.BytesIO(data))
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm, 1) == LAYOUTS[layout].page[0]


def test_names_in_latin_cyrillic_and_arabic_and_the_kind_and_footnote_read_back():
    text = "\n".join(pages(badges_pdf([badge(NAMES[0]), badge(NAMES[1], OrganisationKind.LAW_ENFORCEMENT),
                                       badge(NAMES[2], OrganisationKind.NGO)], "a4-8", "Badges")))
    assert NAMES[0] in text and NAMES[1] in text
    assert any("\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff" for ch in text)
    assert "COMPANY" in text and "LAW ENFORCEMENT" in text and "NGO" in text
    assert text.count("Chatham House Rule applies") == 3


def test_the_qr_matrix_is_the_code_segno_makes():
    import segno

    url = "http://summit.test/events/x/check-in/c/ABCDEFGH"
    matrix = codes.qr_matrix(url)
    expected = segno.make(url, error="m")
    assert len(matrix) == expected.symbol_size(scale=1, border=4)[0]
    assert sum(map(sum, matrix)) == sum(sum(row) for row in expected.matrix)


@pytest.fixture
def event(make_event):
    return make_event(starts_in=timedelta(days=2), rsvp_deadline=utcnow() + timedelta(days=1))


def test_organisers_print_everyone_accepted_one_organisation_or_one_person(app, dbs, event, make_organisation,
                                                                          make_invitee, organiser_client):
    thorn, snap = make_organisation("Thorn", kind="ngo"), make_organisation("Snap Inc.")
    zoe = make_invitee(event, name=NAMES[0], organisation=thorn)
    make_invitee(event, name=NAMES[1], organisation=snap)
    make_invitee(event, name="Maybe Person", organisation=snap, answer=Answer.TENTATIVE)
    everyone = organiser_client.get(f"/events/{event.slug}/badges.pdf?layout=a4-8")
    assert everyone.status_code == 200 and everyone.mimetype == "application/pdf"
    text = "\n".join(pages(everyone.data))
    assert NAMES[0] in text and NAMES[1] in text and "Maybe Person" not in text
    one_org = "\n".join(pages(organiser_client.get(
        f"/events/{event.slug}/badges.pdf?layout=a4-6&organisation={snap.id}").data))
    assert NAMES[1] in one_org and NAMES[0] not in one_org
    reprint = pages(organiser_client.get(f"/events/{event.slug}/badges.pdf?layout=printer&invitation={zoe.id}").data)
    assert len(reprint) == 1 and NAMES[0] in reprint[0]
    printed = dbs.scalars(select(AuditEntry.after).where(AuditEntry.action == "badges.print")).all()
    assert [p["count"] for p in printed] == [2, 1, 1]


def test_the_badge_page_offers_the_layouts(app, event, organiser_client):
    page = organiser_client.get(f"/events/{event.slug}/badges").get_data(as_text=True)
    assert "A4 sheets, 8 badges a page" in page and "Badge printer" in page
