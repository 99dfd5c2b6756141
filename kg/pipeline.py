"""build() = ingest -> nlp -> extract -> rdf -> store -> outputs; the CLI and notebooks call it.

Articles stream through one at a time: each stage before the store is a pure function of
one article, and the store is the only place where articles meet.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from queue import Queue
from threading import Thread

from kg.errors import KgError, OutputError
from kg.ingest import Skipped, count_articles, read_articles
from kg.namespaces import DEFAULT_BASE, check_base
from kg.nlp import DEFAULT_MODEL, load_pipeline
from kg.parallel import extract_articles, extract_batch
from kg.progress import BuildProgress
from kg.rdf import article_graph, article_iri, entity_iri
from kg.records import Article, ArticleExtraction, EntityKind
from kg.store import (
    GraphStore,
    PutOutcome,
    close_when_open,
    is_store_folder,
    open_soon,
    quads_at_least,
)

# Above this many quads graph.ttl is not written by default: its triples are sorted in
# memory (Oxigraph writes 40,000 quads in about a second, an archive's would take long and
# a lot of memory for a file nobody reads whole); an archive's store is read with
# `kg export` or queried where it is.
TTL_MAX_QUADS = 50_000


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
    quads: int | None  # None: over TTL_MAX_QUADS (not counted further)
    seconds: float
    files: tuple[Path, ...] = field(default_factory=tuple)
    skipped: tuple[Skipped, ...] = field(default_factory=tuple)
    ttl_left_out: bool = False  # graph.ttl not written: the store is an archive's

    def to_text(self) -> str:
        """A short human summary for the command line."""
        read = self.added + self.replaced + self.unchanged
        quads = f"over {TTL_MAX_QUADS:,}" if self.quads is None else str(self.quads)
        lines = [
            f"read {read} article(s): {self.added} added, {self.replaced} replaced, "
            f"{self.unchanged} unchanged ({self.seconds:.1f} s)",
            f"graph: {self.entities} entities, {self.relations} relations, "
            f"{self.assertions} assertions, {quads} quads in {self.store}",
        ]
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} input(s):")
            lines += [f"  {skip.message}" for skip in self.skipped]
        lines += [f"wrote {path}" for path in self.files]
        if self.ttl_left_out:
            lines.append(
                f"graph.ttl left out for a store of {quads} quads; "
                f"export it with: kg export {self.store} -o FILE.nq"
            )
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

    @property
    def changed(self) -> bool:
        """Whether the store changed: the article was added, or replaced a stored version."""
        return self.outcome is not PutOutcome.UNCHANGED


COMMIT_QUEUE = 32  # extractions parsed ahead of the store's commits, at most

_DONE = object()  # the end of the extractions, for the committing thread


def commit_behind(
    extractions: Iterable[ArticleExtraction],
    commit: Callable[[ArticleExtraction], None],
    depth: int = COMMIT_QUEUE,
) -> None:
    """``commit`` each extraction, in order, in a second thread while the next articles
    are parsed: the store works outside Python's lock, and so does much of the parser,
    so one job parses nearly as fast as the bare parser. The first error of either side
    stops both and is raised here, once every extraction handed over before it is
    committed (or refused), so what ``commit`` reported is what the store holds."""
    handed: Queue[object] = Queue(maxsize=depth)
    failures: list[BaseException] = []

    def committing() -> None:
        while (item := handed.get()) is not _DONE:
            if failures:
                continue  # drain: the main thread stops handing over
            try:
                commit(item)  # type: ignore[arg-type]
            except BaseException as error:  # raised again in the main thread
                failures.append(error)

    thread = Thread(target=committing, name="kg-commit", daemon=True)
    thread.start()
    try:
        for extraction in extractions:
            if failures:
                break
            handed.put(extraction)
    finally:
        handed.put(_DONE)
        thread.join()
    if failures:
        raise failures[0]


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
    ttl: bool | None = None,
    strict: bool = False,
    stdin_format: str = "auto",
    jobs: int = 1,
    dask: str | None = None,
    quiet: bool = False,
    on_stored: Callable[[Stored], None] | None = None,
) -> BuildSummary:
    """Add the articles at ``paths`` to the store and write graph.ttl (and graph.html).

    Articles stream through in batches: parsed and extracted here, in ``jobs`` worker
    processes, or on the dask cluster at ``dask``, and committed in input order, so every
    engine gives the same store. Each article is one store transaction (its triples and
    its entities' labels), and ``on_stored`` hears of it once committed: a build stopped
    at any moment leaves the store holding exactly the articles reported. Inputs that
    cannot be read are skipped and listed in the summary (``strict`` makes the first one
    an error instead). ``ttl`` None writes graph.ttl unless the store is an archive's
    (over :data:`TTL_MAX_QUADS` quads). A progress bar shows on a terminal unless
    ``quiet``.
    """

    started = time.perf_counter()
    check_base(base)
    if jobs < 1:
        raise KgError(f"{jobs} jobs is not a number of worker processes; give 1 or more.")
    output = Path(output)
    store_path = Path(store_dir) if store_dir is not None else output / "store"
    check_output_folder(output, "output folder")
    check_output_folder(store_path, "store folder")
    # A store that exists already opens while the pipeline loads and the first article
    # is parsed (RocksDB takes 20 ms to open, 40 beside a parse, most of it starting and
    # ending some 180 threads: as long as a short article's parse); a new one is created
    # only once the model is known to load.
    opening = open_soon(store_path) if is_store_folder(store_path) else None
    try:
        if dask is None:
            load_pipeline(model)  # fail on a missing model before touching any output
        skipped: list[Skipped] = []
        given = [paths] if isinstance(paths, str | Path) else list(paths)
        progress = BuildProgress(lambda: count_articles(given), quiet=quiet)

        def skip(item: Skipped) -> None:
            skipped.append(item)
            progress.skip()

        articles = read_articles(given, strict=strict, stdin_format=stdin_format, on_skip=skip)
        first: list[ArticleExtraction] = []
        if opening is not None and dask is None:
            # The first article is extracted before the store can say whether it holds
            # it already: a pure function of the article, thrown away if it does.
            head = tuple(islice(articles, 1))
            first = extract_batch(head, model) if head else []
    except BaseException:
        if opening is not None:
            close_when_open(opening)
        raise
    if opening is None:
        store_path.parent.mkdir(parents=True, exist_ok=True)
    outcomes = dict.fromkeys(PutOutcome, 0)
    with GraphStore.open(store_path) if opening is None else opening.result() as store, progress:
        store.check_base(base)
        store.ensure_summaries(base)

        def unchanged(article: Article) -> bool:
            # An article whose text is already stored needs no parsing at all.
            if store.article_hash(str(article_iri(article.id, base))) != article.content_hash:
                return False
            outcomes[PutOutcome.UNCHANGED] += 1
            progress.skip()
            return True

        def fresh(articles: Iterable[Article]) -> Iterator[Article]:
            return (article for article in articles if not unchanged(article))

        # The people and bodies of the articles added: the only names a new fold can
        # involve, as the store was folded at the end of the build before.
        named: set[str] = set()
        committed = dict.fromkeys(PutOutcome, 0)  # counted by the committing thread

        def commit(extraction: ArticleExtraction) -> None:
            article = extraction.article
            iri = str(article_iri(article.id, base))
            outcome = store.put_article(iri, article_graph(extraction, base), base)
            committed[outcome] += 1
            named.update(
                str(entity_iri(entity.key, base))
                for entity in extraction.entities
                if entity.kind in (EntityKind.PERSON, EntityKind.ORGANIZATION)
            )
            progress.advance(len(article.text.split()))
            if on_stored is not None:
                on_stored(Stored(article.id, article.source, outcome))

        try:
            extracted = chain(
                (extraction for extraction in first if not unchanged(extraction.article)),
                extract_articles(fresh(articles), model, jobs=jobs, dask_address=dask),
            )
            commit_behind(extracted, commit)
        except KgError as error:
            done = committed[PutOutcome.ADDED] + committed[PutOutcome.REPLACED]
            if not done:
                raise
            raise type(error)(
                f"{error} ({done} article(s) before it are stored; a new build goes on from there.)"
            ) from error
        finally:
            for outcome, count in committed.items():
                outcomes[outcome] += count
        # Labels follow each article as it is stored; only the names folded across
        # articles need theirs recomputed (not the whole store: adding one article to an
        # archive stays cheap).
        # A replaced article may have taken a name away, which can settle a fold
        # elsewhere: then every fold of the store is decided again.
        replaced = outcomes[PutOutcome.REPLACED] > 0
        folds = store.merge_short_names(base, focus=None if replaced else named)
        store.refresh_labels(base, entities=folds.values())
        entities, relations, assertions = store.counts(base)
        # Counted only as far as the limit, and not at all when the counts alone pass it:
        # a build adding one article to an archive should not read all of it.
        quads: int | None = None
        if quads_at_least(entities, relations, assertions) <= TTL_MAX_QUADS:
            counted = store.quad_count(up_to=TTL_MAX_QUADS + 1)
            quads = counted if counted <= TTL_MAX_QUADS else None
        write_ttl = ttl if ttl is not None else quads is not None
        output.mkdir(parents=True, exist_ok=True)
        files = []
        if write_ttl:
            files.append(store.write_turtle(output / "graph.ttl"))
    if html:
        from kg.viz import visualize

        files.append(visualize(store_path, output / "graph.html"))
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
        ttl_left_out=not write_ttl,
    )
