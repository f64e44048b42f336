"""The calendar baseline: a Flask route returning a prebuilt .ics file (BENCH_ICS_FILE), served like Summit."""

import os
from pathlib import Path

from flask import Flask, Response

app = Flask(__name__)
BODY = Path(os.environ["BENCH_ICS_FILE"]).read_bytes()


@app.get("/feed.ics")
def feed() -> Response:
    return Response(BODY, mimetype="text/calendar")


@app.get("/healthz")
def healthz() -> str:
    return "ok"
