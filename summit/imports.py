"""The one two-step CSV import flow every feature uses: upload -> dry run shown -> confirm, checked again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from flask import abort, flash, redirect, render_template
from flask_wtf import FlaskForm

from . import db
from .forms import CsvConfirmForm


class Plan(Protocol):
    ok: bool
    problems: list[str]


def preview(upload: FlaskForm, confirm_class: type[CsvConfirmForm], plan: Callable[[bytes, FlaskForm], Plan],
            template: str, **context: Any):
    """Check the uploaded file and show what would happen; the page carries the text for the confirm step."""
    if not upload.validate_on_submit():
        return render_template(template, form=upload, plan=None, **context), 422
    data = upload.file.data.read()
    confirm = confirm_class(formdata=None, csv_text=data.decode("utf-8-sig", "replace"),
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
    if not checked.ok:
        return render_template(template, form=upload_class(formdata=None), plan=checked, confirm=confirm_form,
                               **context), 422
    message = apply(checked, confirm_form)
    db.session.commit()
    flash(message, "success")
    return redirect(done_url, 303)
