"""The organisers' document forms: upload, audience, new version, delete."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy.orm import Session
from wtforms import BooleanField, DateTimeLocalField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..agenda.queries import all_sessions
from ..clock import to_utc
from ..events import queries as events_queries
from ..events.models import Event, OrganisationKind
from ..forms import options
from .models import Document, DocumentAudience
from .services import DocumentFields

AUDIENCES = options((a.value, a.label) for a in DocumentAudience)
KINDS = options((k.value, k.label) for k in OrganisationKind)
LOCAL = "%Y-%m-%dT%H:%M"
FILE_HINT = ("PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx), PNG, JPEG or plain text; the type is read from "
             "the content, not the name.")


class AudienceForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    session_id = SelectField("Belongs to", choices=[], coerce=int, validate_choice=False)
    audience = SelectField("Who may see it", choices=AUDIENCES, default=DocumentAudience.ACCEPTED.value)
    organisation_ids = SelectMultipleField("Organisations (for “Chosen organisations only”)", choices=[], coerce=int,
                                           validate_choice=False)
    organisation_kinds = SelectMultipleField("Kinds of organisation (for “Chosen kinds of organisation only”)",
                                             choices=KINDS)
    embargo_until = DateTimeLocalField("Hidden from delegates until (event time, optional)", format=LOCAL,
                                       validators=[Optional()])

    def fill(self, session: Session, event: Event) -> AudienceForm:
        self.session_id.choices = options([("0", "The whole event"),
                                           *((str(s.id), s.title) for s in all_sessions(session, event))])
        self.organisation_ids.choices = options((str(o.id), o.name) for o in events_queries.organisations(session))
        return self

    def fields(self, event: Event) -> DocumentFields:
        embargo = self.embargo_until.data
        return DocumentFields(title=self.title.data or "", session_id=self.session_id.data or None,
                              audience=DocumentAudience(self.audience.data),
                              organisation_ids=list(self.organisation_ids.data or []),
                              organisation_kinds=list(self.organisation_kinds.data or []),
                              embargo_until=to_utc(embargo, event.zone) if embargo else None)

    @classmethod
    def of(cls, document: Document) -> AudienceForm:
        embargo = document.event.local(document.embargo_until).replace(tzinfo=None) \
            if document.embargo_until else None
        return cls(formdata=None, title=document.title, session_id=document.session_id or 0,
                   audience=document.audience.value, organisation_ids=[o.id for o in document.organisations],
                   organisation_kinds=list(document.organisation_kinds), embargo_until=embargo)


class UploadForm(AudienceForm):
    file = FileField("File", validators=[FileRequired("Choose a file to upload.")], description=FILE_HINT)


class VersionForm(FlaskForm):
    file = FileField("New version", validators=[FileRequired("Choose a file to upload.")], description=FILE_HINT)


class DeleteForm(FlaskForm):
    confirm = BooleanField("Yes, delete this document and all its versions",
                           validators=[DataRequired("Tick the box to confirm.")])
