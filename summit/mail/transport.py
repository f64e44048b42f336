"""Where mail goes: SMTP (STARTTLS), SMTPS, or files in a folder (development). Failures are sorted into
temporary (retry later) and permanent (give up)."""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

# RFC 5321 4.5.3.2: how long to wait for each reply, in seconds. The reply to the final "." gets 10 minutes: a client
# that gives up sooner sends the message again although the server may have accepted it.
RFC_5321_TIMEOUTS = {"greeting": 300, "command": 300, "data_start": 120, "data_block": 180, "data_end": 600}


class TemporaryFailure(Exception):
    """Try again later: connection refused, timeout, a 4xx reply."""


class PermanentFailure(Exception):
    """Do not try again: a 5xx reply."""


class Transport:
    def send(self, message: EmailMessage) -> None:
        raise NotImplementedError

    def send_bytes(self, message_id: str, sender: str, recipient: str, data: bytes) -> None:
        """Send a message already flattened to its wire bytes (CRLF line ends) from `sender` to `recipient`."""
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
        self.send_bytes(message["Message-ID"], "", "", message.as_bytes())

    def send_bytes(self, message_id: str, sender: str, recipient: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = "".join(ch for ch in message_id.strip("<>") if ch.isalnum() or ch in "-_.@") + ".eml"
        (self.folder / name).write_bytes(data)


class _StagedTimeouts:
    """smtplib waiting as long as RFC 5321 allows for each reply, rather than one timeout for every stage."""

    timeouts: Mapping[str, float]
    sock: socket.socket | None

    def __init__(self, *args: Any, timeouts: Mapping[str, float], **kwargs: Any) -> None:
        self.timeouts = timeouts
        super().__init__(*args, timeout=timeouts["greeting"], **kwargs)  # type: ignore[call-arg]

    def _wait(self, stage: str) -> None:
        if self.sock is not None:
            self.sock.settimeout(self.timeouts[stage])

    def putcmd(self, cmd: str, args: str = "") -> None:
        self._wait("data_start" if cmd.lower() == "data" else "command")
        super().putcmd(cmd, args)  # type: ignore[misc]

    def data(self, msg: bytes) -> tuple[int, bytes]:
        """smtplib's DATA (sendmail hands it bytes), with the data-block and final-dot timeouts."""
        code, reply = self.docmd("data")  # type: ignore[attr-defined]
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        body = re.sub(rb"(?m)^\.", b"..", msg)
        body += b"" if body.endswith(b"\r\n") else b"\r\n"
        self._wait("data_block")
        self.send(body + b".\r\n")  # type: ignore[attr-defined]
        self._wait("data_end")
        return self.getreply()  # type: ignore[attr-defined]


class _SMTP(_StagedTimeouts, smtplib.SMTP):
    pass


class _SMTPS(_StagedTimeouts, smtplib.SMTP_SSL):
    pass


class SMTPTransport(Transport):
    """One connection reused for a batch; reconnects after a failure. Credentials go only over TLS."""

    def __init__(self, host: str, port: int, username: str | None, password: str | None, implicit_tls: bool,
                 timeouts: Mapping[str, float] | None = None) -> None:
        self.host, self.port, self.username, self.password = host, port, username, password
        self.implicit_tls = implicit_tls
        unknown = set(timeouts or {}) - set(RFC_5321_TIMEOUTS)
        if unknown:
            raise ValueError(f"MAIL_TIMEOUTS knows {', '.join(RFC_5321_TIMEOUTS)}, not {', '.join(sorted(unknown))}")
        self.timeouts = {**RFC_5321_TIMEOUTS, **(timeouts or {})}
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.implicit_tls:
            connection: smtplib.SMTP = _SMTPS(self.host, self.port, context=context, timeouts=self.timeouts)
        else:
            connection = _SMTP(self.host, self.port, timeouts=self.timeouts)
            connection.ehlo()
            if connection.has_extn("starttls"):
                connection.starttls(context=context)
                connection.ehlo()
        if self.username:
            if not isinstance(connection.sock, ssl.SSLSocket):
                connection.close()
                raise TemporaryFailure(
                    f"refused to send the SMTP user name and password to {self.host}:{self.port} unencrypted: the "
                    "server did not offer STARTTLS (use a server that does, or smtps://)")
            connection.login(self.username, self.password or "")
        return connection

    def send(self, message: EmailMessage) -> None:
        self._attempt(lambda connection: connection.send_message(message))

    def send_bytes(self, message_id: str, sender: str, recipient: str, data: bytes) -> None:
        """The prepared bytes on the open connection: no MIME work at send time."""
        self._attempt(lambda connection: connection.sendmail(sender, [recipient], data))

    def _attempt(self, send: Callable[[smtplib.SMTP], dict[str, tuple[int, bytes]]]) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            refused = send(self.connection)
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


def from_url(url: str, timeouts: Mapping[str, float] | None = None) -> Transport:
    """A transport for MAIL_URL: smtp://user:pass@host:587, smtps://user:pass@host:465, file:///folder; `timeouts`
    (MAIL_TIMEOUTS) overrides RFC 5321's wait for some stages' replies."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return FileTransport(unquote(parts.netloc + parts.path))
    if parts.scheme in ("smtp", "smtps"):
        implicit = parts.scheme == "smtps"
        return SMTPTransport(
            parts.hostname or "localhost", parts.port or (465 if implicit else 587),
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None, implicit, timeouts,
        )
    raise ValueError(f"MAIL_URL must start with smtp://, smtps:// or file://, not {parts.scheme}://")


def describe(url: str) -> str:
    """MAIL_URL without its password, for logs and pages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url
