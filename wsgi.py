"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc

from summit import create_app

app = create_app()
# What start-up made (modules, the URL map, templates) lives as long as the worker: moved out of the collector's
# reach, a full collection no longer rescans ~200k objects in the middle of a request (150-200 ms once per few
# cold feeds when measured).
gc.freeze()
