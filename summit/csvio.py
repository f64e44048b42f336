"""The one CSV reader and writer. Pure: bytes in, rows out; rows in, text out (safe against formula injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @, tab or CR gets a leading apostrophe
    (so does text that already starts with apostrophes before one, so that `unsafe_cell` undoes it exactly)."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unsafe_cell(text: str) -> str:
    """The value `safe_cell` was given: what our own exports look like when they come back as imports."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS) else text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with every cell made safe; CRLF line ends, as spreadsheets expect."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def header_key(name: str) -> str:
    """'Job title ' -> 'job_title'."""
    return "_".join(name.strip().lower().replace("-", " ").split())


@dataclass
class ParsedCSV:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line number, values by column)
    problems: list[str] = field(default_factory=list)


def decode_text(data: bytes) -> str | None:
    """What Excel saves: UTF-8 (with or without a BOM), else Windows-1252 ("CSV (Comma delimited)"); None if
    neither reads."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def delimiter_of(text: str) -> str:
    """Semicolons where Excel's locale uses a decimal comma (most of Europe): judged on the header line."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def read_csv(data: bytes, required: Sequence[str], optional: Sequence[str] = ()) -> ParsedCSV:
    """Rows keyed by normalised header, numbered by their line in the file (the header is line 1)."""
    result = ParsedCSV()
    text = decode_text(data)
    if text is None:
        result.problems.append("The file is not UTF-8 or Windows (cp1252) text. Save it as CSV UTF-8 and retry.")
        return result
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    keys = _header(reader, required, result.problems)
    if keys is not None:
        _read_rows(reader, keys, set(required) | set(optional), result)
        if not result.rows and not result.problems:
            result.problems.append("The file has a header but no rows.")
    return result


def _header(reader: Iterator[list[str]], required: Sequence[str], problems: list[str]) -> list[str] | None:
    """The normalised column names, or None (and the problem) when the header is missing or lacks a column."""
    try:
        keys = [header_key(h) for h in next(reader)]
    except StopIteration:
        problems.append("The file is empty: it needs a header row and at least one row.")
        return None
    except csv.Error as exc:
        problems.append(f"Line 1: {exc}")
        return None
    missing = [column for column in required if column not in keys]
    if missing:
        problems.append(f"Line 1: the header lacks {', '.join(missing)} (expected: {', '.join(required)}).")
        return None
    return keys


def _read_rows(reader, keys: list[str], known: set[str], result: ParsedCSV) -> None:
    """Each non-blank row, keeping the known columns; a row with more cells than the header is a problem."""
    try:
        for values in reader:
            line = reader.line_num
            cells = [unsafe_cell(value).strip() for value in values]
            if not any(cells):
                continue
            if len(cells) > len(keys):
                result.problems.append(f"Line {line}: {len(cells)} cells but the header has {len(keys)}.")
                continue
            row = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(keys) if key in known}
            result.rows.append((line, row))
    except csv.Error as exc:
        result.problems.append(f"Line {reader.line_num}: {exc}")
