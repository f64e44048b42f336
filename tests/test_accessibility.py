"""Every form control has a label, ids are unique, and each page has one h1 and one main landmark."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from seeds.loader import load_demo


class Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.labels: set[str] = set()
        self.ids: list[str] = []
        self.h1 = 0
        self.main = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.controls.append(a)
        self.h1 += tag == "h1"
        self.main += tag == "main"


PAGES = {
    "organiser": ["/", "/admin/users", "/admin/organisations", "/events/redmond-summit/invitations",
                  "/events/redmond-summit/invitations/import", "/events/redmond-summit/invitations/reminders",
                  "/events/redmond-summit/programme", "/events/redmond-summit/programme/rooms",
                  "/events/redmond-summit/programme/sessions/new", "/events/redmond-summit/programme/sessions/3/edit",
                  "/events/redmond-summit/settings", "/admin/outbox", "/events/redmond-summit/agenda",
                  "/events/redmond-summit/agenda?view=grid", "/account/security",
                  "/events/redmond-summit/invitations/1/erase-person", "/events/redmond-summit/documents",
                  "/events/redmond-summit/documents/1", "/events/redmond-summit/papers",
                  "/events/new?from=redmond-summit", "/events/redmond-summit/organisations",
                  "/events/london-progress-review"],
    "secretariat": ["/events/redmond-summit/commitments", "/events/redmond-summit/commitments/capture",
                    "/events/redmond-summit/commitments/new", "/events/redmond-summit/commitments/C-001",
                    "/events/redmond-summit/tools", "/events/redmond-summit/commitments/import",
                    "/events/london-progress-review/review"],
    "delegate": ["/rsvp", "/events/redmond-summit/my-agenda", "/events/redmond-summit/sessions/4",
                 "/profile/calendar", "/events/redmond-summit/commitments", "/events/redmond-summit/commitments/C-001",
                 "/events/redmond-summit/delegates", "/account/security", "/events/redmond-summit/papers",
                 "/account/api"],
    None: ["/login", "/login/forgot", "/events/redmond-summit/report", "/privacy", "/api/v1/docs",
           "/events/redmond-summit/series"],
}


@pytest.fixture
def demo(app, dbs):
    with app.app_context():
        load_demo(dbs, app.config)


@pytest.mark.parametrize("role", list(PAGES))
def test_every_control_is_labelled_and_pages_have_landmarks(app, demo, role):
    client = app.test_client()
    if role:
        assert client.sign_in(f"{role}@{'microsoft' if role == 'delegate' else 'homeoffice'}.example",
                              "summit-demo").status_code == 303
    for url in PAGES[role]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = Controls()
        page.feed(response.get_data(as_text=True))
        assert page.h1 == 1 and page.main == 1, url
        for control in page.controls:
            labelled = (control.get("id") in page.labels or control.get("aria-label")
                        or control.get("aria-labelledby"))
            assert labelled, f"{url}: unlabelled {control}"
        duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
        assert not duplicates, f"{url}: duplicate ids {duplicates}"
