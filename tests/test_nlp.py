"""The one place spaCy is loaded: the default model, any named model, clear errors."""

from __future__ import annotations

import pytest

from kg.errors import ModelError
from kg.nlp import DEFAULT_MODEL, PARAGRAPH_COMPONENT, load_pipeline, parse


def test_default_pipeline_has_parser_ner_and_paragraph_splitter() -> None:
    nlp = load_pipeline()
    assert {"parser", "ner", PARAGRAPH_COMPONENT} <= set(nlp.pipe_names)
    assert load_pipeline(DEFAULT_MODEL) is nlp  # loaded once per process


def test_a_missing_pipeline_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match=r"'no_such_pipeline' is not installed"):
        load_pipeline("no_such_pipeline")


def test_line_breaks_end_sentences() -> None:
    doc = next(parse(["Leaders meet in Rome\n\nMust read\n\nThe talks ended. They left."]))
    assert [s.text.strip() for s in doc.sents] == [
        "Leaders meet in Rome",
        "Must read",
        "The talks ended.",
        "They left.",
    ]


def test_parse_streams_in_order() -> None:
    texts = [f"Article number {n} is short." for n in range(5)]
    assert [doc.text for doc in parse(texts)] == texts
