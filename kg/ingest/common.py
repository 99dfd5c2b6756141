"""What every article reader shares: identity, decoding, text and date normalisation.

Identity: an article *is* its record ``id``, else its ``url``, else a hash of its text.
The file it came from is only its ``source``; two folders each holding ``index.txt`` are
two articles, and tomorrow's ``news.jsonl`` adds to today's instead of replacing it.

Decoding: UTF-8 (a byte-order mark is honoured, UTF-16 too when its BOM says so). Bytes
that are not UTF-8 are read in the encoding charset-normalizer detects, but only when
they do not look like damaged UTF-8 and the guess is clear; otherwise the file is
skipped with a message. A wrong guess would put mojibake into evidence sentences, which
is worse than a file left out and named.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from kg.errors import InputError
from kg.records import Article

STDIN_SOURCE = "<stdin>"
MAX_TEXT_BYTES = 50 * 1024 * 1024  # one text/HTML file, or one JSON Lines record
SNIFF_BYTES = 8192  # how much of a file the binary check looks at

_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]")
# C0/C1 control characters except tab and newline: XML-based RDF formats cannot carry them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")

# Signs that bytes were meant as UTF-8 and got damaged: a well-formed multi-byte sequence,
# a byte-order mark after the start, or a lead byte of Latin-1 letters ("Ã", "Â") before
# ASCII punctuation, a digit or a space. Single-byte news text has none of them.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_STRAY_BOM = re.compile(rb".(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)", re.S)
_BROKEN_LEAD = re.compile(rb"[\xc2\xc3][\x00-\x40\x5b-\x60\x7b-\x7f]")
# The single- and multi-byte encodings news files are saved in; charset-normalizer's
# full list includes DOS code pages that fit any Latin text and so mislead it.
_CANDIDATE_ENCODINGS = [
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1257",
    "iso8859_15",
    "koi8_r",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
]
_MAX_CHAOS = 0.1  # charset-normalizer's mess ratio above which a reading is noise


@dataclass(frozen=True)
class Skipped:
    """An input (a file, or one JSON Lines record) that was left out, and why."""

    source: str
    message: str  # a finished sentence naming the source (and line), as InputError words it
    line: int | None = None


def limit_text() -> str:
    """The size limit in words; read at call time so a test may lower it."""
    megabytes, rest = divmod(MAX_TEXT_BYTES, 1024 * 1024)
    return f"{megabytes} MB" if not rest else f"{MAX_TEXT_BYTES} bytes"


def too_large(source: str) -> InputError:
    """The error for a file past :data:`MAX_TEXT_BYTES`."""
    return InputError(
        f"'{source}' is larger than {limit_text()}; split it into smaller files or use JSON Lines."
    )


def check_not_binary(data: bytes, source: str) -> None:
    """Raise when the first bytes hold NUL, which text (but UTF-16) never does."""
    head = data[:SNIFF_BYTES]
    # UTF-16 text is full of NUL bytes by design; its byte-order mark vouches for it.
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in head:
        raise InputError(
            f"'{source}' looks binary (it contains NUL bytes); "
            "give a text, HTML or JSON Lines file."
        )


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Text from bytes: UTF-8 (or a BOM's UTF-16), a declared charset, or a clear guess."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        offset = error.start
    if _UTF8_SEQUENCE.search(data) or _STRAY_BOM.search(data) or _BROKEN_LEAD.search(data):
        raise InputError(
            f"'{source}' is damaged UTF-8 (an invalid byte at offset {offset}); "
            "repair or re-encode it as UTF-8."
        )
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    guessed = _guess(data)
    if guessed is None:
        raise InputError(
            f"'{source}' is not UTF-8 and its encoding cannot be told; convert it to UTF-8."
        )
    return guessed


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    found = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS)
    matches = [match for match in found if match.chaos <= _MAX_CHAOS]
    if not matches:
        return None
    cleanest = min(match.chaos for match in matches)
    best = [match for match in matches if match.chaos == cleanest]
    # Windows-1252 wins a tie (charset-normalizer lists it under any encoding that reads
    # the bytes the same way): it is what unlabelled Western news files are saved in.
    for match in best:
        if "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252")
    # Otherwise only a reading whose letters form a known language is trusted.
    coherent = max(best, key=lambda match: match.coherence)
    return str(coherent) if coherent.coherence > 0 else None


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


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def article_id(record_id: str | None, url: str | None, text_hash: str) -> str:
    """An article's identity: its record id, else its URL, else the hash of its text.

    An id that is already IRI-safe is kept as it is; any other is sanitised and suffixed
    with a hash of the original, so ``a/b`` and ``a-b`` stay two articles. A URL becomes
    ``url-`` plus its sanitised host and path and a hash of the full URL.
    """
    if record_id:
        if not _UNSAFE_ID_CHARS.search(record_id) and record_id.strip("."):
            return record_id
        return f"{sanitise_id(record_id)[:80]}-{_short_hash(record_id)}"
    if url:
        readable = sanitise_id(url.split("://", 1)[-1]).strip("-.")[:80]
        return f"url-{readable}-{_short_hash(url)}"
    return f"text-{text_hash[:20]}"


def make_article(
    title: str,
    body: str,
    source: str,
    when: str | None,
    url: str | None,
    record_id: str | None = None,
) -> Article:
    """An :class:`Article` with its identity, or an InputError when it holds no text."""
    if not title and not body:
        if source == STDIN_SOURCE:
            raise InputError(
                "standard input holds no article text; pipe an article in, "
                "e.g. kg build - < article.txt."
            )
        raise InputError(f"'{source}' holds no article text; remove it or fill it in.")
    text_hash = content_hash(title, body)
    return Article(
        id=article_id(record_id, url, text_hash),
        title=title,
        body=body,
        source=source,
        content_hash=text_hash,
        date=when,
        url=url,
    )


# --- dates --------------------------------------------------------------------------

# An ISO form, or a month name with a day and a four-digit year around it.
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
DATE_LABEL = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on)?|date)\s*:?\s*",
    re.I,
)


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


def _textual_date(text: str) -> str | None:
    """``October 5, 2024``, ``Sat 5 Oct 2024 10.15 BST`` ... as YYYY-MM-DD, else None."""
    from dateutil import parser

    bare = _CLOCK.sub(" ", DATE_LABEL.sub("", text)).strip(" ,")
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
