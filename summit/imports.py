"""The one two-step CSV import flow every feature uses: upload -> dry run shown -> confirm, checked again;
and the one way an importer checks a row: with the web page's own form, fed the row as a browser would."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any, Protocol, TypeVar

from flask import abort, flash, redirect, render_template
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta

from . import db
from .csvio import decode_text
from .errors import RuleBroken
from .forms import CsvConfirmForm

F = TypeVar("F", bound=Form)


class Plan(Protocol):
    ok: bool
    problems: list[str]


def preview(upload: FlaskForm, confirm_class: type[CsvConfirmForm], plan: Callable[[bytes, FlaskForm], Plan],
            template: str, **context: Any):
    """Check the uploaded file and show what would happen; the page carries the text for the confirm step."""
    if not upload.validate_on_submit():
        return render_template(template, form=upload, plan=None, **context), 422
    data = upload.file.data.read()
    confirm = confirm_class(formdata=None, csv_text=decode_text(data) or "",
                            **{k: v for k, v in upload.data.items() if k in confirm_class.__dict__})
    checked = plan(data, upload)
    return render_template(template, form=upload, plan=checked, confirm=confirm, **context), (
        200 if checked.ok else 422)


def confirm(confirm_form: CsvConfirmForm, upload_class: type[FlaskForm], plan: Callable[[bytes, FlaskForm], Plan],
            apply: Callable[[Plan, FlaskForm], str], template: str, done_url: str, **context: Any):
    """Check the text again (it may have changed, or been tampered with) and apply it all, or nothing."""
    if not confirm_form.validate_on_submit():
        abort(400)
    checked = plan(confirm_form.csv_text.data.encode("utf-8"), confirm_form)
    try:
        message = apply(checked, confirm_form) if checked.ok else None
    except RuleBroken as exc:  # a rule only the service can check broke while applying: still all or nothing
        db.session.rollback()
        checked.problems.append(str(exc))
        message = None
    if message is None:
        return render_template(template, form=upload_class(formdata=None), plan=checked, confirm=confirm_form,
                               **context), 422
    db.session.commit()
    flash(message, "success")
    return redirect(done_url, 303)


# ---- checking one row with the web page's form ----------------------------------------------------------------

class _RowMeta(DefaultMeta):
    """WTForms' own behaviour instead of Flask-WTF's: no CSRF token and no translations looked up on the app, so a
    row is checked the same way in a request, from the CLI or in a test without any app context."""

    csrf = False

    def get_translations(self, form):
        return DefaultMeta.get_translations(self, form)


@cache
def _for_rows(form_class: type[F]) -> type[F]:
    return type(form_class.__name__, (form_class,), {"Meta": _RowMeta})  # same fields, validators and choices


def row_form(form_class: type[F], values: Mapping[str, str | list[str]]) -> F:
    """The web page's form filled from one CSV row, mapped to its field names (lists for multiple values)."""
    formdata = MultiDict([(name, v) for name, value in values.items()
                          for v in (value if isinstance(value, list) else [value])])
    return _for_rows(form_class)(formdata=formdata, meta={"csrf": False})


def cells(row: Mapping[str, str], columns: Iterable[str], defaults: Mapping[str, str]) -> dict[str, str]:
    """Every column of a row, absent or empty cells taking their default (else '')."""
    return dict.fromkeys(columns, "") | dict(defaults) | {column: text for column, text in row.items() if text}


def choice_value(choices: Iterable[SelectChoice], text: str) -> str:
    """The value of the choice a cell names by its value or its label, in any case ('In progress' -> 'in_progress');
    the text itself when none matches, for the form to refuse."""
    wanted = " ".join(text.lower().replace("_", " ").split())
    for choice in choices:
        if wanted in (choice.value.replace("_", " "), str(choice.label).lower()):
            return choice.value
    return text


def form_problems(form: Form, columns: Mapping[str, str] | None = None,
                  hints: Mapping[str, str] | None = None) -> list[str]:
    """The form's errors, each named by the CSV column(s) its field came from (else by the field's name), with the
    value given and a hint on the expected shape where one helps."""
    columns, hints = columns or {}, hints or {}
    return [_problem(field, error, columns.get(field.name, field.name.replace("_", " ")), hints.get(field.name))
            for field in form for error in field.errors]


def _given(field: Any) -> str:
    """What the row gave the field, short enough to quote."""
    given = "; ".join(value for value in field.raw_data or () if value)
    return given if len(given) <= 40 else given[:39] + "…"


def _problem(field: Any, error: str, column: str, hint: str | None) -> str:
    message = error.rstrip(".")
    if isinstance(field, SelectField) and field.validate_choice:
        message += ". Use one of: " + ", ".join(c.value for c in field.iter_choices() if c.value)
    if hint:
        message += f" ({hint})"
    given = _given(field)
    return f"{column} {given!r}: {message}" if given else f"{column}: {message}"
