"""The country list for 'country' questions: ISO 3166-1, shipped with the code (no network, no extra library)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("countries.tsv")


@cache
def countries() -> dict[str, str]:
    """Alpha-2 code -> English short name, in name order."""
    rows = (line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {code: name for code, name in rows}


def country_name(code: str) -> str:
    return countries().get(code, code)
