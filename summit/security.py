"""Headers on every response, the proxies we trust, and the friendly error pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, render_template, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import db

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path of this app, else None (refuses //host, /\\host, scheme: and control chars)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


OWN_CHOICE = frozenset({"Content-Security-Policy", "Permissions-Policy"})  # a view may set its own


def security_headers(config: Mapping[str, Any]) -> dict[str, str]:
    """The headers every answer carries (also those the calendar's fast path gives, calendar/fastpath.py)."""
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
               "X-Frame-Options": "DENY", "Permissions-Policy": "camera=(), microphone=(), geolocation=()"}
    if hsts := config["STRICT_TRANSPORT_SECURITY"]:
        headers["Strict-Transport-Security"] = hsts
    return headers


def _set_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in security_headers(current_app.config).items():
        if name in OWN_CHOICE:
            headers.setdefault(name, value)
        else:
            headers[name] = value
    personal = current_user.is_authenticated or session.get("invitation_id") is not None
    if personal and request.endpoint != "static" and "no-store" not in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "no-store"
    return response


class CookieSession(SecureCookieSessionInterface):
    """Flask's signed-cookie session, read only when the request brings the cookie: a request without one (a calendar
    client, a first visit) starts with an empty session without building the signer, and an empty session that
    nothing changed is not written back (no Set-Cookie)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not session and not session.modified:
            if session.accessed:  # what Flask does: the answer may differ with a cookie
                response.vary.add("Cookie")
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSession()
    if proxies := app.config["PROXY_FIX_X_FOR"]:
        # Behind that many proxies, the client's address and scheme come from X-Forwarded-For/-Proto (the Host
        # header is still the one TRUSTED_HOSTS checks).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)  # type: ignore[method-assign]
    app.after_request(_set_headers)

    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page(code))


TITLES = {
    400: "That request could not be understood",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    413: "That file is too large",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


def _error_page(code: int):
    def handler(error: Exception) -> tuple[str, int] | tuple[str, int, dict[str, str]]:
        if isinstance(error, SecurityError):  # a Host outside TRUSTED_HOSTS: no links can be built for it
            return "This site does not answer to that host name.\n", code, {"Content-Type": "text/plain; charset=utf-8"}
        if code == 500:
            db.session.rollback()  # the failed transaction must not break the error page's own queries
        description = getattr(error, "description", None) if code in (400, 429) else None
        if code == 413:
            # The body was refused unread; the layout's forms must not try to read it again.
            request.__dict__.update(form=ImmutableMultiDict(), files=ImmutableMultiDict())
            limit = request.max_content_length or 0
            description = (f"This form accepts at most {limit / 1024 / 1024:.0f} MB in all. Nothing was saved: "
                           "go back and choose a smaller file.")
        return render_template("errors/error.html", code=code, title=TITLES[code], description=description), code

    return handler
