"""Organisers read the audit log: every change, newest first, as sentences, searchable and a page at a time."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import db
from ..auth.permissions import organiser_only
from .history import audit_page

bp = Blueprint("audit_log", __name__, url_prefix="/admin/audit")


@bp.get("")
@organiser_only
def log():
    q = (request.args.get("q") or "").strip() or None
    lines, total, page, pages = audit_page(db.session, q, request.args.get("page", 1, type=int))
    return render_template("auth/audit_log.html", lines=lines, total=total, page=page, pages=pages, q=q)
