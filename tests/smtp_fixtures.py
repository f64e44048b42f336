"""A real SMTP server in-process (aiosmtpd) for mail tests: a pytest plugin, see conftest."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import free_port, test_config


class SMTPRecorder:
    """An aiosmtpd handler that stores what it receives, can be told to refuse or to answer slowly, and (like a
    careless server) accepts any AUTH without TLS, recording the credentials it was sent."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.replies: list[str] = []  # replies to give to the next DATA commands instead of accepting
        self.delays: dict[str, float] = {}  # seconds to wait before answering MAIL, or DATA's final "."
        self.logins: list[tuple[str, str]] = []

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=True)

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802 - aiosmtpd's hook
        await asyncio.sleep(self.delays.get("MAIL", 0))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        await asyncio.sleep(self.delays.get("DATA", 0))
        if self.replies:
            return self.replies.pop(0)
        from email import message_from_bytes
        from email.policy import default

        self.messages.append(message_from_bytes(envelope.original_content, policy=default))
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.handler = SMTPRecorder()
        self.controller = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Any]:
        return self.handler.messages

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, auth_require_tls=False,
                                     authenticator=self.handler.authenticate)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def refuse_next(self, *replies: str) -> None:
        self.handler.replies.extend(replies)


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_app_config(database_url: str, tmp_path: Path, smtp_server: SMTPServer) -> dict[str, Any]:
    return test_config(database_url, tmp_path, MAIL_URL=smtp_server.url, MAIL_FROM="Summit <summit@summit.test>")
