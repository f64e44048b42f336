from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy.orm import Session
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.passwords import MIN_LENGTH
from ..events import queries as events_queries
from ..forms import CsvConfirmForm, options
from .models import ACCESS_OPTIONS, DIETARY_OPTIONS, Answer

ANSWERS = options([(Answer.ACCEPT.value, "Yes, I will attend"), (Answer.TENTATIVE.value, "Maybe: I am not sure yet"),
                   (Answer.DECLINE.value, "No, I cannot attend")])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InviteForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=320)])
    organisation = SelectField("Organisation", choices=[], validate_choice=False, validators=[DataRequired()])
    job_title = StringField("Job title", validators=[Optional(), Length(max=200)])
    send = BooleanField("Send the invitation email now", default=True)


def organisation_choices(session: Session) -> list[SelectChoice]:
    """The invite form's organisations, by name: the page and the CSV import offer the same list."""
    return events_queries.organisation_choices(session, key="name", blank="Choose an organisation")


class ImportUploadForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired(), FileAllowed(["csv", "txt"], "Choose a .csv file.")],
                     description="Columns: name, email, organisation, job title; a header row; UTF-8 or Windows "
                                 "text, commas or semicolons.")
    create_organisations = BooleanField("Create organisations that do not exist yet")
    skip_invited = BooleanField("Skip people already invited (instead of stopping the import)")


class ImportConfirmForm(CsvConfirmForm):
    create_organisations = BooleanField()
    skip_invited = BooleanField()
    send = BooleanField("Send the invitation emails now", default=True)


class RsvpForm(FlaskForm):
    answer = RadioField("Will you attend?", choices=ANSWERS, validators=[InputRequired("Choose an answer.")])
    dietary = MultiCheckboxField("Dietary requirements", choices=options(DIETARY_OPTIONS.items()))
    dietary_other = StringField("Other dietary requirements", validators=[Optional(), Length(max=300)])
    access = MultiCheckboxField("Access needs", choices=options(ACCESS_OPTIONS.items()))
    access_needs = TextAreaField("Anything else about access", validators=[Optional(), Length(max=2000)])
    listed_consent = BooleanField("Show my name, job title and organisation on the delegate list that other "
                                  "delegates can see")
    comment = TextAreaField("A note for the organisers", validators=[Optional(), Length(max=2000)])
    password = PasswordField(
        "Create a password (optional)", validators=[Optional(), Length(min=MIN_LENGTH, max=1000)],
        description=f"With a password you get an account to choose sessions and report progress later. "
                    f"At least {MIN_LENGTH} characters.",
    )


class NominateForm(FlaskForm):
    colleague_name = StringField("Colleague's full name", validators=[DataRequired(), Length(max=200)])
    colleague_email = EmailField("Colleague's email",
                                 validators=[DataRequired(), Email(check_deliverability=False), Length(max=320)])
    colleague_job_title = StringField("Colleague's job title", validators=[Optional(), Length(max=200)])
