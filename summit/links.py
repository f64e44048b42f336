"""Absolute links for emails, calendars and links people copy: one builder, on BASE_URL, with or without a request."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app
from werkzeug.routing import MapAdapter


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of `endpoint` on this site's public address (BASE_URL), never the request's Host."""
    return _adapter(current_app.config["BASE_URL"]).build(endpoint, values, force_external=True)


def _adapter(base_url: str) -> MapAdapter:
    """The URL map bound to BASE_URL, once per app and address (building with an adapter changes nothing in it)."""
    adapters = current_app.extensions.setdefault("summit.links", {})
    adapter = adapters.get(base_url)
    if adapter is None:
        base = urlsplit(base_url)
        adapter = adapters[base_url] = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                                                url_scheme=base.scheme)
    return adapter


def site_host() -> str:
    """The host name of BASE_URL: the right-hand side of UIDs and Message-IDs."""
    return urlsplit(current_app.config["BASE_URL"]).hostname or "summit.local"


def init_app(app: Flask) -> None:
    app.add_template_global(external_url)
