"""Demo papers: a pre-read for everyone invited, a briefing for law enforcement only (on its restricted session) and
the hackathon's data notes as plain text. Small PDFs made with fpdf2, each saying it is demo data."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from summit.agenda.models import AgendaSession
from summit.documents.models import Document, DocumentAudience
from summit.documents.services import DocumentFields, Upload, upload_document
from summit.events.models import Event
from summit.pdf import new_document, to_bytes

from .loader import SEED_ACTOR

DEMO_NOTE = "Demo data: illustrative only, not a real briefing."
PAPERS = [
    {"title": "Pre-read: the five expectations of industry", "name": "pre-read-five-expectations.pdf",
     "audience": DocumentAudience.INVITED, "session": None,
     "lines": ["Block child sexual abuse material as soon as it is detected being uploaded.",
               "Stop child grooming taking place on platforms.",
               "Work with government and law enforcement to shut down live-streamed abuse.",
               "Be more forward-leaning in helping law enforcement deal with these crimes.",
               "Show openness and transparency, and share best practice and technology."]},
    {"title": "Briefing: referral pathways for law enforcement", "name": "referral-pathways.pdf",
     "audience": DocumentAudience.KINDS, "kinds": ["law_enforcement"],
     "session": "Briefing: data sharing and referrals to law enforcement",
     "lines": ["How platform reports reach hotlines and police, and where they stall.",
               "Held under the Chatham House Rule; law enforcement participants only."]},
    {"title": "Hackathon data-set notes", "name": "hackathon-data-notes.txt", "audience": DocumentAudience.ACCEPTED,
     "session": "Hackathon sprint 1: scoring conversation risk",
     "text": "Hackathon data-set notes\n\nThe sprint uses synthetic conversations and donated, de-identified "
             "transcripts. Do not copy data off the provided laptops.\n\n" + DEMO_NOTE + "\n"},
]


def seed_documents(session: Session, event: Event, config: Mapping[str, Any], today: date) -> str:
    if session.scalar(select(Document.id).where(Document.event_id == event.id).limit(1)) is not None:
        return "0 documents"
    for paper in PAPERS:
        item = session.scalar(select(AgendaSession).where(AgendaSession.event_id == event.id,
                                                          AgendaSession.title == paper["session"])) \
            if paper["session"] else None
        data = paper["text"].encode() if "text" in paper else _pdf(paper["title"], paper["lines"])
        upload_document(session, SEED_ACTOR, event, DocumentFields(
            title=paper["title"], session_id=item.id if item else None, audience=paper["audience"],
            organisation_kinds=paper.get("kinds", [])), Upload(paper["name"], data))
    return f"{len(PAPERS)} documents"


def _pdf(title: str, lines: list[str]) -> bytes:
    pdf = new_document(title=title, author="Summit demo")
    pdf.add_page()
    pdf.set_font(size=16)
    pdf.multi_cell(w=0, text=title)
    pdf.set_font(size=11)
    pdf.ln(4)
    for line in lines:
        pdf.multi_cell(w=0, text=f"• {line}")
        pdf.ln(1)
    pdf.ln(4)
    pdf.multi_cell(w=0, text=DEMO_NOTE)
    return to_bytes(pdf)
