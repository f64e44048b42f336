"""The baseline: a Flask hello-world served the same way as Summit in the same run."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world"


@app.get("/healthz")
def healthz() -> str:
    return "ok"
