"""Capability tokens never reach a log: a filter that masks the token in /rsvp/…, /feeds/….ics, /login/link/…,
/password/… and /events/…/check-in/c/… (and the check-in desk's search words).

The development server's request log ("werkzeug"), gunicorn's access and error logs and Summit's own loggers print
request paths, and in those paths the token is the whole credential.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

# A path segment after one of the capability prefixes (slash or %2F), at least 16 characters of the token alphabet:
# tokens are 43, while real pages under those prefixes (/rsvp/done, /rsvp/nominate) are short words.
TOKEN_IN_PATH = re.compile(r"((?:/|%2[Ff])(?:rsvp|feeds|password|login(?:/|%2[Ff])link)(?:/|%2[Ff]))[A-Za-z0-9_-]{16,}")
MASK = r"\1<redacted>"
# A scanned check-in code (/events/<slug>/check-in/c/ABCDEFGH) and what the desk's search box sends (a typed code,
# or a name): both stay out of the logs.
CHECK_IN = re.compile(r"((?:/|%2[Ff])check-in(?:(?:/|%2[Ff])c(?:/|%2[Ff])|\?(?:[^\s\"&]*&)*q=))[^\s\"&/?]+")
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def mask(text: str) -> str:
    """`text` with every capability token in a path replaced by <redacted>."""
    return CHECK_IN.sub(MASK, TOKEN_IN_PATH.sub(MASK, text))


class MaskTokens(logging.Filter):
    """Rewrites a record's message (and its traceback text) with the tokens masked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is the handler's to report, as usual
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:  # a traceback that shows a token is formatted now, masked
            trace = logging.Formatter().formatException(record.exc_info)
            if mask(trace) != trace:
                record.exc_text = mask(trace)
        elif record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


def install(logger: logging.Logger) -> None:
    """Put the filter on a logger (it sees every record logged there, whatever the handlers) and its handlers."""
    for target in (logger, *logger.handlers):
        if not any(isinstance(f, MaskTokens) for f in target.filters):
            target.addFilter(MaskTokens())


def init_app(app: Flask) -> None:
    """Mask tokens in Summit's loggers, the development server's request log and gunicorn's logs."""
    summit = [logger for name, logger in logging.root.manager.loggerDict.items()
              if name.startswith(f"{app.logger.name}.") and isinstance(logger, logging.Logger)]
    for logger in (app.logger, *summit, *map(logging.getLogger, LOGGERS)):
        install(logger)
