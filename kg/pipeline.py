"""build() = ingest -> nlp -> extract -> rdf -> store -> outputs; the CLI and notebooks call it.

Articles stream through one at a time: each stage before the store is a pure function of
one article, and the store is the only place where articles meet.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.errors import KgError, OutputError
from kg.extract import extract_article
from kg.ingest import Skipped, read_articles
from kg.namespaces import DEFAULT_BASE, check_base
from kg.nlp import DEFAULT_MODEL, load_pipeline
from kg.rdf import article_graph, article_iri
from kg.records import Article, ArticleExtraction
from kg.store import GraphStore, PutOutcome

# The parser's memory grows with the text of a batch (BATCH_SIZE texts at once): a
# 1.2 MB article in pieces of 100,000 characters peaked at 3.6 GB, in pieces of 10,000 at
# 0.8 GB. Pieces are cut at paragraph breaks, so every sentence stays whole; the longest
# dev-set article is 5,200 characters, so news articles are rarely cut at all.
PIECE_CHARS = 10_000
BATCH_SIZE = 16  # articles per nlp.pipe batch: enough to keep the parser busy, little memory


def extract_articles(
    articles: Iterable[Article], model: str = DEFAULT_MODEL
) -> Iterator[ArticleExtraction]:
    """Parse and extract each article in turn, lazily and in input order.

    An article longer than :data:`PIECE_CHARS` (or the parser's ``max_length``) is parsed
    in pieces (split at paragraph, line, sentence or word boundaries) and the pieces
    joined back into one Doc with the article's exact text, so extraction sees the whole
    article at once.
    """
    from spacy.tokens import Doc

    nlp = load_pipeline(model)

    def pieces() -> Iterator[tuple[str, tuple[Article, int, int]]]:
        for article in articles:
            parts = split_text(article.text, min(nlp.max_length, PIECE_CHARS))
            for index, part in enumerate(parts):
                yield part, (article, index, len(parts))

    parsed: list[Doc] = []  # the pieces of the article being parsed
    for doc, (article, index, count) in nlp.pipe(pieces(), as_tuples=True, batch_size=BATCH_SIZE):
        parsed.append(doc)
        if index + 1 < count:
            continue
        whole = parsed[0] if count == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
        parsed = []
        yield extract_article(article, whole)


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


@dataclass(frozen=True)
class BuildSummary:
    """What one build read, changed, skipped and wrote."""

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
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)
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
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} input(s):")
            lines += [f"  {skip.message}" for skip in self.skipped]
        lines += [f"wrote {path}" for path in self.files]
        return "\n".join(lines)


@dataclass(frozen=True)
class Stored:
    """One article committed to the store: reported as soon as its transaction is done."""

    article_id: str
    source: str
    outcome: PutOutcome

    def to_text(self) -> str:
        """One line: what happened to which article, from where."""
        return f"{self.outcome.value} {self.article_id} ({self.source})"


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


def check_output_folder(path: Path, what: str) -> None:
    """Raise unless ``path`` is a folder, or can be made one, that this process may write."""
    if path.exists():
        if not path.is_dir():
            raise OutputError(f"{what} {path} is a file, not a folder; give a folder.")
        if not os.access(path, os.W_OK | os.X_OK):
            raise OutputError(f"{what} {path} is not writable; give a folder you may write to.")
        return
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(
            f"{what} {path} cannot be created: {parent} is a file, not a folder; give another path."
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(
            f"{what} {path} cannot be created: {parent} is not writable; give another path."
        )


def build(
    paths: Iterable[str | Path],
    output: Path | str = "out",
    *,
    store_dir: Path | str | None = None,
    model: str = DEFAULT_MODEL,
    base: str = DEFAULT_BASE,
    html: bool = True,
    strict: bool = False,
    stdin_format: str = "auto",
    on_stored: Callable[[Stored], None] | None = None,
) -> BuildSummary:
    """Add the articles at ``paths`` to the store and write graph.ttl (and graph.html).

    Each article is one store transaction (its triples and its entities' labels), and
    ``on_stored`` hears of it once committed: a build stopped at any moment leaves the
    store holding exactly the articles reported. Inputs that cannot be read are skipped
    and listed in the summary (``strict`` makes the first one an error instead).
    """
    from kg.exports import export_graph

    started = time.perf_counter()
    check_base(base)
    output = Path(output)
    store_path = Path(store_dir) if store_dir is not None else output / "store"
    check_output_folder(output, "output folder")
    check_output_folder(store_path, "store folder")
    load_pipeline(model)  # fail on a missing model before touching any output
    skipped: list[Skipped] = []
    articles = read_articles(
        paths, strict=strict, stdin_format=stdin_format, on_skip=skipped.append
    )
    store_path.parent.mkdir(parents=True, exist_ok=True)
    outcomes = dict.fromkeys(PutOutcome, 0)
    with GraphStore.open(store_path) as store:
        store.check_base(base)

        def fresh(articles: Iterable[Article]) -> Iterator[Article]:
            # An article whose text is already stored needs no parsing at all.
            for article in articles:
                if store.article_hash(str(article_iri(article.id, base))) == article.content_hash:
                    outcomes[PutOutcome.UNCHANGED] += 1
                else:
                    yield article

        try:
            for extraction in extract_articles(fresh(articles), model):
                article = extraction.article
                iri = str(article_iri(article.id, base))
                outcome = store.put_article(iri, article_graph(extraction, base), base)
                outcomes[outcome] += 1
                if on_stored is not None:
                    on_stored(Stored(article.id, article.source, outcome))
        except KgError as error:
            done = outcomes[PutOutcome.ADDED] + outcomes[PutOutcome.REPLACED]
            if not done:
                raise
            raise type(error)(
                f"{error} ({done} article(s) before it are stored; a new build goes on from there.)"
            ) from error
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
        skipped=tuple(skipped),
        graph=dataset,
    )
