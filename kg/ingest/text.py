"""Plain text and Markdown files: a leading date line, the first line as title, the rest."""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.ingest import common
from kg.ingest.common import decode, make_article, normalise_date, normalise_text
from kg.records import Article

_WHITESPACE = re.compile(r"\s+")
_HEADING_MARKS = re.compile(r"^#{1,6}\s*|\s+#+\s*$")
_MAX_DATE_LINE = 80  # a dateline is short; a long line is prose that happens to hold a date


def read_bytes(path: Path, source: str) -> bytes:
    """A whole text or HTML file, refused when past the size limit or binary."""
    limit = common.MAX_TEXT_BYTES
    try:
        if path.stat().st_size > limit:
            raise common.too_large(source)
        with path.open("rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still caught.
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(
            f"'{source}' cannot be read ({error.strerror}); check its permissions."
        ) from None
    if len(data) > limit:
        raise common.too_large(source)
    common.check_not_binary(data, source)
    return data


def text_article(data: str | bytes, source: str) -> Article:
    """One plain-text or Markdown article from its bytes (or already decoded text)."""
    text = decode(data, source) if isinstance(data, bytes) else data
    title, body, when = split_plain(text)
    return make_article(title, body, source, when, None)


def clean_title(line: str) -> str:
    """A title on one line, without Markdown heading marks."""
    return _WHITESPACE.sub(" ", _HEADING_MARKS.sub("", line.strip())).strip()


def split_plain(raw: str) -> tuple[str, str, str | None]:
    """(title, body, date): a leading date-only line is the date, the next line the title."""
    text = normalise_text(raw)
    lines = text.split("\n")
    index = _next_nonempty(lines, 0)
    if index is None:
        return "", "", None
    when = None
    if len(lines[index]) <= _MAX_DATE_LINE and (when := _dateline(lines[index])) is not None:
        following = _next_nonempty(lines, index + 1)
        if following is not None:
            index = following
        else:
            when = None  # a file that is only a date is a one-line article, not a dateline
    title = clean_title(lines[index])
    body = "\n".join(lines[index + 1 :]).strip("\n")
    return title, body, when


def _next_nonempty(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _dateline(line: str) -> str | None:
    # A dateline is a date and nothing else; a date-time there is still just the day.
    when = normalise_date(common.DATE_LABEL.sub("", line.strip()))
    return when[:10] if when else None
