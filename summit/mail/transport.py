"""Where mail goes: SMTP (STARTTLS), SMTPS, or files in a folder (development). Failures are sorted into
temporary (retry later) and permanent (give up)."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit


class TemporaryFailure(Exception):
    """Try again later: connection refused, timeout, a 4xx reply."""


class PermanentFailure(Exception):
    """Do not try again: a 5xx reply."""


class Transport:
    def send(self, message: EmailMessage) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *_exc: object | TracebackType) -> None:
        self.close()


class FileTransport(Transport):
    """Writes each message to <folder>/<message-id>.eml; the demo needs no mail server."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = "".join(ch for ch in message["Message-ID"].strip("<>") if ch.isalnum() or ch in "-_.@") + ".eml"
        (self.folder / name).write_bytes(message.as_bytes())


class SMTPTransport(Transport):
    """One connection reused for a batch; reconnects after a failure."""

    def __init__(self, host: str, port: int, username: str | None, password: str | None, implicit_tls: bool,
                 timeout: float = 30) -> None:
        self.host, self.port, self.username, self.password = host, port, username, password
        self.implicit_tls, self.timeout = implicit_tls, timeout
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.implicit_tls:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=context)
                connection.ehlo()
        if self.username:
            connection.login(self.username, self.password or "")
        return connection

    def send(self, message: EmailMessage) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            refused = self.connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            self._drop()
            replies = list(exc.recipients.values())
            detail = "; ".join(f"{code} {_text(text)}" for code, text in replies)
            raise _by_code(min(code for code, _ in replies), detail) from None
        except smtplib.SMTPResponseException as exc:
            self._drop()
            raise _by_code(exc.smtp_code, f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from None
        if refused:
            code, text = next(iter(refused.values()))
            raise _by_code(code, f"{code} {_text(text)}")

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.quit()
            self._drop()


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _by_code(code: int, text: str) -> Exception:
    return PermanentFailure(text) if 500 <= code < 600 else TemporaryFailure(text)


def from_url(url: str) -> Transport:
    """A transport for MAIL_URL: smtp://user:pass@host:587, smtps://user:pass@host:465, file:///folder."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return FileTransport(unquote(parts.netloc + parts.path))
    if parts.scheme in ("smtp", "smtps"):
        implicit = parts.scheme == "smtps"
        return SMTPTransport(
            parts.hostname or "localhost", parts.port or (465 if implicit else 587),
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None, implicit,
        )
    raise ValueError(f"MAIL_URL must start with smtp://, smtps:// or file://, not {parts.scheme}://")


def describe(url: str) -> str:
    """MAIL_URL without its password, for logs and pages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url
