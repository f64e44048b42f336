"""The one permission check: who may see what."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, request
from flask_login import current_user, login_required

from ..audit import Actor
from .models import Role


def role_required(*roles: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Views for signed-in users with one of these roles; others get 403."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def has_role(*roles: Role) -> bool:
    return bool(current_user.is_authenticated and current_user.role in roles)


def current_actor() -> Actor:
    """The audit actor for this request."""
    if current_user.is_authenticated:
        return Actor.of(current_user)
    return Actor(f"anonymous from {request.remote_addr}")


organiser_only = role_required(Role.ORGANISER)
staff_only = role_required(Role.ORGANISER, Role.SECRETARIAT)
