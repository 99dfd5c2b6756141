"""The one place spaCy is loaded: the default model, any named model, clear errors."""

from __future__ import annotations

import pytest

import kg.nlp
from kg.errors import ModelError
from kg.nlp import (
    DEFAULT_MODEL,
    PARAGRAPH_COMPONENT,
    doc_text,
    doc_tokens,
    load_pipeline,
    parse,
    parse_texts,
    token_lemmas,
    token_strings,
)


def test_default_pipeline_has_parser_ner_and_paragraph_splitter() -> None:
    nlp = load_pipeline()
    assert {"parser", "ner", PARAGRAPH_COMPONENT} <= set(nlp.pipe_names)
    assert load_pipeline(DEFAULT_MODEL) is nlp  # loaded once per process


def test_the_lemmatizer_s_word_lists_are_sets_and_give_the_same_lemmas() -> None:
    import spacy

    nlp = load_pipeline()
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, frozenset) for words in index.values())
    # The pipeline as spaCy loads it, its word lists still lists: the same lemmas, for
    # words the suffix rules turn into known words ("ministers", "talks", "held"), into
    # unknown ones, and words they leave alone.
    as_loaded = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    assert isinstance(
        next(iter(as_loaded.get_pipe("lemmatizer").lookups.get_table("lemma_index").values())),
        list,
    )
    text = (
        "The ministers held talks in Geneva on Tuesday, signing accords and pledging aid; "
        "Zelenskyy's envoys were negotiating, the quickest of them said, as sanctions "
        "bit harder and the fighting worsened. Germany's chancellors had vetoed it."
    )
    assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in as_loaded(text)]


def test_a_missing_pipeline_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match=r"'no_such_pipeline' is not installed"):
        load_pipeline("no_such_pipeline")


def test_each_word_s_strings_are_read_once_and_match_the_tokens() -> None:
    doc = next(parse(["Putin Met KIM in Pyongyang.\n\nThe talks ended."]))
    assert doc_text(doc) == doc.text  # the text is cached too, under a key of its own
    for attribute in ("text", "lower_", "pos_", "dep_"):
        strings = token_strings(doc, attribute)
        assert strings == [getattr(token, attribute) for token in doc]
        assert token_strings(doc, attribute) is strings
    assert token_lemmas(doc) == [token.lemma_.lower() for token in doc]
    assert [token.i for token in doc_tokens(doc)] == list(range(len(doc)))
    assert doc_text(doc) == doc.text


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


@pytest.mark.parametrize(
    ("text", "first_sentence"),
    [
        ("Title\n\nPrime Minister of Spain Pedro Sanchez left.", "Prime Minister of Spain"),
        ("Title\n\nPresident Lula of Brazil arrived.", "President Lula of Brazil arrived."),
        ("Title\n\nForeign Minister Wang Yi spoke.", "Foreign Minister Wang Yi spoke."),
        ("Reporting by Ana Silva\nBrazil praised Chile.", "Brazil praised Chile."),
        ("Title\n\nKing Charles of Britain spoke.", "King Charles of Britain spoke."),
    ],
)
def test_a_line_s_first_word_is_no_sentence_alone(text: str, first_sentence: str) -> None:
    doc = next(parse([text]))
    body = [s.text.strip() for s in doc.sents][1:]
    assert body[0].startswith(first_sentence)


def test_batches_are_bounded_in_characters_and_parse_as_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = load_pipeline()
    sentence = "The minister met the envoy in Paris on Monday. "
    texts = [sentence * count for count in (1, 30, 2, 60, 1, 70, 1, 45, 3)]
    batches: list[tuple[int, int]] = []
    pipe = nlp.pipe

    def counted(pieces: list[tuple[str, object]], **options: object):  # type: ignore[no-untyped-def]
        if isinstance(pieces, list):  # spaCy calls itself again with the bare texts
            batches.append((len(pieces), sum(len(text) for text, _ in pieces)))
        return pipe(pieces, **options)

    monkeypatch.setattr(kg.nlp, "BATCH_CHARS", 3_000)
    monkeypatch.setattr(nlp, "pipe", counted)
    docs = list(parse_texts(nlp, texts))
    # Texts in order, a batch closed before the budget is passed; a text longer than the
    # budget is a batch on its own.
    assert batches == [(3, 1551), (2, 2867), (1, 3290), (3, 2303)]
    monkeypatch.undo()
    alone = [nlp(text) for text in texts]
    for doc, one in zip(docs, alone, strict=True):
        assert doc.text == one.text
        assert [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc] == [
            (t.tag_, t.dep_, t.head.i, t.ent_type_) for t in one
        ]
