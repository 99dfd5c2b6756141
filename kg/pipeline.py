"""build() = ingest -> nlp -> extract -> rdf -> store -> outputs; the CLI and notebooks call it.

Articles stream through one at a time: each stage before the store is a pure function of
one article, and the store is the only place where articles meet.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.extract import extract_article
from kg.ingest import read_articles
from kg.namespaces import DEFAULT_BASE
from kg.nlp import DEFAULT_MODEL, load_pipeline
from kg.rdf import article_graph, article_iri
from kg.records import Article, ArticleExtraction
from kg.store import GraphStore, PutOutcome

BATCH_SIZE = 16  # articles per nlp.pipe batch: enough to keep the parser busy, little memory


def extract_articles(
    articles: Iterable[Article], model: str = DEFAULT_MODEL
) -> Iterator[ArticleExtraction]:
    """Parse and extract each article in turn, lazily and in input order."""
    nlp = load_pipeline(model)
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        yield extract_article(article, doc)


@dataclass(frozen=True)
class BuildSummary:
    """What one build read, changed and wrote."""

    output: Path
    store: Path
    added: int
    replaced: int
    unchanged: int
    entities: int
    relations: int
    assertions: int
    quads: int
    seconds: float
    files: tuple[Path, ...] = field(default_factory=tuple)
    graph: Dataset | None = field(default=None, compare=False, repr=False)

    def to_text(self) -> str:
        """A short human summary for the command line."""
        read = self.added + self.replaced + self.unchanged
        lines = [
            f"read {read} article(s): {self.added} added, {self.replaced} replaced, "
            f"{self.unchanged} unchanged ({self.seconds:.1f} s)",
            f"graph: {self.entities} entities, {self.relations} relations, "
            f"{self.assertions} assertions, {self.quads} quads in {self.store}",
        ]
        lines += [f"wrote {path}" for path in self.files]
        return "\n".join(lines)


def _counts(store: GraphStore) -> tuple[int, int, int]:
    rows = store.select(
        """SELECT
             (COUNT(DISTINCT ?entity) AS ?entities)
             (COUNT(DISTINCT ?triple) AS ?relations)
             (COUNT(DISTINCT ?assertion) AS ?assertions)
           WHERE {
             { ?entity a ?class FILTER(?class IN (nkg:Person, nkg:Country, nkg:Organization,
                                                  nkg:Place, nkg:Group, nkg:Agreement)) }
             UNION { ?assertion a nkg:Assertion }
             UNION { ?a a nkg:Assertion ; nkg:modality nkg:Asserted ;
                        rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
                     BIND(CONCAT(STR(?s), " ", STR(?p), " ", STR(?o)) AS ?triple) }
           }"""
    )
    entities, relations, assertions = (int(str(value)) for value in rows[0])
    return entities, relations, assertions


def build(
    paths: Iterable[str | Path],
    output: Path | str = "out",
    *,
    store_dir: Path | str | None = None,
    model: str = DEFAULT_MODEL,
    base: str = DEFAULT_BASE,
    html: bool = True,
) -> BuildSummary:
    """Add the articles at ``paths`` to the store and write graph.ttl (and graph.html)."""
    from kg.exports import export_graph

    started = time.perf_counter()
    output = Path(output)
    store_path = Path(store_dir) if store_dir is not None else output / "store"
    load_pipeline(model)  # fail on a missing model before touching any output
    store_path.parent.mkdir(parents=True, exist_ok=True)
    outcomes = dict.fromkeys(PutOutcome, 0)
    with GraphStore.open(store_path) as store:

        def fresh(articles: Iterable[Article]) -> Iterator[Article]:
            # An article whose text is already stored needs no parsing at all.
            for article in articles:
                if store.article_hash(str(article_iri(article.id, base))) == article.content_hash:
                    outcomes[PutOutcome.UNCHANGED] += 1
                else:
                    yield article

        for extraction in extract_articles(fresh(read_articles(paths)), model):
            iri = str(article_iri(extraction.article.id, base))
            outcomes[store.put_article(iri, article_graph(extraction, base))] += 1
        store.merge_short_names()
        store.refresh_labels(base)
        entities, relations, assertions = _counts(store)
        quads = store.quad_count()
        dataset = store.to_dataset()
    output.mkdir(parents=True, exist_ok=True)
    files = [export_graph(dataset, output / "graph.ttl", "ttl")]
    if html:
        from kg.viz import visualize

        files.append(visualize(dataset, output / "graph.html"))
    return BuildSummary(
        output=output,
        store=store_path,
        added=outcomes[PutOutcome.ADDED],
        replaced=outcomes[PutOutcome.REPLACED],
        unchanged=outcomes[PutOutcome.UNCHANGED],
        entities=entities,
        relations=relations,
        assertions=assertions,
        quads=quads,
        seconds=time.perf_counter() - started,
        files=tuple(files),
        graph=dataset,
    )
