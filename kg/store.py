"""The embedded store: one Oxigraph database on disk, one named graph per article.

Each article's triples live in the named graph whose name is the article's IRI, so an
article is added, replaced or left alone as a unit (its ``nkg:contentHash`` decides).
A store-wide graph holds the entities' labels, chosen from the surface forms of every
article and kept with each article committed (:meth:`GraphStore.refresh_labels` chooses
them all again); another holds the summaries (:mod:`kg.summaries`): tallies and the
name index. Queries see the union of all graphs.

:func:`load_dataset` reads any graph the tool writes (a graph file of any RDF format,
or a store folder) into an rdflib Dataset; :func:`open_for_query` gives the same input
as a :class:`GraphStore`, so every SPARQL query runs on Oxigraph.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache, wraps
from pathlib import Path
from threading import RLock, Thread
from types import TracebackType
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import GraphError, KgError
from kg.files import atomic_file
from kg.namespaces import (
    DEFAULT_BASE,
    ENTITIES_GRAPH_KEY,
    NKG,
    NKG_IRI,
    PREFIXES,
    bind_prefixes,
    iri_for,
)
from kg.rdf import choose_labels, label_names, label_triples
from kg.summaries import (
    BEGUN_KINDS,
    ENTITY_NAMES,
    STORED_ARTICLE_TALLIES,
    SUMMARY_VERSION,
    TALLIES_NAMING,
    TALLY_QUADS,
    TOTALS,
    ArticleTallies,
    all_summaries_update,
    article_tallies,
    name_end_keys,
    name_index,
    name_index_stale,
    names_of,
    relation_tallies_update,
    renamed_keys,
    stored_tallies,
    summary_graph,
    tallies_update,
    totals_moved,
)

if TYPE_CHECKING:
    from kg.records import EntityKind
    from kg.vocab import Vocabulary

# File extension -> rdflib parser name.
RDF_FILE_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

# The same extensions for Oxigraph's own (much faster) parsers.
_OX_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CONTENT_HASH = URIRef(f"{NKG_IRI}contentHash")
_SURFACE_FORM = URIRef(f"{NKG_IRI}surfaceForm")

FLUSH_EVERY = 200  # articles written between flushes of the store's in-memory buffers
# Articles written between reopenings of the database. RocksDB keeps memory for as long as
# a database is open that grows with what is new to it (some 10 MB a thousand articles of
# new names and sentences, not given back by flushing); reopening (13 ms) gives it back.
REOPEN_EVERY = 2_000
# Entities whose surface-form counts a writable store keeps in memory, the most recently
# named (some 650 bytes each, and 100 more for the labels they chose: 15 MB at most). The
# frequent ones stay; the rest are read.
FORMS_REMEMBERED = 20_000
# An entity's surface forms with how many articles use each, and the label and aliases
# they choose (kg.rdf.choose_labels; None when no article names it any more).
_Known = tuple[dict[str, int], tuple[str, tuple[str, ...]] | None]

T = TypeVar("T")  # what a SELECT's terms are converted to

# Above this many entities a build's folds are decided over the whole store at once: one
# listing of every name beats thousands of lookups by name.
FOLD_FOCUS_MAX = 200

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxResults = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class Answer:
    """A SPARQL answer in rdflib terms: ``select`` rows, an ``ask`` boolean or ``graph`` rows."""

    kind: str  # "select", "ask" or "graph" (CONSTRUCT and DESCRIBE, as s/p/o rows)
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None


def ntriples(term: Node) -> str:
    """A term in N-Triples syntax (quotes, backslashes and newlines escaped), for SPARQL text."""
    return str(to_oxigraph(term))


def is_valid_iri(iri: str) -> str | None:
    """None when ``iri`` is a valid absolute IRI, else what is wrong with it."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        return str(error)
    return None


class PutOutcome(StrEnum):
    """What :meth:`GraphStore.put_article` did with an article."""

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


def to_oxigraph(term: Node) -> OxTerm:
    """The Oxigraph term for an rdflib IRI, blank node or literal, lexical form kept exactly."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}: only IRIs, blank nodes and literals are supported")


# Answers repeat their terms (a relation, a count, a label on many rows), and an rdflib
# Literal costs some 10 microseconds to make: converting each once took a 30,000-row answer
# from 0.87 s to 0.11 s. Both kinds of term are immutable: one may stand for all its copies.
@lru_cache(maxsize=1 << 16)
def from_oxigraph(term: OxTerm | ox.Triple) -> Node:
    """The rdflib term for an Oxigraph term; literals keep their lexical form unnormalised."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # RDF 1.1 makes every simple literal an xsd:string; rdflib keeps them untyped.
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"cannot convert {term!r}: RDF-star triples are not supported")


# Entity, class and predicate IRIs recur in every article; converting each once makes
# loading a big dataset roughly twice as fast. Bounded, so memory stays flat.
_cached = lru_cache(maxsize=1 << 16)(to_oxigraph)


def to_quad(
    subject: Node,
    predicate: Node,
    obj: Node,
    graph: Node | ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None,
) -> ox.Quad:
    """An Oxigraph quad from rdflib terms; graph ``None`` is the default graph."""
    # Only IRIs (and blank nodes) recur; an article's literals (its evidence, forms and
    # hash) mostly do not, and cached they held some 20 MB of a long build's memory.
    s, p = _cached(subject), _cached(predicate)
    o = _cached(obj) if isinstance(obj, URIRef) else to_oxigraph(obj)
    if isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode):
        raise TypeError(f"not a valid triple: {subject!r} {predicate!r} {obj!r}")
    if isinstance(graph, ox.NamedNode | ox.BlankNode | ox.DefaultGraph):
        return ox.Quad(s, p, o, graph)
    return ox.Quad(s, p, o, _graph_name(graph))


def _graph_name(name: Node | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    if name is None or name == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    converted = to_oxigraph(name)
    if isinstance(converted, ox.Literal):
        raise TypeError(f"a literal cannot name a graph: {name!r}")
    return converted


def _missing(path: Path) -> GraphError:
    return GraphError(f"{path} does not exist; give a graph file or a store folder.")


def _not_a_store(path: Path) -> GraphError:
    return GraphError(
        f"{path} is not a newskg store folder (it holds no Oxigraph database); "
        "give a folder written by `kg build`, or a new or empty folder."
    )


def _open_error(path: Path, error: OSError) -> GraphError:
    message = str(error)
    if "lock" in message.lower():
        return GraphError(
            f"{path} is in use by another kg process; wait for it to finish "
            "or give another store folder."
        )
    return GraphError(f"{path} cannot be opened as a store ({message.splitlines()[0]}).")


def _write_error(path: Path | None, error: OSError) -> GraphError:
    reason = str(error).splitlines()[0].removeprefix("IO error: ")
    where = f"the store {path}" if path is not None else "the in-memory store"
    return GraphError(f"cannot write to {where}: {reason}")


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _writes(
    method: Callable[Concatenate[GraphStore, _P], _R],
) -> Callable[Concatenate[GraphStore, _P], _R]:
    """The database's I/O errors (a full disk, a file over the size limit, no permission)
    as one GraphError naming the store, not a traceback. RocksDB commits nothing of a
    transaction it could not write, so the store holds what it held before."""

    @wraps(method)
    def writing(self: GraphStore, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except OSError as error:
            raise _write_error(self.path, error) from error

    return writing


def _is_oxigraph_dir(path: Path) -> bool:
    # RocksDB keeps the name of its current manifest in CURRENT; every store has one.
    return (path / "CURRENT").is_file()


# RocksDB writes an info log of some 140 KB (its settings, mostly) each time a database
# opens for writing, and keeps 999 old ones: a store built one article at a time grew by
# 137 MB of logs nobody reads. Pyoxigraph cannot set RocksDB's limit; a store keeps these.
INFO_LOGS_KEPT = 4


def prune_info_logs(folder: Path, keep: int = INFO_LOGS_KEPT) -> None:
    """Delete all but the ``keep`` newest of RocksDB's old info logs (``LOG.old.<time>``)
    in a store folder. They are diagnostics only, never reopened; a file that cannot be
    removed is left where it is."""
    try:
        old = [path for path in folder.iterdir() if path.name.startswith("LOG.old.")]
    except OSError:
        return
    # The suffix is the time of the log's rotation in microseconds: newest last.
    old.sort(key=lambda path: (len(path.name), path.name))
    for path in old[: max(len(old) - keep, 0)]:
        with suppress(OSError):
            path.unlink()


def is_store_folder(path: Path) -> bool:
    """Whether ``path`` holds a store already (opening it then creates nothing)."""
    return path.is_dir() and _is_oxigraph_dir(path)


def open_soon(path: Path) -> Future[GraphStore]:
    """The store folder ``path`` opening for writing in a thread of its own: RocksDB opens
    outside Python's lock, so the caller can parse meanwhile. Take it with ``result()``
    (which raises what opening raised), or hand it to :func:`close_when_open`."""
    opening: Future[GraphStore] = Future()

    def run() -> None:
        try:
            opening.set_result(GraphStore.open(path))
        except BaseException as error:  # raised again by result()
            opening.set_exception(error)

    Thread(target=run, name="kg-open", daemon=True).start()
    return opening


def close_when_open(opening: Future[GraphStore]) -> None:
    """Close a store :func:`open_soon` was opening and nobody took (releasing its lock)."""
    if opening.exception() is None:
        opening.result().close()


def quads_at_least(entities: int, relations: int, assertions: int) -> int:
    """A floor under the quad count of a store with these :meth:`GraphStore.counts`:
    each entity has its label and its lower-case name key, each relation its tally's
    seven quads (:mod:`kg.summaries` writes both), each assertion at least its type."""
    return 2 * entities + TALLY_QUADS * relations + assertions


class GraphStore:
    """An Oxigraph dataset, on disk or in memory, holding one named graph per article."""

    def __init__(self, store: ox.Store, path: Path | None, *, read_only: bool) -> None:
        self._store: ox.Store | None = store
        self.path = path
        self.read_only = read_only
        self._writes = 0  # articles written since the last flush
        self._since_open = 0  # articles written since the database was (re)opened
        # Housekeeping that failed after an article was committed, raised by the next write.
        self._housekeeping_failure: KgError | OSError | None = None
        # Held while the database is reopened and by article_hash, which a build's parsing
        # thread calls while the committing thread writes: RocksDB opens a folder once per
        # process, so the old handle must be out of use before the new one opens.
        self._reopening = RLock()
        self._summarised: set[str] = set()  # bases whose summaries are known current
        # Per entity IRI, how many articles use each of its surface forms: what its labels
        # are chosen from. Read from the article graphs the first time an article names
        # the entity, then moved by each article this object commits, so a commit naming
        # an entity of thousands of articles does not count them all again. Only this
        # process writes the folder (RocksDB locks it), so the copy cannot go stale.
        # With the counts, the labels they chose (None: no label), which the labels graph
        # holds: an article that leaves an entity's choice as it was does not rewrite it.
        self._forms: OrderedDict[str, _Known] = OrderedDict()

    @classmethod
    def open(cls, path: Path | str | None = None, *, read_only: bool = False) -> GraphStore:
        """Open (or create) the store folder ``path``; ``None`` gives an in-memory store."""
        if path is None:
            return cls(ox.Store(), None, read_only=False)
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise _not_a_store(folder)
        if read_only:
            if not folder.exists():
                raise _missing(folder)
            if not any(folder.iterdir()):
                raise GraphError(
                    f"{folder} is an empty folder, not a store; build a graph into it first, "
                    "or give a graph file or a store folder."
                )
            if not _is_oxigraph_dir(folder):
                raise _not_a_store(folder)
        elif folder.exists() and any(folder.iterdir()) and not _is_oxigraph_dir(folder):
            # Oxigraph would happily create a database among someone's files; refuse.
            raise _not_a_store(folder)
        try:
            store = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
        except OSError as error:
            raise _open_error(folder, error) from error
        return cls(store, folder, read_only=read_only)

    @_writes
    def close(self) -> None:
        """Write everything to disk, release the folder's lock and prune its old logs."""
        written = self.path if self._store is not None and not self.read_only else None
        try:
            if written is not None:
                self._db.flush()
        finally:
            # Oxigraph has no close(): dropping the last reference releases the lock.
            self._store = None
            if written is not None:
                prune_info_logs(written)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.close()
        except GraphError:
            if exc is None:
                raise
            # The error that stopped the work says more than the flush it also broke
            # (the same full disk, most often); it is the one raised.

    @property
    def _db(self) -> ox.Store:
        if self._store is None:
            if isinstance(self._housekeeping_failure, KgError):
                raise self._housekeeping_failure  # the reopening that failed, said once more
            raise RuntimeError("the store is closed")
        return self._store

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise GraphError(f"{self.path} was opened read-only; open it for writing to change it.")
        return self._db

    # -- reading -----------------------------------------------------------------------

    def quad_count(self, up_to: int | None = None) -> int:
        """How many quads the store holds, across all graphs; with ``up_to``, counted no
        further than that (Oxigraph counts by reading every quad: 50 ms per 400,000)."""
        if up_to is None:
            return len(self._db)
        # Every quad of a store is in a named graph (a file's unnamed ones are moved).
        rows = self.select(
            "SELECT (COUNT(*) AS ?quads) WHERE { SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } "
            f"LIMIT {up_to} }}"
        )
        return int(str(rows[0][0]))

    def named_graphs(self) -> list[str]:
        """The IRIs of every named graph, sorted."""
        return sorted(str(from_oxigraph(name)) for name in self._db.named_graphs())

    def articles(self) -> list[str]:
        """The IRIs of the articles in the store (each names its own graph), sorted."""
        rows = self.select(
            "SELECT DISTINCT ?article WHERE { GRAPH ?article { ?article a nkg:Article } }"
        )
        return sorted(str(row[0]) for row in rows)

    def article_hash(self, article_iri: str) -> str | None:
        """The ``nkg:contentHash`` stored for an article, or ``None`` when it is not stored."""
        name = ox.NamedNode(article_iri)
        predicate = ox.NamedNode(_CONTENT_HASH)
        with self._reopening:
            for quad in self._db.quads_for_pattern(name, predicate, None, name):
                if isinstance(quad.object, ox.Literal):
                    return quad.object.value
        return None

    def query(self, sparql: str) -> OxResults:
        """Run SPARQL with the union of all graphs as default graph and our prefixes bound."""
        try:
            return self._db.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise GraphError(_syntax_message(error)) from error

    def select(self, sparql: str) -> list[tuple[Node | None, ...]]:
        """The rows of a SELECT query as tuples of rdflib terms (``None`` when unbound)."""
        return self._solutions(sparql, _term)

    def select_plain(self, sparql: str) -> list[tuple[URIRef | BNode | str | None, ...]]:
        """The rows of a SELECT with literals as their plain text (IRIs and blank nodes
        stay rdflib terms): for listings of tens of thousands of names that need no
        datatype, where making an rdflib Literal of each took most of the time."""
        return self._solutions(sparql, _plain)

    def _solutions(
        self, sparql: str, convert: Callable[[OxTerm | ox.Triple | None], T]
    ) -> list[tuple[T, ...]]:
        results = self.query(sparql)
        if not isinstance(results, ox.QuerySolutions):
            raise GraphError("expected a SELECT query; use query() for ASK, CONSTRUCT or DESCRIBE.")
        width = len(results.variables)
        return [tuple(convert(solution[index]) for index in range(width)) for solution in results]

    def _iris(self, sparql: str) -> list[str]:
        """The first column of a SELECT as plain strings: no rdflib terms for the tens of
        thousands of rows of a store-wide listing."""
        results = self.query(sparql)
        assert isinstance(results, ox.QuerySolutions)
        return [solution[0].value for solution in results if solution[0] is not None]

    def counts(self, base: str = DEFAULT_BASE) -> tuple[int, int, int]:
        """How many entities, relations and assertions the store holds: the totals its
        summary keeps, or counted from its labels, tallies and assertions when it keeps
        none (a store written by an older newskg, opened read-only)."""
        graph = ox.NamedNode(summary_graph(base))
        kept: dict[str, int] = {}
        for total in TOTALS:
            for quad in self._db.quads_for_pattern(
                graph, ox.NamedNode(NKG_IRI + total), None, graph
            ):
                if isinstance(quad.object, ox.Literal):
                    kept[total] = int(quad.object.value)
        if len(kept) == len(TOTALS):
            entities, relations, assertions = (kept[total] for total in TOTALS)
            return entities, relations, assertions
        # Three plain counts, as each node has one label, tally class or assertion class:
        # 8 ms on 10,000 articles, against 14 ms for three DISTINCT counts over a UNION.
        patterns = (
            f"GRAPH <{iri_for(ENTITIES_GRAPH_KEY, base)}> {{ ?node rdfs:label ?label }}",
            f"GRAPH <{summary_graph(base)}> {{ ?node a nkg:RelationTally }}",
            "GRAPH ?g { ?node a nkg:Assertion }",
        )
        entities, relations, assertions = (
            int(str(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0][0]))
            for pattern in patterns
        )
        return entities, relations, assertions

    def answer(self, sparql: str) -> Answer:
        """Run a query and collect its whole answer as rdflib terms."""
        results = self.query(sparql)
        if isinstance(results, ox.QueryBoolean):
            return Answer("ask", boolean=bool(results))
        if isinstance(results, ox.QueryTriples):
            triples: tuple[tuple[Node | None, ...], ...] = tuple(
                (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                for t in results
            )
            return Answer("graph", ("subject", "predicate", "object"), triples)
        variables = tuple(variable.value for variable in results.variables)
        rows = tuple(
            tuple(
                None if solution[index] is None else from_oxigraph(solution[index])
                for index in range(len(variables))
            )
            for solution in results
        )
        return Answer("select", variables, rows)

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        """Every quad as rdflib terms; the graph is ``None`` for the default graph."""
        for quad in self._db:
            graph = quad.graph_name
            name = None if isinstance(graph, ox.DefaultGraph) else from_oxigraph(graph)
            yield (
                from_oxigraph(quad.subject),
                from_oxigraph(quad.predicate),
                from_oxigraph(quad.object),
                name,
            )

    def to_dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (default graph = union) for export."""
        dataset = Dataset(default_union=True)
        bind_prefixes(dataset)
        contexts: dict[Node | None, Graph] = {None: dataset.default_context}

        def context(name: Node | None) -> Graph:
            if name not in contexts:
                contexts[name] = dataset.graph(name)  # type: ignore[arg-type]
            return contexts[name]

        dataset.addN((s, p, o, context(g)) for s, p, o, g in self.quads())
        return dataset

    def write_turtle(self, path: Path) -> Path:
        """Every triple of every graph once, sorted, as Turtle written by Oxigraph straight
        from the store into ``path`` (atomically): a build's graph.ttl. Byte-stable: the
        same triples always give the same file."""
        constructed = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(constructed, ox.QueryTriples)
        # Written by Oxigraph as N-Triples, a triple a line, and sorted here as bytes: UTF-8
        # sorts as characters do, and the space after a term sorts below anything that could
        # go on within a longer one, so the lines fall in the order of their terms' text.
        # (ORDER BY reads each term's text from the database at every comparison, and a
        # Python term for each took 0.5 s for a thousand articles, where this takes 0.35 s.)
        written = constructed.serialize(format=ox.RdfFormat.N_TRIPLES)
        assert written is not None  # serialize() returns bytes when given no output
        lines = sorted(set(written.splitlines()))
        # The vocabularies' prefixes; resource IRIs stay whole ("nkgr:person\/x" is no help).
        prefixes = {name: iri for name, iri in PREFIXES.items() if iri != DEFAULT_BASE}
        triples = ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
        with atomic_file(path) as handle:
            ox.serialize(triples, handle, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
        return path

    def dump_nquads(self) -> bytes:
        """The whole store serialised as N-Quads."""
        data = self._db.dump(format=ox.RdfFormat.N_QUADS)
        assert data is not None  # dump() returns bytes when given no output
        return data

    def base(self) -> str | None:
        """The base IRI the stored articles were minted under, or None for an empty store."""
        rows = self.select(
            "SELECT ?article WHERE { GRAPH ?article { ?article a nkg:Article } } LIMIT 1"
        )
        if not rows:
            return None
        # Article IRIs are base + "article/" + an id, and ids hold no "/".
        return str(rows[0][0]).rsplit("article/", 1)[0]

    def check_base(self, base: str) -> None:
        """Refuse to mix IRIs: a store built under one base takes no articles under another."""
        stored = self.base()
        if stored is not None and stored != base:
            raise GraphError(
                f"{self.path} holds articles under the base IRI {stored}, not {base}; "
                "build into it with the same base IRI, or into another store folder."
            )

    # -- writing -----------------------------------------------------------------------

    @_writes
    def put_article(self, article_iri: str, graph: Graph, base: str = DEFAULT_BASE) -> PutOutcome:
        """Store an article's triples and its entities' labels in one transaction.

        Nothing happens when the same text is stored already. Otherwise the article's
        named graph is written (or replaced), and the labels of every entity it names, or
        named before, are chosen again from all articles' surface forms, with the tallies
        and name index following, all in one SPARQL update: a crash at any moment leaves
        either the old article, labels and summaries or the new ones, never an entity
        without its label.
        """
        if self._housekeeping_failure is not None:
            raise self._housekeeping_failure
        db = self._writable()
        self.ensure_summaries(base)
        name = ox.NamedNode(article_iri)
        new_hash = graph.value(URIRef(article_iri), _CONTENT_HASH)
        old_hash = self.article_hash(article_iri)
        if old_hash is not None and new_hash is not None and str(new_hash) == old_hash:
            return PutOutcome.UNCHANGED
        existed = old_hash is not None or db.contains_named_graph(name)
        quads = [to_quad(s, p, o, name) for s, p, o in graph]
        labels, forms, relabelled = self._label_update(article_iri, graph, base, existed)
        before, after = self._stored_tallies(article_iri, existed), article_tallies(graph)
        tallies = tallies_update(base, before, after)
        counted, moved = totals_moved(
            base,
            entities=relabelled,
            tallies=before.relations | after.relations,
            article=article_iri,
        )
        # One SPARQL update is one Oxigraph transaction, so readers and crashes see either
        # the old article (labels, tallies, totals) or the new one, never a half-written graph.
        drop = f"DROP SILENT GRAPH {name} ;\n" if existed else ""
        db.update(
            f"{counted} ;\n{drop}{_insert_data(name, quads)}{labels}{_then(tallies)} ;\n{moved}",
            prefixes=PREFIXES,
        )
        self._remember_forms(forms)
        self._writes += 1
        self._since_open += 1
        if self.path is not None and self._writes >= FLUSH_EVERY:
            del db
            try:
                self._flush_and_reopen(self.path)
            except (KgError, OSError) as failure:
                # The article is committed (RocksDB's log holds it) and is reported so;
                # the store's failure is the next write's, so a build that stops on it
                # has stored exactly the articles it reported.
                self._housekeeping_failure = failure
        return PutOutcome.REPLACED if existed else PutOutcome.ADDED

    def _flush_and_reopen(self, path: Path) -> None:
        """Flush what RocksDB holds in memory, and now and then reopen the database."""
        # RocksDB keeps recent writes in memory until flushed: without this the process
        # grew by some 40 MB per thousand articles of a long build.
        self._db.flush()
        self._writes = 0
        if self._since_open >= REOPEN_EVERY:
            self._reopen(path)

    def _reopen(self, path: Path) -> None:
        """Close the database and open it again (flushed already): what it held in memory
        is given back, its contents are the same."""
        with self._reopening:
            self._store = None  # the last reference: Oxigraph closes the database
            try:
                self._store = ox.Store(str(path))
            except OSError as error:
                raise _open_error(path, error) from error
            self._since_open = 0

    def _stored_tallies(self, article_iri: str, existed: bool) -> ArticleTallies:
        """What a stored article counts for in the tallies (nothing when it is not stored)."""
        if not existed:
            return ArticleTallies()
        return stored_tallies(self.select(STORED_ARTICLE_TALLIES.format(article=article_iri)))

    def has_summaries(self, base: str = DEFAULT_BASE) -> bool:
        """Whether the store keeps this newskg's summaries (tallies and name index): a
        store written before newskg kept them, or kept fewer, has an older version mark."""
        graph = ox.NamedNode(summary_graph(base))
        marks = self._db.quads_for_pattern(graph, ox.NamedNode(NKG.summaryVersion), None, graph)
        return any(
            isinstance(mark.object, ox.Literal) and mark.object.value == str(SUMMARY_VERSION)
            for mark in marks
        )

    def ensure_summaries(self, base: str = DEFAULT_BASE) -> bool:
        """Compute the summaries of a store that lacks them (a new one, or one written by
        an older newskg); ``True`` when it had to."""
        self._writable()
        if base in self._summarised:
            return False
        computed = not self.has_summaries(base)
        if computed:
            self.recompute_summaries(base)
        self._summarised.add(base)
        return computed

    def recompute_summaries(self, base: str = DEFAULT_BASE) -> None:
        """Compute the whole summary graph afresh from the article graphs and labels."""
        names = names_of(self.select(ENTITY_NAMES.format(values="", graph=summary_graph(base))))
        self.update(all_summaries_update(base) + _then(name_index_update(base, None, names)))

    def _label_update(
        self, article_iri: str, graph: Graph, base: str, stored: bool
    ) -> tuple[str, dict[str, _Known], list[str]]:
        """The SPARQL that rewrites the labels of the entities an article names (or named,
        when a version of it is ``stored``), their surface-form counts and labels once it
        has run (for :meth:`_remember_forms`), and the entities whose labels it rewrites:
        the only ones that can gain or lose a label, so the only ones the store's entity
        total need count."""
        labels_graph = iri_for(ENTITIES_GRAPH_KEY, base)
        new_forms: dict[str, set[str]] = {}
        for node, surface_form in graph.subject_objects(_SURFACE_FORM):
            new_forms.setdefault(str(node), set()).add(str(surface_form))
        old_forms: dict[str, set[str]] = {}
        # A new article has no stored forms to take out: no query to ask.
        rows = (
            self.select(
                f"SELECT DISTINCT ?entity ?form WHERE {{ GRAPH <{article_iri}> "
                "{ ?entity nkg:surfaceForm ?form } }"
            )
            if stored
            else []
        )
        for stored_entity, stored_form in rows:
            old_forms.setdefault(str(stored_entity), set()).add(str(stored_form))
        entities = sorted(set(new_forms) | set(old_forms))
        if not entities:
            return "", {}, []
        # Counts as stored, the article's old version included; then it is taken out and
        # its new version put in.
        known = {entity: self._forms[entity] for entity in entities if entity in self._forms}
        forms = {entity: dict(counts) for entity, (counts, _) in known.items()}
        unread = [entity for entity in entities if entity not in forms]
        if unread:
            values = " ".join(f"<{entity}>" for entity in unread)
            rows = self.select(
                "SELECT ?entity ?form (COUNT(DISTINCT ?g) AS ?articles) WHERE { "
                f"VALUES ?entity {{ {values} }} GRAPH ?g {{ ?entity nkg:surfaceForm ?form }} "
                f"FILTER(?g != <{labels_graph}>) }} GROUP BY ?entity ?form"
            )
            forms.update((entity, {}) for entity in unread)
            for counted, counted_form, count in rows:
                forms[str(counted)][str(counted_form)] = int(str(count))
        for entity in entities:
            counts = forms[entity]
            for form in old_forms.get(entity, ()):
                counts[form] -= 1
            for form in new_forms.get(entity, ()):
                counts[form] = counts.get(form, 0) + 1
            forms[entity] = {form: count for form, count in counts.items() if count > 0}
        named = {entity: counts for entity, counts in forms.items() if counts}
        labels = choose_labels(named)
        remembered = {entity: (forms[entity], labels.get(entity)) for entity in entities}
        # Most articles name entities whose labels their forms leave as they were (a
        # country, a leader named in hundreds of articles): only the others are rewritten,
        # with their name index. An entity this object has not committed is always
        # rewritten, whatever the store held for it before.
        relabelled = [
            entity
            for entity in entities
            if entity not in known or known[entity][1] != remembered[entity][1]
        ]
        if not relabelled:
            return "", remembered, []
        name = ox.NamedNode(labels_graph)
        changed = {entity: labels[entity] for entity in relabelled if entity in labels}
        quads = [to_quad(s, p, o, name) for s, p, o in label_triples(changed)]
        values = " ".join(f"<{entity}>" for entity in relabelled)
        index = name_index_update(base, relabelled, label_names(changed))
        update = (
            f" ;\nDELETE {{ GRAPH {name} {{ ?entity ?p ?o }} }} WHERE {{ "
            f"VALUES ?entity {{ {values} }} GRAPH {name} {{ ?entity ?p ?o }} }} ;\n"
            f"{_insert_data(name, quads)}{_then(index)}"
        )
        return update, remembered, relabelled

    def _remember_forms(self, forms: dict[str, _Known]) -> None:
        """Keep the surface-form counts and labels of entities just committed (the most
        recent :data:`FORMS_REMEMBERED`): the next article naming one of them reads none."""
        for entity, known in forms.items():
            self._forms[entity] = known
            self._forms.move_to_end(entity)
        while len(self._forms) > FORMS_REMEMBERED:
            self._forms.popitem(last=False)

    @_writes
    def remove_article(self, article_iri: str, base: str = DEFAULT_BASE) -> bool:
        """Drop an article's graph and relabel its entities in one transaction.

        ``False`` when the article was not stored.
        """
        db = self._writable()
        self.ensure_summaries(base)
        name = ox.NamedNode(article_iri)
        if not db.contains_named_graph(name):
            return False
        labels, forms, relabelled = self._label_update(article_iri, Graph(), base, True)
        before = self._stored_tallies(article_iri, True)
        tallies = tallies_update(base, before, ArticleTallies())
        counted, moved = totals_moved(
            base, entities=relabelled, tallies=before.relations, article=article_iri
        )
        db.update(
            f"{counted} ;\nDROP SILENT GRAPH {name}{labels}{_then(tallies)} ;\n{moved}",
            prefixes=PREFIXES,
        )
        self._remember_forms(forms)
        return True

    @_writes
    def refresh_labels(
        self, base: str = DEFAULT_BASE, entities: Iterable[str] | None = None
    ) -> int:
        """Recompute the store-wide labels from every article's surface forms: of every
        entity, or of ``entities`` only (those a fold of names just changed)."""
        db = self._writable()
        self.ensure_summaries(base)
        labels_graph = iri_for(ENTITIES_GRAPH_KEY, base)
        chosen = None if entities is None else sorted(set(entities))
        if chosen == []:
            return 0
        values = (
            "" if chosen is None else f"VALUES ?entity {{ {' '.join(f'<{e}>' for e in chosen)} }} "
        )
        rows = self.select(
            f"SELECT ?entity ?form (COUNT(DISTINCT ?g) AS ?articles) WHERE {{ {values}"
            "GRAPH ?g { ?entity nkg:surfaceForm ?form } "
            f"FILTER(?g != <{labels_graph}>) }} GROUP BY ?entity ?form"
        )
        forms: dict[str, dict[str, int]] = {}
        for entity, form, count in rows:
            forms.setdefault(str(entity), {})[str(form)] = int(str(count))
        name = ox.NamedNode(labels_graph)
        labels = choose_labels(forms)
        quads = [to_quad(s, p, o, name) for s, p, o in label_triples(labels)]
        # Drop and rewrite in one transaction: queries never see an entity without a label.
        drop = (
            f"DROP SILENT GRAPH {name}"
            if chosen is None
            else f"DELETE {{ GRAPH {name} {{ ?entity ?p ?o }} }} WHERE {{ {values}"
            f"GRAPH {name} {{ ?entity ?p ?o }} }}"
        )
        index = name_index_update(base, chosen, label_names(labels))
        counted, moved = totals_moved(base, entities=chosen)
        db.update(
            f"{counted} ;\n{drop} ;\n{_insert_data(name, quads)}{_then(index)} ;\n{moved}",
            prefixes=PREFIXES,
        )
        return len(forms)

    def merge_short_names(
        self, base: str = DEFAULT_BASE, focus: Collection[str] | None = None
    ) -> dict[str, str]:
        """Fold a person known only by a short name in some articles ("Merkel") into the
        one person of the store whose fuller name it abbreviates ("Angela Merkel"), and a
        body named without its country ("Senate") into the one named with it ("U.S.
        Senate"), by the rules of entity resolution (``kg.resolve.fold_names``).

        A short name fitting two people of the store (Kim Jong-un, Kim Yo-jong) merges
        nothing. The result depends only on the set of stored articles, never on their order.
        ``focus`` (entity IRIs) limits the work to the folds those entities take part in,
        which are all the new ones when they are the entities of the articles just added
        to a store folded before: only their neighbours by name are read, not the store.
        Returns the folds made, short IRI to full IRI: their labels need recomputing.
        """
        from kg.records import EntityKind
        from kg.resolve import fold_names
        from kg.vocab import load_vocabulary

        vocab = load_vocabulary()
        # The rules are entity resolution's; the store only lists its entities (named by
        # their IRIs' slugs, which do not depend on article order) and applies the folds.
        entities: dict[str, tuple[EntityKind, str]] = {}
        if focus is not None and len(focus) <= FOLD_FOCUS_MAX:
            entities = self._fold_neighbourhood(focus, base, vocab)
        else:
            for kind, rdf_class in (
                (EntityKind.PERSON, "Person"),
                (EntityKind.ORGANIZATION, "Organization"),
            ):
                query = f"SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?e a nkg:{rdf_class} }} }}"
                for iri in self._iris(query):
                    entities[iri] = (kind, _slug_name(iri.rsplit("/", 1)[-1]))
        merges = fold_names(entities, vocab)
        tallies_graph = summary_graph(base)
        for short, full in sorted(merges.items()):
            named = {
                (str(s), str(relation), str(o))
                for s, relation, o in self.select(
                    TALLIES_NAMING.format(graph=tallies_graph, actor=short)
                )
            }
            keys = named | renamed_keys(named, short, full)
            tallies = relation_tallies_update(base, keys)
            counted, moved = totals_moved(base, entities=[short, full], tallies=keys)
            # The full name's index once the short one's labels are rewritten onto it.
            values = f"VALUES ?entity {{ <{short}> <{full}> }} "
            rows = self.select(ENTITY_NAMES.format(values=values, graph=tallies_graph))
            index = name_index_update(base, [short, full], {full: [str(n) for _, n in rows]})
            # One update per merge: every article graph naming the short form is rewritten,
            # and the tallies of the relations it takes part in and the name index follow.
            self.update(
                f"{counted} ;\n"
                "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { GRAPH ?g { ?s2 ?p ?o2 } } WHERE { "
                f"{{ GRAPH ?g {{ <{short}> ?p ?o }} BIND(<{short}> AS ?s) }} UNION "
                f"{{ GRAPH ?g {{ ?s ?p <{short}> }} BIND(<{short}> AS ?o) }} "
                f"FILTER(?g != <{tallies_graph}>) "
                f"BIND(IF(?s = <{short}>, <{full}>, ?s) AS ?s2) "
                f"BIND(IF(?o = <{short}>, <{full}>, ?o) AS ?o2) }}{_then(tallies)}"
                f"{_then(index)} ;\n{moved}"
            )
        return merges

    def _fold_neighbourhood(
        self, focus: Collection[str], base: str, vocab: Vocabulary
    ) -> dict[str, tuple[EntityKind, str]]:
        """The people and bodies whose names decide the folds of ``focus``: read by name
        from the labels graph, round after round until no new name turns up, so that
        :func:`kg.resolve.fold_names` decides each of them as over the whole store."""
        from kg.records import EntityKind
        from kg.resolve.aliases import body_fold_frontier, person_fold_frontier

        found: dict[str, tuple[EntityKind, str]] = {}
        for kind, key in (
            (EntityKind.PERSON, "person/"),
            (EntityKind.ORGANIZATION, "organization/"),
        ):
            prefixes = key in BEGUN_KINDS  # what the name index keeps the beginnings of
            namespace = base + key
            names = [
                _slug_name(iri.removeprefix(namespace))
                for iri in focus
                if iri.startswith(namespace)
            ]
            if not names:
                continue
            frontier = (
                person_fold_frontier(names, vocab, parts=True)
                if prefixes
                else body_fold_frontier(names, vocab)
            )
            asked: set[str] = set()
            while frontier:
                asked |= frontier
                new = {
                    iri: _slug_name(iri.removeprefix(namespace))
                    for iri in self._named_like(namespace, frontier, prefixes=prefixes, base=base)
                    if iri not in found
                }
                found.update((iri, (kind, name)) for iri, name in new.items())
                frontier = (
                    person_fold_frontier(new.values(), vocab, parts=False)
                    if prefixes
                    else body_fold_frontier(new.values(), vocab)
                ) - asked
        return found

    def _named_like(
        self, namespace: str, names: Collection[str], *, prefixes: bool, base: str
    ) -> list[str]:
        """The entities under ``namespace`` (``base`` + ``person/``...) named ``names``, or
        whose names end with one of them, or (``prefixes``) begin with one of them."""
        slugs = sorted("-".join(name.split()) for name in names)
        # Such an entity's name ends (or, ``prefixes``, begins) with the name's last (or
        # first) few words: the name index (kg.summaries) gives those candidates by
        # lookup; _slug_names decides.
        keys = {key for slug in slugs for key in name_end_keys(slug, prefixes=prefixes)}
        looked_up = " ".join(Literal(key).n3() for key in sorted(keys))
        candidates = self._iris(
            f"SELECT DISTINCT ?e WHERE {{ VALUES ?end {{ {looked_up} }} "
            f"GRAPH <{summary_graph(base)}> {{ ?e nkg:nameEnd ?end }} }}"
        )
        named = frozenset(slugs)
        return sorted(
            iri
            for iri in candidates
            if iri.startswith(namespace)
            and _slug_names(iri.removeprefix(namespace), named, prefixes=prefixes)
        )

    @_writes
    def add_quads(self, quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> None:
        """Add rdflib quads (graph ``None`` = default graph) in one transaction."""
        self._forms.clear()  # they may hold surface forms
        self._writable().extend(to_quad(s, p, o, g) for s, p, o, g in quads)

    @_writes
    def bulk_add_quads(self, quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> None:
        """Add many quads fast, without a transaction (for loading big datasets at once)."""
        self._forms.clear()
        self._writable().bulk_extend(to_quad(s, p, o, g) for s, p, o, g in quads)

    def load_file(self, path: Path, *, graph: str | None = None) -> None:
        """Parse a graph file into the store; triples go to ``graph`` or the default graph."""
        rdf_format = _OX_FORMATS.get(path.suffix.lower())
        if rdf_format is None:
            known = " ".join(sorted(_OX_FORMATS))
            raise GraphError(f"{path} has an unknown graph extension; use one of: {known}.")
        target = ox.NamedNode(graph) if graph else None
        self._forms.clear()
        try:
            self._writable().load(
                path=str(path),
                format=rdf_format,
                base_iri=path.resolve().as_uri(),
                to_graph=target,
            )
        except SyntaxError as error:
            detail = str(error).splitlines()[0]
            raise GraphError(
                f"{path} is not valid {RDF_FILE_FORMATS[path.suffix.lower()]}: {detail}; "
                "fix the file or write it again."
            ) from error
        except OSError as error:
            raise GraphError(f"{path} cannot be read ({str(error).splitlines()[0]}).") from error

    @_writes
    def update(self, sparql: str) -> None:
        """Run a SPARQL update (one transaction) with our prefixes bound."""
        # It may change surface forms or summaries: what this object knows of them goes.
        self._forms.clear()
        self._summarised.clear()
        try:
            self._writable().update(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            raise GraphError(_syntax_message(error)) from error

    def copy_to_memory(self) -> GraphStore:
        """A writable in-memory copy, e.g. to add entailments without touching the store."""
        copy = GraphStore.open(None)
        copy._db.load(self.dump_nquads(), format=ox.RdfFormat.N_QUADS)
        return copy


def _term(term: OxTerm | ox.Triple | None) -> Node | None:
    return None if term is None else from_oxigraph(term)


def _plain(term: OxTerm | ox.Triple | None) -> URIRef | BNode | str | None:
    if term is None or isinstance(term, ox.Literal):
        return None if term is None else term.value
    node = from_oxigraph(term)
    assert isinstance(node, URIRef | BNode)
    return node


def _slug_names(slug: str, names: frozenset[str], *, prefixes: bool) -> bool:
    """Whether an entity's slug is one of ``names`` (slugs too), or ends with one after a
    hyphen, or (``prefixes``) begins with one before a hyphen; a leading "the-" is no
    part of a name. Said with slices: a regular expression of every name took longer
    to compile than the lookups it decided (80 of 120 ms over six one-article builds)."""
    bare = slug.removeprefix("the-")
    if slug in names or bare in names:
        return True
    if any(slug[i + 1 :] in names for i, char in enumerate(slug) if char == "-"):
        return True
    return prefixes and any(
        start[:i] in names for start in (slug, bare) for i, char in enumerate(start) if char == "-"
    )


def _slug_name(slug: str) -> str:
    """The name an entity IRI's slug spells ("angela-merkel": "angela merkel"), as name
    folding reads it: slugs do not depend on the order articles came in."""
    return slug.replace("-", " ")


def name_index_update(
    base: str, entities: Iterable[str] | None, names: Mapping[str, Iterable[str]]
) -> str:
    """SPARQL that rewrites the name index of ``entities`` (IRIs; every entity when
    ``None``) to what ``names`` gives them (IRI to every label and alias)."""
    stale = name_index_stale(base, entities)
    graph = ox.NamedNode(summary_graph(base))
    quads = [
        ox.Quad(ox.NamedNode(entity), ox.NamedNode(NKG_IRI + term), ox.Literal(value), graph)
        for entity, term, value in name_index(names, base)
    ]
    return f"{stale} ;\n{_insert_data(graph, quads)}" if stale and quads else stale


def _then(update: str) -> str:
    """``update`` as one more operation of a SPARQL update request (nothing when empty)."""
    return f" ;\n{update}" if update else ""


def _insert_data(name: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    # Terms print in N-Triples syntax, which SPARQL accepts verbatim, escapes included.
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    return f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"


def _syntax_message(error: SyntaxError) -> str:
    # Oxigraph says "error at 3:14: expected ..."; say it as a sentence with the position.
    detail = str(error).splitlines()[0]
    if detail.startswith("error at "):
        position, _, reason = detail[len("error at ") :].partition(": ")
        line, _, column = position.partition(":")
        detail = f"line {line}, column {column}: {reason}"
    return f"the query is not valid SPARQL at {detail}; fix the query and run it again."


def open_for_query(source: Path | str) -> GraphStore:
    """A store folder opened read-only, or a graph file loaded into an in-memory store."""
    path = Path(source)
    if not path.exists():
        raise _missing(path)
    if path.is_dir():
        store = GraphStore.open(path, read_only=True)
        base = store.base()
        if base is None or store.has_summaries(base):
            return store
        # A store written by an older newskg gets its summaries once, then reads as usual.
        store.close()
        with GraphStore.open(path) as writable:
            writable.ensure_summaries(base)
        return GraphStore.open(path, read_only=True)
    store = GraphStore.open(None)
    store.load_file(path)  # TriG and N-Quads keep their named graphs
    # A graph file's unnamed triples become a graph named after the file: a store keeps
    # every triple in a named graph, and queries, entailments and statistics that look
    # inside named graphs then see a file exactly as they see a store.
    store.update(f"MOVE SILENT DEFAULT TO <{path.resolve().as_uri()}>")
    store.recompute_summaries(store.base() or DEFAULT_BASE)
    return store


def load_dataset(source: Path | str) -> Dataset:
    """Load a graph file or a store folder into an rdflib Dataset (default graph = union)."""
    path = Path(source)
    if not path.exists():
        raise _missing(path)
    if path.is_dir():
        with GraphStore.open(path, read_only=True) as store:
            return store.to_dataset()
    parser = RDF_FILE_FORMATS.get(path.suffix.lower())
    if parser is None:
        known = " ".join(sorted(RDF_FILE_FORMATS))
        raise GraphError(f"{path} has an unknown graph extension; use one of: {known}.")
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    try:
        dataset.parse(path, format=parser)
    except Exception as error:  # rdflib raises many parser-specific types
        raise GraphError(f"{path} is not valid {parser}: {error}".splitlines()[0]) from error
    return dataset
