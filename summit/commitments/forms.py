from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..forms import options
from .models import CommitmentStatus, CommitmentVisibility, Expectation, Rag, ToolStatus

EXPECTATIONS = options((e.value, e.label) for e in Expectation)
STATUSES = options((s.value, s.label) for s in CommitmentStatus if s is not CommitmentStatus.VERIFIED)
VISIBILITIES = options((v.value, v.label) for v in CommitmentVisibility)
RAGS = options((r.value, r.value.capitalize()) for r in Rag)


class CaptureForm(FlaskForm):
    """The few fields needed in the room; the rest can follow."""

    title = StringField("What was committed", validators=[DataRequired(), Length(max=300)])
    lead_organisation_id = SelectField("Lead organisation", coerce=int, choices=[], validate_choice=False)
    expectation = SelectField("Expectation it serves", choices=EXPECTATIONS)
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


class UpdateForm(FlaskForm):
    text = TextAreaField("What has happened", validators=[DataRequired(), Length(max=5000)])
    progress = IntegerField("Progress now (%)", validators=[InputRequired(), NumberRange(min=0, max=100)])
    evidence = TextAreaField("Evidence links (one per line)", validators=[Optional(), Length(max=5000)])
    proposed_status = SelectField("Propose a status", choices=[], validate_choice=False)


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
