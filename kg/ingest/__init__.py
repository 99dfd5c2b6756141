"""Files, folders, standard input and JSON Lines (.gz) -> :class:`kg.records.Article`.

``read_articles`` is a generator: it walks folders lazily, reads one file (or one JSON
Lines record) at a time and yields each article before touching the next, so a corpus
of any size streams through in constant memory. The readers per format live in
``kg.ingest.text``, ``kg.ingest.jsonl`` and ``kg.ingest.html``; what they share
(identity, decoding, dates) in ``kg.ingest.common``.

Decisions worth knowing:

* Folders are walked recursively in name order; hidden entries (".git", ".draft.txt") and
  files of other types are skipped, while a file of another type given by name is an error.
* Every path given is checked before the first article is yielded (it exists, it has a
  supported extension, ``-`` appears once), so a typo fails at once, not after an hour.
* A bad input inside the run (a binary or undecodable file in a folder, a malformed JSON
  Lines record) is skipped: ``on_skip`` receives a :class:`Skipped` naming the file and
  line, and the run goes on. With ``strict=True`` it raises :class:`~kg.errors.InputError`
  instead. When nothing at all could be read, the (first) reason is raised either way.
* An article is its record id, else its URL, else the hash of its text
  (:func:`kg.ingest.common.article_id`). One file reached twice is read once; the same
  article in two files is yielded twice, with one id, and the store keeps it once (the
  same id with another text: the later one). Nothing is remembered per article, so
  memory stays flat however long the input (``benchmarks/ingest_memory.py``).
* Standard input holds JSON Lines when its first line is a JSON object, else one
  plain-text article; ``stdin_format`` says which instead of guessing.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kg.errors import InputError
from kg.ingest import common
from kg.ingest.common import (
    MAX_TEXT_BYTES,
    STDIN_SOURCE,
    Skipped,
    article_id,
    check_not_binary,
    content_hash,
    decode,
    normalise_date,
    normalise_text,
    sanitise_id,
)
from kg.ingest.html import HTML_SUFFIXES, html_article
from kg.ingest.jsonl import JSONL_SUFFIXES, read_jsonl_file, read_jsonl_lines
from kg.ingest.text import read_bytes, text_article
from kg.records import Article

__all__ = [
    "MAX_TEXT_BYTES",
    "STDIN",
    "STDIN_FORMATS",
    "STDIN_SOURCE",
    "SUPPORTED_SUFFIXES",
    "Skipped",
    "article_id",
    "content_hash",
    "normalise_date",
    "normalise_text",
    "read_articles",
    "sanitise_id",
    "stdin_formats",
]

STDIN = "-"
STDIN_FORMATS = ("auto", "text", "jsonl")
# Longest suffixes first, so "x.jsonl.gz" is JSON Lines and not an unknown ".gz".
SUPPORTED_SUFFIXES: tuple[str, ...] = (*JSONL_SUFFIXES, ".txt", ".md", *HTML_SUFFIXES)
_SUFFIX_LIST = ".txt, .md, .html, .htm, .jsonl or .jsonl.gz"

SkipHandler = Callable[[Skipped], None]


def stdin_formats() -> tuple[str, ...]:
    """What standard input may hold: ``auto`` (sniffed), ``text`` or ``jsonl``."""
    return STDIN_FORMATS


@dataclass(frozen=True)
class _Input:
    """One top-level input, checked: a file with its format, a folder, or standard input."""

    given: str  # as the user wrote it; sources of files found in a folder start with it
    path: Path | None  # None for standard input
    suffix: str  # the supported suffix of a file; "" for folders and stdin


def read_articles(
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    on_skip: SkipHandler | None = None,
    stdin_format: str = "auto",
) -> Iterator[Article]:
    """Stream the articles in files, folders (recursive) and ``"-"`` (stdin) in order."""
    if stdin_format not in STDIN_FORMATS:
        raise InputError(
            f"standard input format {stdin_format!r} is unknown; "
            f"choose one of: {', '.join(STDIN_FORMATS)}."
        )
    # A lone path is an Iterable too (of characters); take it as the one input it means.
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    inputs = [_check_input(path) for path in given]
    if sum(1 for item in inputs if item.path is None) > 1:
        raise InputError("standard input ('-') is given more than once; give it once.")
    seen_files: set[Path] = set()
    skipped: list[Skipped] = []
    yielded = 0
    for item in inputs:
        for found in _read_input(item, seen_files, stdin_format):
            if isinstance(found, Skipped):
                if strict:
                    raise InputError(found.message)
                skipped.append(found)
                if on_skip is not None:
                    on_skip(found)
                continue
            yielded += 1
            yield found
    if yielded == 0 and skipped:
        if len(skipped) == 1:
            raise InputError(skipped[0].message)
        raise InputError(
            f"no article could be read: all {len(skipped)} inputs were skipped, "
            f"the first because {skipped[0].message}"
        )


def count_articles(paths: Iterable[str | Path]) -> int | None:
    """About how many articles ``paths`` hold, cheaply: one per text or HTML file, one per
    non-blank line of JSON Lines; ``None`` for standard input or input that fails to list.

    Only the progress bar uses it (for its ETA), so nothing is parsed or decoded.
    """
    given = [paths] if isinstance(paths, str | Path) else list(paths)
    total = 0
    try:
        for item in (_check_input(path) for path in given):
            if item.path is None:
                return None
            files = (
                [(item.path, item.suffix)]
                if item.suffix
                else [(p, _supported_suffix(p) or "") for p, _ in _walk(item.path, item.given)]
            )
            for path, suffix in files:
                if suffix.startswith(".jsonl"):
                    opener = gzip.open if suffix.endswith(".gz") else open
                    with opener(path, "rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                else:
                    total += 1
    except (InputError, OSError, EOFError, gzip.BadGzipFile):
        return None
    return total


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


def _read_input(
    item: _Input, seen_files: set[Path], stdin_format: str
) -> Iterator[Article | Skipped]:
    if item.path is None:
        yield from _guarded(STDIN_SOURCE, lambda: _read_stdin(stdin_format))
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


def _guarded(
    source: str, read: Callable[[], Iterable[Article | Skipped]]
) -> Iterator[Article | Skipped]:
    """What ``read`` yields; an InputError it raises becomes a Skipped for ``source``."""
    try:
        yield from read()
    except InputError as error:
        yield Skipped(source, str(error))


def _read_file(
    path: Path, source: str, suffix: str, seen_files: set[Path]
) -> Iterator[Article | Skipped]:
    real = path.resolve()
    if real in seen_files:
        return
    seen_files.add(real)
    if suffix in JSONL_SUFFIXES:
        yield from _guarded(
            source, lambda: read_jsonl_file(path, source, gzipped=suffix == ".jsonl.gz")
        )
    elif suffix in HTML_SUFFIXES:
        yield from _guarded(source, lambda: [html_article(read_bytes(path, source), source)])
    else:
        yield from _guarded(source, lambda: [text_article(read_bytes(path, source), source)])


def _read_stdin(stdin_format: str) -> Iterator[Article | Skipped]:
    stream: Any = getattr(sys.stdin, "buffer", sys.stdin)
    limit = common.MAX_TEXT_BYTES
    first = stream.readline(limit + 1)
    if isinstance(first, str):  # a text stream (a test's StringIO): work in bytes anyway
        first = first.encode("utf-8")
        stream = _EncodedStream(stream)
    check_not_binary(first, STDIN_SOURCE)
    if stdin_format == "jsonl" or (stdin_format == "auto" and _looks_like_jsonl(first)):
        yield from read_jsonl_lines(_stream_lines(first, stream, limit), STDIN_SOURCE)
        return
    data = first + stream.read(limit + 1 - len(first))
    if len(data) > limit:
        raise common.too_large(STDIN_SOURCE)
    check_not_binary(data, STDIN_SOURCE)
    yield text_article(decode(data, STDIN_SOURCE), STDIN_SOURCE)


def _looks_like_jsonl(first_line: bytes) -> bool:
    """True when the first line is one JSON object, as every JSON Lines record is."""
    text = first_line.decode("utf-8-sig", errors="replace").strip()
    if not text.startswith("{"):
        return False
    try:
        return isinstance(json.loads(text), dict)
    except json.JSONDecodeError:
        return False


def _stream_lines(first: bytes, stream: Any, limit: int) -> Iterator[bytes]:
    if first:
        yield first
    while line := stream.readline(limit + 1):
        yield line


class _EncodedStream:
    """A text stream read as UTF-8 bytes, so stdin is handled alike in tests and in use."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def readline(self, size: int = -1) -> bytes:
        return self._stream.readline(size).encode("utf-8")

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size).encode("utf-8")
