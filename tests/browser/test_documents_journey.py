"""An organiser uploads a paper for one organisation; a delegate of that organisation finds it on the Papers page and
downloads it; a delegate of another organisation never sees it. Chromium against gunicorn, on the demo data."""

from playwright.sync_api import expect
from sqlalchemy import select

from seeds.loader import load_demo
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.events.models import Event
from summit.invitations.models import Invitation, InvitationStatus
from tests.browser.a11y import check_page
from tests.browser.steps import sign_in
from tests.document_helpers import pdf_bytes

TITLE = "Microsoft-only: classifier licensing terms"
NAME = "licensing-terms-Überblick.pdf"


def open_papers(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Papers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Papers")
    check_page(page)


def test_a_paper_for_one_organisation_reaches_only_its_delegates(app, dbs, live_server, browser, tmp_path):
    with app.app_context():
        load_demo(dbs, app.config)
    event = dbs.scalar(select(Event))
    other = create_user(dbs, SYSTEM, email="nadia@thorn.example", role=Role.DELEGATE, password="a long password 1",
                        name="Nadia Rossi", organisation_name="Thorn")
    dbs.flush()
    dbs.add(Invitation(event_id=event.id, person_id=other.person_id, organisation_id=other.person.organisation_id,
                       status=InvitationStatus.ACCEPTED, holds_seat=True, quota_override=True))
    dbs.commit()
    paper = pdf_bytes("Licensing terms for the grooming-risk classifier")
    base = live_server()

    organiser = browser.new_context().new_page()
    sign_in(organiser, base, "organiser@homeoffice.example")
    open_papers(organiser)
    organiser.get_by_role("link", name="Manage documents").click()
    expect(organiser.get_by_role("heading", name="Upload a document")).to_be_visible()
    check_page(organiser)
    organiser.get_by_label("File").set_input_files({"name": NAME, "mimeType": "application/pdf", "buffer": paper})
    organiser.get_by_label("Title").fill(TITLE)
    organiser.get_by_label("Who may see it").select_option(label="Chosen organisations only")
    organiser.get_by_label("Organisations (for “Chosen organisations only”)").select_option(label="Microsoft")
    organiser.get_by_role("button", name="Upload").click()
    expect(organiser.get_by_role("status")).to_contain_text(f"Uploaded “{TITLE}”.")
    expect(organiser.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(organiser.get_by_text("Chosen organisations only: Microsoft")).to_be_visible()
    check_page(organiser)

    delegate = browser.new_context(accept_downloads=True).new_page()
    sign_in(delegate, base, "delegate@microsoft.example")
    open_papers(delegate)
    link = delegate.get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    with delegate.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename == NAME
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == paper

    outsider = browser.new_context().new_page()
    sign_in(outsider, base, "nadia@thorn.example", "a long password 1")
    open_papers(outsider)
    expect(outsider.get_by_role("link", name="Pre-read: the five expectations of industry")).to_be_visible()
    expect(outsider.get_by_text(TITLE)).to_have_count(0)

    organiser.reload()  # the organisers see the download, counted for the organisation
    expect(organiser.get_by_role("region", name="Download counts")).to_contain_text("Microsoft1")
    check_page(organiser)
