from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import (
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from ..agenda.models import AgendaSession
from ..events import queries as events_queries
from ..events.models import Event, Organisation
from ..events.services import find_person
from ..forms import options
from .models import CommitmentStatus, CommitmentVisibility, Currency, Expectation, PledgeKind, Rag, ToolStatus
from .services import CommitmentError, CommitmentFields


def status_choices(current: CommitmentStatus | None = None) -> list[SelectChoice]:
    """The statuses one may set on the form: verified only stays verified (it is set on the page, with evidence)."""
    return options((s.value, s.label) for s in CommitmentStatus if s is not CommitmentStatus.VERIFIED or s is current)


EXPECTATIONS = options([("", "Choose the expectation it serves"), *((e.value, e.label) for e in Expectation)])


def optional_id(value: object) -> int | None:
    """A choice's id, or None for the empty "Choose …" option."""
    return int(value) if value not in ("", None) else None  # type: ignore[arg-type]
STATUSES = status_choices()
VISIBILITIES = options((v.value, v.label) for v in CommitmentVisibility)
RAGS = options((r.value, r.value.capitalize()) for r in Rag)
CURRENCIES = options([("", "No pledge of money"), *((c.value, c.value) for c in Currency)])
PLEDGE_KINDS = options([("", "No pledge of money"), *((k.value, k.label) for k in PledgeKind)])


class CaptureForm(FlaskForm):
    """The few fields needed in the room; the rest can follow."""

    title = StringField("What was committed", validators=[DataRequired(), Length(max=300)])
    # Nothing is preselected: in the room, a guessed company or expectation is worse than none.
    lead_organisation_id = SelectField("Lead organisation", coerce=optional_id, choices=[], validate_choice=False,
                                       validators=[DataRequired("Choose the lead organisation.")])
    expectation = SelectField("Expectation it serves", choices=EXPECTATIONS,
                              validators=[DataRequired("Choose the expectation it serves.")])
    due_on = DateField("Due by", validators=[Optional()])
    visibility = SelectField("Who may see it", choices=VISIBILITIES)
    session_id = SelectField("Agreed in session", coerce=int, choices=[], validate_choice=False)


class CommitmentForm(CaptureForm):
    description = TextAreaField("Description", validators=[Optional(), Length(max=10000)])
    organisation_ids = SelectMultipleField("Other owning organisations", coerce=int, choices=[], validate_choice=False)
    contact_email = StringField("Contact person's email", validators=[Optional(), Length(max=320)])
    agreed_on = DateField("Agreed on", validators=[Optional()])
    status = SelectField("Status", choices=STATUSES)
    progress = IntegerField("Progress (%)", default=0, validators=[InputRequired(), NumberRange(min=0, max=100)])
    rag = SelectField("Rating", choices=RAGS)
    rag_reason = StringField("Reason for the rating", validators=[Optional(), Length(max=500)],
                             description="Needed when the rating is red or amber.")
    pledge_amount = DecimalField("Amount pledged", places=2, validators=[Optional()],
                                 description="Money or its worth, e.g. 250000.00; leave empty when nothing is pledged.")
    pledge_currency = SelectField("Currency", choices=CURRENCIES, default="")
    pledge_kind = SelectField("Kind of pledge", choices=PLEDGE_KINDS, default="")


F = TypeVar("F", bound=CaptureForm)


@dataclass(frozen=True)
class CommitmentOptions:
    """What the commitment forms offer to choose from; the pages and the CSV import fill them the same way."""

    event: Event
    organisations: list[Organisation]
    sessions: list[AgendaSession]

    @classmethod
    def load(cls, session: Session, event: Event) -> CommitmentOptions:
        return cls(event, events_queries.organisations(session),
                   list(session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)
                                        .order_by(AgendaSession.starts_at))))

    def fill(self, form: F, status: CommitmentStatus | None = None) -> F:
        """Choices for this form; `status` is the commitment's current one, when it exists."""
        form.lead_organisation_id.choices = options([("", "Choose the lead organisation"),
                                                     *((str(o.id), o.name) for o in self.organisations)])
        form.session_id.choices = options([("0", "Not agreed in a session"), *(  # dates as people there read them
            (str(s.id), f"{self.event.local(s.starts_at):%a %-d %b} · {s.title}") for s in self.sessions)])
        if isinstance(form, CommitmentForm):
            form.organisation_ids.choices = options((str(o.id), o.name) for o in self.organisations)
            form.status.choices = status_choices(status)
        return form


def fields_from(session: Session, form: CaptureForm) -> CommitmentFields:
    """A valid form as the service's fields; the contact is found by email (CommitmentError if unknown)."""
    fields = CommitmentFields(
        title=form.title.data, expectation=Expectation(form.expectation.data),
        lead_organisation_id=form.lead_organisation_id.data, due_on=form.due_on.data,
        visibility=CommitmentVisibility(form.visibility.data), session_id=form.session_id.data or None)
    if isinstance(form, CommitmentForm):
        contact = find_person(session, form.contact_email.data) if form.contact_email.data else None
        if form.contact_email.data and contact is None:
            raise CommitmentError(f"{form.contact_email.data} is not known to Summit: invite or add them first.")
        fields.description, fields.organisation_ids = form.description.data or "", form.organisation_ids.data or []
        fields.contact_person_id, fields.agreed_on = (contact.id if contact else None), form.agreed_on.data
        fields.status, fields.progress = CommitmentStatus(form.status.data), form.progress.data
        fields.rag, fields.rag_reason = Rag(form.rag.data), form.rag_reason.data or ""
        fields.pledge_amount = form.pledge_amount.data
        fields.pledge_currency = Currency(form.pledge_currency.data) if form.pledge_currency.data else None
        fields.pledge_kind = PledgeKind(form.pledge_kind.data) if form.pledge_kind.data else None
    else:
        fields.ready = False  # quick capture: off the public report until the secretariat marks it ready
    return fields


class UpdateForm(FlaskForm):
    text = TextAreaField("What has happened", validators=[DataRequired(), Length(max=5000)])
    progress = IntegerField("Progress now (%)", validators=[InputRequired(), NumberRange(min=0, max=100)])
    evidence = TextAreaField("Evidence links (one per line)", validators=[Optional(), Length(max=5000)])
    proposed_status = SelectField("Propose a status", choices=[], default="")


class ReviewForm(FlaskForm):
    decision = SelectField("Decision", choices=options([("accept", "Accept"), ("return", "Return with a comment")]))
    comment = TextAreaField("Comment", validators=[Optional(), Length(max=2000)])


class VerifyForm(FlaskForm):
    evidence = TextAreaField("Evidence the verification rests on", validators=[DataRequired(), Length(max=5000)])


class MilestoneForm(FlaskForm):
    title = StringField("Milestone", validators=[DataRequired(), Length(max=300)])
    due_on = DateField("Due by", validators=[Optional()])


class ToolForm(FlaskForm):
    name = StringField("Tool", validators=[DataRequired(), Length(max=200)])
    owner_organisation_id = SelectField("Offered by", coerce=int, choices=[], validate_choice=False)
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    licence = StringField("Licence terms", validators=[Optional(), Length(max=500)])
    available_on = DateField("Available from", validators=[Optional()])
    status = SelectField("Status", choices=options((s.value, s.value.capitalize()) for s in ToolStatus))
    commitment_ids = SelectMultipleField("Promised by commitments", coerce=int, choices=[], validate_choice=False)


class AdoptionForm(FlaskForm):
    organisation_id = SelectField("Adopted by", coerce=int, choices=[], validate_choice=False)
    adopted_on = DateField("On", validators=[InputRequired()])


class ImportForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired(), FileAllowed(["csv", "txt"], "Choose a .csv file.")],
                     description="The columns of the export; rows are matched by reference, new references are added.")


class ToolRequestForm(FlaskForm):
    """Someone outside the summit asks for a tool."""

    name = StringField("Your name", validators=[DataRequired(), Length(max=200)])
    organisation_name = StringField("Your organisation", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Your email", validators=[DataRequired(), Length(max=320), Email(
        "Give an email address like name@example.org.", check_deliverability=False)])
    purpose = TextAreaField("What you would use it for", validators=[DataRequired(), Length(max=3000)])
