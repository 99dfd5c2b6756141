"""Property-based tests: random Unicode, markup, huge tokens and broken JSON thrown at
ingest and extraction (issue 11). Nothing crashes; every direct triple has its Assertion;
the graph stays SHACL-valid."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, URIRef

from kg.errors import InputError
from kg.ingest import SUPPORTED_SUFFIXES, Skipped, read_articles
from kg.ingest.common import make_article
from kg.namespaces import NKG
from kg.nlp import load_pipeline
from kg.ontology import load_ontology
from kg.parallel import extract_articles
from kg.rdf import dataset_of
from kg.shacl import validate

# Real sentences, so extraction has actors and relations to find among the noise.
SENTENCES = [
    line.strip()
    for seed in sorted(SEEDS.glob("*.txt"))
    for line in seed.read_text(encoding="utf-8").splitlines()
    if len(line.split()) > 6
][:40]
MARKUP = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "]]><![CDATA[",
    '"; DROP ALL; "',
    "\\u0000 \\\\ \\n",
    "{{7*7}}",
    "<p>Putin <b>met</b> Kim</p>",
    "&amp;&lt;&#x0;",
]
_IRI_SAFE = re.compile(r"[A-Za-z0-9._-]+")

pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(MARKUP),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=10).map(
        lambda token: token * 500  # a huge token
    ),
    st.sampled_from(["\n", "\n\n", "\r\n", "\t", " ", "\u2028", "\x0c", "\ufeff"]),
)
texts = st.lists(pieces, min_size=1, max_size=12).map("".join)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        texts.map(lambda text: text.encode("utf-8")),
        st.binary(max_size=400),
        texts.map(lambda text: text.encode("utf-16")),
    ),
    suffix=st.sampled_from(SUPPORTED_SUFFIXES[1:]),  # gzip is fuzzed as bytes by .jsonl
)
def test_any_file_is_read_or_refused_in_words(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        skipped: list[Skipped] = []
        try:
            articles = list(read_articles([path], on_skip=skipped.append))
        except InputError as error:
            assert str(error).endswith(".") and "\n" not in str(error)
            return
    for article in articles:
        assert _IRI_SAFE.fullmatch(article.id), article.id
        assert "\r" not in article.text and "\x00" not in article.text
    assert all(skip.message.endswith(".") for skip in skipped)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
records = st.one_of(
    st.fixed_dictionaries(
        {"text": texts},
        optional={"id": st.one_of(st.text(max_size=20), st.integers()), "title": texts,
                  "url": st.text(max_size=30), "date": st.text(max_size=20)},
    ).map(json.dumps),
    json_values.map(json.dumps),
    texts,  # not JSON at all
    st.builds(lambda d, cut: json.dumps(d)[:cut], st.fixed_dictionaries({"text": texts}),
              st.integers(1, 30)),  # broken JSON
)  # fmt: skip


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(lines=st.lists(records, min_size=1, max_size=8))
def test_json_lines_keep_every_good_record_and_name_every_bad_line(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n"
        path.write_text(text, encoding="utf-8")
        skipped: list[Skipped] = []
        try:
            articles = list(read_articles([path], on_skip=skipped.append))
        except InputError:
            return  # nothing readable: said in words, checked above
    numbers = [int(a.source.rsplit("#", 1)[1]) for a in articles]
    assert numbers == sorted(numbers)
    assert not set(numbers) & {skip.line for skip in skipped}


def _direct_triples_have_assertions(graph: Graph) -> None:
    # Every relation of the ontology: actor relations and partyTo alike.
    relations = {URIRef(relation.iri) for relation in load_ontology().relations}
    for s, p, o in graph:
        if p in relations:
            assertions = set(graph.subjects(RDF.subject, s)) & set(graph.subjects(RDF.object, o))
            assert any(
                (a, RDF.predicate, p) in graph and (a, NKG.modality, NKG.Asserted) in graph
                for a in assertions
            ), (s, p, o)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(title=texts, body=texts)
def test_extraction_of_any_text_gives_a_valid_graph(title: str, body: str) -> None:
    load_pipeline()
    try:
        article = make_article(title.strip()[:200], body, "fuzz.txt", None, None)
    except InputError:
        return
    extractions = list(extract_articles([article]))
    dataset = dataset_of(extractions)
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    _direct_triples_have_assertions(union)
    report = validate(dataset)
    assert report.conforms, report.to_text()
