"""Shared fixtures: small hand-made extractions run through the real RDF stage."""

from __future__ import annotations

import os
import resource
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset

from kg.rdf import dataset_of
from kg.records import Article, ArticleExtraction, Claim, Entity, EntityKind, Modality

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


# Third-party readers of our RDF exports, by our format name: raptor2's syntax names and
# pyoxigraph's formats (raptor2 has no JSON-LD parser; pyoxigraph and rdflib prove it).
RAPPER_SYNTAX = {
    "ttl": "turtle",
    "nt": "ntriples",
    "nq": "nquads",
    "trig": "trig",
    "rdfxml": "rdfxml",
}  # raptor2 has no JSON-LD parser; pyoxigraph and rdflib prove that one
OX_FORMAT = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
}


def file_size_limit(size: int) -> Callable[[], None]:
    """A ``preexec_fn`` for a subprocess whose files cannot grow past ``size`` bytes: a
    write past it fails with EFBIG instead of killing the process (SIGXFSZ), a disk
    that fills up, in miniature."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    return limit


def require_tool(name: str) -> str:
    """The path of a third-party program; skip without it, but fail in CI (KG_REQUIRE_TOOLS)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("KG_REQUIRE_TOOLS"):
            pytest.fail(f"{name} is not installed; .ci/run should have installed it")
        pytest.skip(f"{name} is not installed")
    return path


def _article(article_id: str, title: str, body: str, date: str | None) -> Article:
    return Article(
        id=article_id,
        title=title,
        body=body,
        source=f"tests/{article_id}.txt",
        content_hash=f"hash-{article_id}",
        date=date,
    )


PUTIN = Entity("person/vladimir-putin", EntityKind.PERSON, "Vladimir Putin", ("Putin",), 3)
KIM = Entity("person/kim-jong-un", EntityKind.PERSON, "Kim Jong-un", ("Kim",), 2)
RUSSIA = Entity("country/russia", EntityKind.COUNTRY, "Russia", (), 2)
NORTH_KOREA = Entity("country/north-korea", EntityKind.COUNTRY, "North Korea", ("DPRK",), 2)
CHINA = Entity("country/china", EntityKind.COUNTRY, "China", (), 1)
PYONGYANG = Entity("place/pyongyang", EntityKind.PLACE, "Pyongyang", (), 1)
# An article may carry markup in a name or sentence; every output must escape it.
HOSTILE = Entity(
    "person/script-alert-1-script",
    EntityKind.PERSON,
    "<script>alert(1)</script>",
    ('<img src=x onerror="alert(2)">',),
    1,
)


def sample_extractions() -> list[ArticleExtraction]:
    """Two small articles: asserted, negated, attributed and hostile-text relations."""
    summit = _article(
        "summit",
        "Putin and Kim sign pact",
        "Putin and Kim signed a pact in Pyongyang. Putin visited Pyongyang.",
        "2024-06-19",
    )
    treaty = _article(
        "treaty",
        "North Korea and China",
        "North Korea does not cooperate with China. <script>alert(1)</script> praised Kim.",
        None,
    )
    return [
        ArticleExtraction(
            summit,
            (PUTIN, KIM, RUSSIA, NORTH_KOREA, PYONGYANG),
            (
                Claim(
                    PUTIN.key,
                    "signsAgreementWith",
                    KIM.key,
                    "Putin and Kim signed a pact in Pyongyang.",
                    "signed",
                    "svo",
                    0.9,
                ),
                Claim(
                    PUTIN.key,
                    "visits",
                    PYONGYANG.key,
                    "Putin visited Pyongyang.",
                    "visited",
                    "svo",
                    0.85,
                ),
                Claim(
                    PUTIN.key,
                    "leaderOf",
                    RUSSIA.key,
                    "Russian President Vladimir Putin",
                    "President",
                    "title",
                    0.95,
                    support=2,
                ),
                Claim(
                    KIM.key,
                    "leaderOf",
                    NORTH_KOREA.key,
                    "North Korean leader Kim Jong-un",
                    "leader",
                    "title",
                    0.95,
                    attributed_to=PUTIN.key,
                ),
            ),
        ),
        ArticleExtraction(
            treaty,
            (NORTH_KOREA, CHINA, KIM, HOSTILE),
            (
                Claim(
                    NORTH_KOREA.key,
                    "cooperatesWith",
                    CHINA.key,
                    "North Korea does not cooperate with China.",
                    "cooperate",
                    "svo",
                    0.8,
                    modality=Modality.NEGATED,
                ),
                Claim(
                    HOSTILE.key,
                    "praises",
                    KIM.key,
                    "<script>alert(1)</script> praised Kim.",
                    "praised",
                    "svo",
                    0.8,
                ),
            ),
        ),
    ]


def sample_dataset() -> Dataset:
    """The sample articles as a dataset: one named graph each, plus the entities graph."""
    return dataset_of(sample_extractions())


@pytest.fixture
def sample_graph_dir(tmp_path: Path) -> Path:
    """The sample dataset written as TriG and as a union Turtle file in a temp folder."""
    dataset = sample_dataset()
    dataset.serialize(tmp_path / "sample.trig", format="trig")
    union = dataset.default_context.__class__()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    union.serialize(tmp_path / "sample.ttl", format="turtle")
    return tmp_path


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The two seed articles built once per test session (store, graph.ttl, graph.html)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seeds-build")
    return build([str(SEEDS)], out)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A Virtuoso server of its own on 127.0.0.1 for the session, stopped even on failure."""
    from virtuoso_server import running_virtuoso

    require_tool("virtuoso-t")
    require_tool("isql-vt")
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


PAIR_ARTICLES = REPO / "tests" / "data" / "pair"


@pytest.fixture(scope="session")
def pair_build(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real graph with several relations between one pair (Macron and Scholz), built once.

    tests/data/pair/summit.txt is written for the tests: Macron meets, praises and signs an
    agreement with Scholz, and Scholz criticizes Macron — four relations joining one pair.
    """
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("pair-build")
    return build([str(PAIR_ARTICLES)], out, html=False)
