"""Files, folders, standard input and JSON Lines (.gz) -> :class:`kg.records.Article`.

``read_articles`` is a generator: it walks folders lazily, reads one file (or one JSON
Lines record) at a time and yields each article before touching the next, so a corpus
of any size streams through in constant memory.

Decisions worth knowing:

* Folders are walked recursively in name order; hidden entries (".git", ".draft.txt") and
  files of other types are skipped, while a file of another type given by name is an error.
* Every path given is checked before the first article is yielded (it exists, it has a
  supported extension, ``-`` appears once), so a typo fails at once, not after an hour.
* A bad input anywhere (a binary file in a folder, a malformed JSON Lines record) stops
  the run with :class:`~kg.errors.InputError` naming the file and line. Articles already
  yielded stay yielded; nothing is skipped silently.
* Text is decoded as UTF-8 (a byte-order mark is honoured, UTF-16 too when its BOM says
  so). Only when that fails, ``.txt``/``.md``/``.html`` fall back to Windows-1252 (for
  HTML, first to the charset its ``<meta>`` declares), because old Windows-saved news
  files are common and cp1252 is a superset of Latin-1 for printable text. JSON Lines
  stays strictly UTF-8, as RFC 8259 requires.
* A file reached twice in one run (given twice, or both directly and via its folder) is
  read once. Two different inputs that would get the same id are told apart by a short
  hash of their source, so ids are unique and deterministic.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import logging
import os
import re
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from kg.errors import InputError
from kg.records import Article

STDIN = "-"
STDIN_SOURCE = "<stdin>"
# Longest suffixes first, so "x.jsonl.gz" is JSON Lines and not an unknown ".gz".
SUPPORTED_SUFFIXES: tuple[str, ...] = (".jsonl.gz", ".jsonl", ".txt", ".md", ".html", ".htm")
MAX_TEXT_BYTES = 50 * 1024 * 1024  # one text/HTML file, or one JSON Lines record
_SNIFF_BYTES = 8192  # how much of a file the binary check looks at
_SUFFIX_LIST = ", ".join(SUPPORTED_SUFFIXES[2:]) + ", .jsonl or .jsonl.gz"

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]")
# C0/C1 control characters except tab and newline: XML-based RDF formats cannot carry them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_WHITESPACE = re.compile(r"\s+")
_HEADING_MARKS = re.compile(r"^#{1,6}\s*|\s+#+\s*$")
_DOCUMENT_TAG = re.compile(r"<(?:html|body)[\s>]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)

# Dates: an ISO form, or a month name with a day and a four-digit year around it.
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?=\W|\d|$)", re.I
)
_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")
_DAY = re.compile(r"\b(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?\b", re.I)
# Clock times ("10.15 BST", "14:20 EDT") that dateutil cannot read; the date is all we keep.
_CLOCK = re.compile(
    r"\b\d{1,2}[.:]\d{2}(?:[.:]\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{2,5})\b)?", re.I
)
_DATE_LABEL = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on)?|date)\s*:?\s*",
    re.I,
)
_MAX_DATE_LINE = 80  # a dateline is short; a long line is prose that happens to hold a date


@dataclass(frozen=True)
class _Input:
    """One top-level input, checked: a file with its format, a folder, or standard input."""

    given: str  # as the user wrote it; sources of files found in a folder start with it
    path: Path | None  # None for standard input
    suffix: str  # the supported suffix of a file; "" for folders and stdin


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article]:
    """Stream the articles in files, folders (recursive) and ``"-"`` (stdin) in order."""
    # A lone path is an Iterable too (of characters); take it as the one input it means.
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    inputs = [_check_input(path) for path in given]
    if sum(1 for item in inputs if item.path is None) > 1:
        raise InputError("standard input ('-') is given more than once; give it once.")
    seen_files: set[Path] = set()
    seen_ids: set[str] = set()
    for item in inputs:
        for article in _read_input(item, seen_files):
            yield _unique(article, seen_ids)


def normalise_date(value: str) -> str | None:
    """An ISO 8601 date (or date-time when a time is given) for a common date form, or None."""
    text = value.strip()
    if _ISO_DATE.fullmatch(text):
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
        if len(text) == 10:
            return parsed.date().isoformat()
        return parsed.isoformat(timespec="seconds")
    return _textual_date(text)


def normalise_text(text: str) -> str:
    """Article text in one form: LF line ends, NFC, no trailing spaces, one blank line at most."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _CONTROL_CHARS.sub("", text))
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def sanitise_id(raw: str) -> str:
    """An IRI-safe id: every character outside ``[A-Za-z0-9._-]`` becomes ``-``."""
    return _UNSAFE_ID_CHARS.sub("-", raw)


def content_hash(title: str, body: str) -> str:
    """The sha256 hex digest of ``title + "\\n\\n" + body``: a changed text, a new hash."""
    return hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()


# --- inputs -------------------------------------------------------------------------


def _supported_suffix(path: Path) -> str | None:
    name = path.name.lower()
    return next((suffix for suffix in SUPPORTED_SUFFIXES if name.endswith(suffix)), None)


def _check_input(raw: str | Path) -> _Input:
    # Only the string "-" means stdin; a Path("-") is a file that happens to be named "-".
    if isinstance(raw, str) and raw == STDIN:
        return _Input(STDIN, None, "")
    given = str(raw)
    path = Path(raw)
    if path.is_dir():
        return _Input(given, path, "")
    if not path.exists():
        raise InputError(f"'{given}' does not exist; check the path.")
    suffix = _supported_suffix(path)
    if suffix is None:
        raise InputError(f"'{given}' is not a supported article file; use {_SUFFIX_LIST}.")
    return _Input(given, path, suffix)


def _read_input(item: _Input, seen_files: set[Path]) -> Iterator[Article]:
    if item.path is None:
        yield _read_stdin()
        return
    if not item.suffix:
        found = False
        for path, source in _walk(item.path, item.given):
            found = True
            yield from _read_file(path, source, _supported_suffix(path) or "", seen_files)
        if not found:
            raise InputError(
                f"folder '{item.given}' holds no article files; "
                f"point at a folder of {_SUFFIX_LIST} files."
            )
        return
    yield from _read_file(item.path, item.given, item.suffix, seen_files)


def _walk(folder: Path, given: str) -> Iterator[tuple[Path, str]]:
    """Supported, non-hidden files under a folder, depth first in name order, lazily."""
    visited: set[Path] = set()

    def walk(directory: Path, prefix: str) -> Iterator[tuple[Path, str]]:
        # Symlinked folders are followed, but each real folder once, so a loop cannot hang us.
        real = directory.resolve()
        if real in visited:
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            raise InputError(
                f"folder '{prefix}' cannot be listed ({error.strerror}); check its permissions."
            ) from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            source = str(Path(prefix) / entry.name)
            if entry.is_dir():
                yield from walk(path, source)
            elif entry.is_file() and _supported_suffix(path) is not None:
                yield path, source

    yield from walk(folder, given)


def _unique(article: Article, seen_ids: set[str]) -> Article:
    """The article, its id suffixed with a hash of its source if an earlier one took it."""
    if article.id not in seen_ids:
        seen_ids.add(article.id)
        return article
    salt, attempt = article.source, 1
    while True:
        candidate = f"{article.id}-{hashlib.sha256(salt.encode()).hexdigest()[:8]}"
        if candidate not in seen_ids:
            seen_ids.add(candidate)
            return Article(
                id=candidate,
                title=article.title,
                body=article.body,
                source=article.source,
                content_hash=article.content_hash,
                date=article.date,
                url=article.url,
            )
        # Only a crafted id can collide with a hashed one; a counter keeps it deterministic.
        attempt += 1
        salt = f"{article.source}#{attempt}"


def _file_id(source: str, path: Path, suffix: str, text_hash: str) -> str:
    stem = path.name[: len(path.name) - len(suffix)] if suffix else path.stem
    article_id = sanitise_id(stem)
    # A name such as "..txt" sanitises to nothing usable in an IRI; fall back to the hash.
    return article_id if article_id.strip(".") else f"article-{text_hash[:16]}"


# --- reading and decoding -----------------------------------------------------------


def _read_file(path: Path, source: str, suffix: str, seen_files: set[Path]) -> Iterator[Article]:
    real = path.resolve()
    if real in seen_files:
        return
    seen_files.add(real)
    if suffix in (".jsonl", ".jsonl.gz"):
        yield from _read_jsonl(path, source, gzipped=suffix == ".jsonl.gz")
        return
    data = _read_bytes(path, source)
    if suffix in (".html", ".htm"):
        yield _html_article(data, path, source, suffix)
    else:
        title, body, when = _split_plain(_decode(data, source))
        yield _make_article(
            title, body, source, when, None, lambda h: _file_id(source, path, suffix, h)
        )


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise _too_large(source)
        with path.open("rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still caught.
            data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as error:
        raise InputError(
            f"'{source}' cannot be read ({error.strerror}); check its permissions."
        ) from None
    if len(data) > MAX_TEXT_BYTES:
        raise _too_large(source)
    _check_not_binary(data, source)
    return data


def _too_large(source: str) -> InputError:
    return InputError(
        f"'{source}' is larger than {_limit()}; split it into smaller files or use JSON Lines."
    )


def _limit() -> str:
    # Read at call time, so a test (or an embedding app) may lower the module-level limit.
    megabytes, rest = divmod(MAX_TEXT_BYTES, 1024 * 1024)
    return f"{megabytes} MB" if not rest else f"{MAX_TEXT_BYTES} bytes"


def _check_not_binary(data: bytes, source: str) -> None:
    head = data[:_SNIFF_BYTES]
    # UTF-16 text is full of NUL bytes by design; its byte-order mark vouches for it.
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in head:
        raise InputError(
            f"'{source}' looks binary (it contains NUL bytes); "
            "give a text, HTML or JSON Lines file."
        )


def _decode(data: bytes, source: str, declared: str | None = None) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for encoding in (declared, "cp1252"):
        if encoding is None:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError(f"'{source}' is neither UTF-8 nor Windows-1252 text; convert it to UTF-8.")


def _read_stdin() -> Article:
    stream: IO[Any] = getattr(sys.stdin, "buffer", sys.stdin)
    data = stream.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise _too_large(STDIN_SOURCE)
    if isinstance(data, bytes):
        _check_not_binary(data, STDIN_SOURCE)
        data = _decode(data, STDIN_SOURCE)
    title, body, when = _split_plain(data)
    return _make_article(title, body, STDIN_SOURCE, when, None, lambda h: f"stdin-{h[:16]}")


def _make_article(
    title: str,
    body: str,
    source: str,
    when: str | None,
    url: str | None,
    make_id: Callable[[str], str],
) -> Article:
    if not title and not body:
        if source == STDIN_SOURCE:
            raise InputError(
                "standard input holds no article text; pipe an article in, "
                "e.g. kg build - < article.txt."
            )
        raise InputError(f"'{source}' holds no article text; remove it or fill it in.")
    text_hash = content_hash(title, body)
    return Article(
        id=make_id(text_hash),
        title=title,
        body=body,
        source=source,
        content_hash=text_hash,
        date=when,
        url=url,
    )


# --- plain text and Markdown --------------------------------------------------------


def _clean_title(line: str) -> str:
    return _WHITESPACE.sub(" ", _HEADING_MARKS.sub("", line.strip())).strip()


def _split_plain(raw: str) -> tuple[str, str, str | None]:
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
    title = _clean_title(lines[index])
    body = "\n".join(lines[index + 1 :]).strip("\n")
    return title, body, when


def _next_nonempty(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _dateline(line: str) -> str | None:
    # A dateline is a date and nothing else; a date-time there is still just the day.
    when = normalise_date(_DATE_LABEL.sub("", line.strip()))
    return when[:10] if when else None


def _textual_date(text: str) -> str | None:
    """``October 5, 2024``, ``Sat 5 Oct 2024 10.15 BST`` ... as YYYY-MM-DD, else None."""
    from dateutil import parser

    bare = _CLOCK.sub(" ", _DATE_LABEL.sub("", text)).strip(" ,")
    year = _YEAR.search(bare)
    if not (
        _MONTH.search(bare) and year and _DAY.search(bare[: year.start()] + bare[year.end() :])
    ):
        return None
    try:
        # fuzzy=False: every word must be part of the date, so prose is never read as one.
        parsed = parser.parse(bare, fuzzy=False, ignoretz=True, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.date().isoformat()


# --- JSON Lines ---------------------------------------------------------------------


def _read_jsonl(path: Path, source: str, *, gzipped: bool) -> Iterator[Article]:
    stem = path.name[: -len(".jsonl.gz")] if gzipped else path.name[: -len(".jsonl")]
    prefix = sanitise_id(stem) or "jsonl"
    records = 0
    with ExitStack() as stack:
        try:
            handle = stack.enter_context(_open_binary(path, gzipped))
        except OSError as error:
            raise InputError(
                f"'{source}' cannot be read ({error.strerror}); check its permissions."
            ) from None
        _check_not_binary(_read_chunk(handle, source, gzipped, head=True), source)
        number = 0
        while True:
            line = _read_chunk(handle, source, gzipped)
            if not line:
                break
            number += 1
            if len(line) > MAX_TEXT_BYTES:
                raise InputError(
                    f"'{source}' line {number} is longer than {_limit()}; split that record."
                )
            if b"\x00" in line:
                raise InputError(
                    f"'{source}' line {number} contains NUL bytes; give a text JSON Lines file."
                )
            if not line.strip():
                continue
            records += 1
            yield _jsonl_article(line, number, source, prefix)
    if records == 0:
        raise InputError(
            f"'{source}' holds no JSON Lines records; write one {{\"text\": ...}} object per line."
        )


def _open_binary(path: Path, gzipped: bool) -> io.BufferedIOBase:
    """The file as bytes, decompressed on the fly when it is gzip."""
    if gzipped:
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def _read_chunk(
    handle: io.BufferedIOBase, source: str, gzipped: bool, *, head: bool = False
) -> bytes:
    """The next line (or, with head, the first 8 KiB, rewinding after), errors worded."""
    try:
        if head:
            chunk = handle.read(_SNIFF_BYTES)
            handle.seek(0)
            return chunk
        # The limit keeps one runaway line (a file with no newlines) from filling memory.
        return handle.readline(MAX_TEXT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        if not gzipped:
            raise InputError(f"'{source}' cannot be read ({error}); check the file.") from None
        raise InputError(
            f"'{source}' is not a valid gzip file ({error}); recompress it or rename it to .jsonl."
        ) from None


def _jsonl_article(line: bytes, number: int, source: str, prefix: str) -> Article:
    where = f"'{source}' line {number}"
    try:
        text = line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"{where} is not valid UTF-8; JSON Lines must be UTF-8, so re-encode the file."
        ) from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{where} is not valid JSON ({error.msg} at column {error.colno}); "
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
    title = _clean_title(fields["title"] or "")
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
    record_id = sanitise_id(str(raw_id)) if raw_id is not None and str(raw_id) else None
    return _make_article(
        title,
        body,
        f"{source}#{number}",
        when,
        url,
        lambda _hash: record_id or f"{prefix}-{number}",
    )


def _string_field(record: dict[str, Any], name: str, where: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f'{where} has a "{name}" that is a {_json_type(value)}; make it a string.')


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "list", dict: "object"}
    return names.get(type(value), type(value).__name__)


# --- HTML ---------------------------------------------------------------------------


class _HeadParser(HTMLParser):
    """Collects the metadata a news page declares: titles, dates and its canonical URL."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self.time = ""
        self.canonical = ""
        self._capture: str | None = None  # "title" or "h1" while inside that element
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key.lower(): (value or "") for key, value in attrs}
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").lower()
            if key and attr.get("content", "").strip():
                self.meta.setdefault(key, attr["content"].strip())
        elif tag == "link" and "canonical" in attr.get("rel", "").lower().split():
            self.canonical = self.canonical or attr.get("href", "").strip()
        elif tag == "time" and not self.time:
            self.time = attr.get("datetime", "").strip()
        elif (tag == "title" and not self.title) or (tag == "h1" and not self.h1):
            self._capture, self._buffer = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._capture:
            setattr(self, tag, _WHITESPACE.sub(" ", "".join(self._buffer)).strip())
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._buffer.append(data)


def _html_article(data: bytes, path: Path, source: str, suffix: str) -> Article:
    declared = _META_CHARSET.search(data[:_SNIFF_BYTES])
    markup = _decode(data, source, declared.group(1).decode("ascii") if declared else None)
    head = _HeadParser()
    head.feed(markup)
    head.close()
    title = _clean_title(head.meta.get("og:title") or head.title or head.h1)
    paragraphs = _html_paragraphs(markup)
    # Most pages repeat the headline as the article's <h1>; it is the title, not body text.
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    body = normalise_text("\n\n".join(paragraphs))
    url = head.canonical or head.meta.get("og:url", "")
    return _make_article(
        title,
        body,
        source,
        _html_date(head, markup),
        url if url.startswith(("http://", "https://")) else None,
        lambda h: _file_id(source, path, suffix, h),
    )


def _html_date(head: _HeadParser, markup: str) -> str | None:
    for key in ("article:published_time", "datepublished", "date", "pubdate", "dc.date"):
        if key in head.meta and (when := normalise_date(head.meta[key])):
            return when
    if head.time and (when := normalise_date(head.time)):
        return when
    from htmldate import find_date

    # Fast mode only: the extensive search guesses from any date in the text.
    found = find_date(markup, extensive_search=False, original_date=True)
    return normalise_date(found) if found else None


def _html_paragraphs(markup: str) -> list[str]:
    """The article's paragraphs, without navigation, menus, footers, scripts or styles."""
    import trafilatura
    from trafilatura.settings import use_config

    # Both libraries log "not valid HTML" at ERROR level; with no handler of ours, Python
    # would print that to stderr. A NullHandler keeps it out of the CLI, yet an app that
    # configures logging still receives it through propagation.
    for name in ("trafilatura", "htmldate"):
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())
    # A fragment ("<p>...</p>") parses to a lone element that trafilatura rejects as a
    # page; inside <body> it is read like any other article.
    if not _DOCUMENT_TAG.search(markup):
        markup = f"<html><body>{markup}</body></html>"
    config = use_config()
    # The defaults discard texts under 250 characters and then fall back to grabbing the
    # whole page, navigation included; short news items deserve the main extractor.
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_EXTRACTED_COMM_SIZE"):
        config.set("DEFAULT", key, "1")
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_TEXT_BYTES))
    xml = trafilatura.extract(
        markup,
        output_format="xml",
        fast=True,
        include_comments=False,
        include_tables=False,
        config=config,
    )
    if not xml:
        return []
    main = ElementTree.fromstring(xml).find("main")
    if main is None:
        return []
    for line_break in main.iter("lb"):
        line_break.text = " "  # a <br> inside a paragraph separates words, it does not join them
    paragraphs = [main.text or ""]
    for element in main:
        # A list is a paragraph per item; everything else (p, head, quote) is one paragraph.
        items = element.findall("item") if element.tag == "list" else [element]
        paragraphs.extend("".join(item.itertext()) for item in items)
        paragraphs.append(element.tail or "")
    cleaned = (_WHITESPACE.sub(" ", paragraph).strip() for paragraph in paragraphs)
    return [paragraph for paragraph in cleaned if paragraph]
