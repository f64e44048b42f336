from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..forms import options
from .models import Role
from .passwords import MIN_LENGTH

ROLE_CHOICES = options((role.value, role.label) for role in Role)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])


class LinkRequestForm(FlaskForm):
    """"Email me a sign-in link", offered when sign-in is paused: the email typed comes back hidden."""

    email = HiddenField("Email", validators=[DataRequired(), Length(max=320)])


class LogoutForm(FlaskForm):
    """Only a CSRF token: signing out is a POST."""


class NewUserForm(FlaskForm):
    name = StringField("Full name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=320)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    organisation = SelectField("Organisation", choices=[], validate_choice=False)


class EditUserForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Account is active")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])


class SetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired(), Length(min=MIN_LENGTH, max=1000)],
                             description=f"At least {MIN_LENGTH} characters.")
    confirm = PasswordField("New password again", validators=[
        DataRequired(), EqualTo("password", message="The two passwords are not the same.")])


class CodeForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired(), Length(max=40)],
                       description="The six digits your authenticator app shows now, or one of your recovery codes.")


class TurnOffForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1000)])
