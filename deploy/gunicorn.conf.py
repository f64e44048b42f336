"""gunicorn settings for Summit: `gunicorn -c deploy/gunicorn.conf.py wsgi:app` (options on the command line win).

The access log goes to standard output, the error log and Summit's own log to standard error, every line through
Summit's filter (summit/logmask.py), which masks the token in /rsvp/…, /feeds/….ics and /login/link/…: those links
are credentials, and gunicorn's access_log_format can choose fields but cannot rewrite a path. (Summit also puts the
filter on gunicorn's loggers when the app loads; this file holds whatever the app does.)
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 120
# The combined format and the time taken. Where the lines go is decided by the handlers below.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,  # keep Summit's loggers (summit.mail...) working
    "filters": {"mask_tokens": {"()": "summit.logmask.MaskTokens"}},
    "formatters": {
        "access": {"format": "%(message)s"},
        "generic": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s",
                    "datefmt": "[%Y-%m-%d %H:%M:%S %z]"},
    },
    "handlers": {
        "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "access",
                   "filters": ["mask_tokens"]},
        "error": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "generic",
                  "filters": ["mask_tokens"]},
    },
    "loggers": {
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False, "filters": ["mask_tokens"]},
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False, "filters": ["mask_tokens"]},
    },
    "root": {"level": "INFO", "handlers": ["error"]},
}
