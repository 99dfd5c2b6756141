"""JSON Lines (.jsonl, .jsonl.gz, or standard input): one ``{"text": ...}`` record a line.

A bad record does not end the run: it becomes a :class:`~kg.ingest.common.Skipped`
naming its line, and the records after it are read. A file that cannot be read at all
(not gzip, cut short) is an :class:`~kg.errors.InputError`.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.ingest import common
from kg.ingest.common import Skipped, make_article, normalise_date, normalise_text
from kg.ingest.text import clean_title
from kg.records import Article

JSONL_SUFFIXES = (".jsonl.gz", ".jsonl")


def read_jsonl_file(path: Path, source: str, *, gzipped: bool) -> Iterator[Article | Skipped]:
    """Every record of a JSON Lines file, decompressed on the fly when it is gzip."""
    try:
        handle: io.BufferedIOBase = gzip.GzipFile(path, "rb") if gzipped else path.open("rb")
    except OSError as error:
        raise InputError(
            f"'{source}' cannot be read ({error.strerror}); check its permissions."
        ) from None
    with handle:
        lines = _lines(handle, source, gzipped)
        head = next(lines, b"")
        common.check_not_binary(head + _peek(handle, source, gzipped), source)
        yield from read_jsonl_lines(_chain(head, lines), source)


def _peek(handle: io.BufferedIOBase, source: str, gzipped: bool) -> bytes:
    # The binary check looks at the first 8 KiB, whatever the first line's length.
    try:
        where = handle.tell()
        chunk = handle.read(common.SNIFF_BYTES)
        handle.seek(where)
    except (OSError, EOFError, zlib.error):
        return b""  # the damage is reported when that part is read as a line
    return chunk


def _chain(head: bytes, lines: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
        yield from lines


def _lines(handle: io.BufferedIOBase, source: str, gzipped: bool) -> Iterator[bytes]:
    while True:
        try:
            # The limit keeps one runaway line (a file with no newlines) from filling memory.
            line = handle.readline(common.MAX_TEXT_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            if not gzipped:
                raise InputError(f"'{source}' cannot be read ({error}); check the file.") from None
            raise InputError(
                f"'{source}' is not a valid gzip file ({error}); "
                "recompress it or rename it to .jsonl."
            ) from None
        if not line:
            return
        yield line


def read_jsonl_lines(lines: Iterator[bytes], source: str) -> Iterator[Article | Skipped]:
    """Articles (or what was skipped, with its line number) from lines of JSON Lines bytes."""
    records = 0
    for number, line in enumerate(lines, start=1):
        where = f"'{source}' line {number}"
        if len(line) > common.MAX_TEXT_BYTES:
            message = f"{where} is longer than {common.limit_text()}; split that record."
            yield Skipped(source, message, number)
            # The rest of that line is still in the stream: drop it up to its newline.
            if not line.endswith(b"\n"):
                for rest in lines:
                    if rest.endswith(b"\n"):
                        break
            records += 1
            continue
        if not line.strip():
            continue
        records += 1
        try:
            yield jsonl_article(line, number, source)
        except InputError as error:
            yield Skipped(source, str(error), number)
    if records == 0:
        raise InputError(
            f"'{source}' holds no JSON Lines records; write one {{\"text\": ...}} object per line."
        )


def jsonl_article(line: bytes, number: int, source: str) -> Article:
    """One record as an :class:`Article`, or an InputError naming the file and line."""
    where = f"'{source}' line {number}"
    if b"\x00" in line:
        raise InputError(f"{where} contains NUL bytes; give a text JSON Lines file.")
    try:
        text = line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"{where} is not valid UTF-8; JSON Lines must be UTF-8, so re-encode the file."
        ) from None
    try:
        # Without its line end, a cut-off record reads "Unterminated string", not a
        # complaint about the newline inside it.
        record = json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        raise InputError(
            # json says "Unterminated string starting at"; the column finishes its sentence.
            f"{where} is not valid JSON ({error.msg.removesuffix(' at')} at column {error.colno}); "
            "fix or remove that line."
        ) from None
    if not isinstance(record, dict):
        raise InputError(
            f'{where} is not a JSON object; write one {{"text": ...}} object per line.'
        )
    if "text" not in record:
        raise InputError(
            f'{where} has no "text" field; give each record its article text in "text".'
        )
    fields = {name: _string_field(record, name, where) for name in ("text", "title", "date", "url")}
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        raise InputError(
            f'{where} has an "id" that is a {_json_type(raw_id)}; make it a string or a number.'
        )
    body = normalise_text(fields["text"] or "")
    title = clean_title(fields["title"] or "")
    if not body:
        raise InputError(
            f'{where} has an empty "text"; remove the line or fill in the article text.'
        )
    when = None
    if fields["date"] and fields["date"].strip():
        when = normalise_date(fields["date"])
        if when is None:
            raise InputError(
                f"{where} has a date '{fields['date']}' that cannot be read; "
                "use ISO 8601 such as 2024-10-05."
            )
    url = (fields["url"] or "").strip() or None
    record_id = str(raw_id).strip() if raw_id is not None else None
    return make_article(title, body, f"{source}#{number}", when, url, record_id or None)


def _string_field(record: dict[str, Any], name: str, where: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f'{where} has a "{name}" that is a {_json_type(value)}; make it a string.')


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "list", dict: "object"}
    return names.get(type(value), type(value).__name__)
