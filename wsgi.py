"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from summit import create_app

app = create_app()
