"""The actor graph: who is linked to whom by which relation, read from RDF in one place.

Everything that shows or scores "actors and the relations between them" — the
property-graph exports (networkx, GraphML, GEXF, Neo4j), the HTML picture and the scorer —
reads a graph through :func:`read_actor_graph`, so they agree on which nodes there are,
what each is called (one label rule, :func:`_names`), which direct triples are edges, and
which ``nkg:Assertion`` evidence backs each edge. Records are frozen and sorted by string
keys (IRIs and relation names), never by a record, so the same graph gives the same
order in every run and for every consumer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.namespaces import NKG, NKG_IRI
from kg.ontology import Relation, load_ontology
from kg.rdf import choose_labels
from kg.records import EntityKind

# The properties of an nkg:Assertion this package reads.
ASSERTION_PROPERTIES = frozenset(
    {
        RDF.subject,
        RDF.predicate,
        RDF.object,
        PROV.wasDerivedFrom,
        NKG.evidence,
        NKG.confidence,
        NKG.support,
        NKG.modality,
        NKG.attributedTo,
    }
)


@dataclass(frozen=True)
class Evidence:
    """One sentence stating a relation, with the article it came from."""

    sentence: str
    title: str  # dcterms:title of the article, or its IRI when it has none
    article: str  # the article IRI ("" when the assertion names none)
    confidence: float | None
    attributed_to: str | None  # the speaker's label when the sentence reports a claim

    @property
    def order(self) -> tuple[float, str, str, str, str]:
        """Most confident first, then by article title and sentence."""
        return (
            -(self.confidence or 0.0),
            self.title,
            self.sentence,
            self.article,
            self.attributed_to or "",
        )


@dataclass(frozen=True)
class Actor:
    """A node of the actor graph: an entity with its label, aliases, classes and roles.

    Agreements are nodes too (the exports list them); :attr:`is_actor` tells them apart.
    """

    iri: str
    kind: EntityKind  # the first of its classes in EntityKind order
    label: str
    aliases: tuple[str, ...]  # every other name the graph gives it, sorted
    types: tuple[str, ...]  # local names of all its nkg: classes, sorted
    is_actor: bool  # its kind is a subclass of nkg:Actor
    roles: tuple[str, ...] = ()  # e.g. "leader of Russia", from role relations
    degree: int = 0  # edges touching it (a symmetric fact counts once)

    @property
    def names(self) -> tuple[str, ...]:
        """The label and then every alias."""
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class Edge:
    """One direct relation triple between two nodes, with the evidence asserting it.

    A symmetric relation is one edge whichever way the store holds it (both ways after
    reasoning: the edge keeps the sorted direction); :attr:`symmetric` tells consumers
    that it answers from both sides.
    """

    subject: str
    relation: str  # local name of the nkg: property
    object: str
    symmetric: bool
    cameo: str  # the relation's CAMEO code, "" for standing relations
    confidence: float | None  # the highest of its asserted assertions; None without any
    support: int  # sentences stating it, summed over its asserted assertions
    assertions: int  # asserted nkg:Assertion nodes backing it
    evidence: tuple[Evidence, ...]  # in Evidence.order

    @property
    def key(self) -> tuple[str, str, str]:
        """(subject IRI, relation name, object IRI): the edge's identity and sort order."""
        return (self.subject, self.relation, self.object)


@dataclass(frozen=True)
class ActorGraph:
    """The nodes (sorted by IRI) and edges (sorted by key) of one RDF graph."""

    actors: tuple[Actor, ...]
    edges: tuple[Edge, ...]
    # Actors of the source left unread because none of them takes part in a relation
    # (see load_actor_graph's linked_only): counted, not listed.
    unlisted: int = 0

    @cached_property
    def by_iri(self) -> dict[str, Actor]:
        """Each node by its IRI."""
        return {actor.iri: actor for actor in self.actors}

    def only_actors(self) -> ActorGraph:
        """The graph without its non-actor nodes (agreements) and their edges."""
        actors = tuple(actor for actor in self.actors if actor.is_actor)
        kept = {actor.iri for actor in actors}
        edges = tuple(e for e in self.edges if e.subject in kept and e.object in kept)
        return ActorGraph(actors, edges, self.unlisted)


EdgeKey = tuple[str, str, str]
# A quad as the actor graph reads it: subject, predicate, object, graph. A store's names
# and titles come as their plain text, which is all that is read of them.
ActorQuad = tuple[Node, Node, Node | str, Node | None]


def load_actor_graph(
    source: Path | str | Graph,
    *,
    evidence_for: Callable[[ActorGraph], Iterable[EdgeKey]] | None = None,
    linked_only: bool = False,
) -> ActorGraph:
    """The actor graph of a graph file, store folder, or rdflib graph or dataset.

    From a store, ``evidence_for`` may choose, given the graph without evidence, the
    edges whose assertions are read: a page that draws a few hundred of an archive's
    relations then never reads the evidence of the rest. With ``linked_only`` a store's
    graph holds only the nodes of its relations, and counts the other actors in
    :attr:`ActorGraph.unlisted`: an archive's tens of thousands of entities named once
    and linked to nothing are never read.
    """
    if isinstance(source, Path | str):
        if Path(source).is_dir():
            from kg.actors.from_store import (
                article_titles,
                assertion_quads,
                entity_labels,
                linked_quads,
                skeleton_quads,
            )
            from kg.store import GraphStore

            with GraphStore.open(source, read_only=True) as store:
                unlisted = 0
                if linked_only:
                    skeleton, unlisted = linked_quads(store)
                else:
                    skeleton = list(skeleton_quads(store))
                chosen = _build(skeleton, unlisted)
                keys = None if evidence_for is None else set(evidence_for(chosen))
                details = list(assertion_quads(store, keys))
                if linked_only:
                    # The skeleton has neither article titles nor the names of speakers
                    # no relation joins: those of the evidence read.
                    sources = {str(o) for _, p, o, _ in details if p == PROV.wasDerivedFrom}
                    speakers = {str(o) for _, p, o, _ in details if p == NKG.attributedTo}
                    details += article_titles(store, sources)
                    details += entity_labels(store, speakers - {str(s) for s, *_ in skeleton})
                return _build([*skeleton, *details], unlisted)
        from kg.store import load_dataset

        source = load_dataset(source)
    return read_actor_graph(source)


def _quads(source: Graph) -> Iterator[ActorQuad]:
    # A dataset yields each triple once per named graph holding it, which is what counting
    # the articles that used a surface form needs; a plain graph is one anonymous graph.
    if isinstance(source, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph
        for s, p, o, g in source.quads((None, None, None, None)):
            yield s, p, o, g.identifier if isinstance(g, Graph) else g
    else:
        for s, p, o in source:
            yield s, p, o, None


def _float(values: set[Node]) -> float | None:
    numbers: list[float] = []
    for value in values:
        if isinstance(value, Literal):
            try:
                numbers.append(float(value.toPython()))
            except (TypeError, ValueError):
                continue
    return max(numbers) if numbers else None


@dataclass
class _Read:
    """What one pass over the quads collects."""

    types: dict[str, set[str]]
    labels: dict[str, set[str]]
    alt_labels: dict[str, set[str]]
    forms: dict[str, dict[str, set[Node | None]]]  # entity -> form -> graphs using it
    titles: dict[str, set[str]]
    direct: set[tuple[str, str, str]]
    assertions: dict[Node, dict[Node, set[Node]]]


def _read(quads: Iterable[ActorQuad], relations: dict[str, Relation]) -> _Read:
    read = _Read(
        defaultdict(set),
        defaultdict(set),
        defaultdict(set),
        defaultdict(lambda: defaultdict(set)),
        defaultdict(set),
        set(),
        defaultdict(lambda: defaultdict(set)),
    )
    # The terms once, not per quad: each lookup on an rdflib namespace is a method call
    # (0.45 s of the 1.1 s this loop took over 10,000 articles).
    rdf_type, assertion, surface_form = RDF.type, NKG.Assertion, NKG.surfaceForm
    label, alt_label, title = RDFS.label, SKOS.altLabel, DCTERMS.title
    for s, p, o, g in quads:
        if p == rdf_type:
            if isinstance(s, URIRef) and str(o).startswith(NKG_IRI):
                read.types[str(s)].add(str(o)[len(NKG_IRI) :])
            if o == assertion:
                read.assertions[s][p].add(assertion)
        elif p in ASSERTION_PROPERTIES:
            # Details keep their datatypes (a confidence is a number); plain text is a string.
            read.assertions[s][p].add(o if isinstance(o, Node) else Literal(o))
        elif p == label:
            read.labels[str(s)].add(str(o))
        elif p == alt_label:
            read.alt_labels[str(s)].add(str(o))
        elif p == surface_form:
            read.forms[str(s)][str(o)].add(g)
        elif p == title:
            read.titles[str(s)].add(str(o))
        elif str(p) in relations and isinstance(s, URIRef) and isinstance(o, URIRef):
            read.direct.add((str(s), relations[str(p)].name, str(o)))
    return read


def _speaker_name(read: _Read, names: dict[str, tuple[str, tuple[str, ...]]], iri: str) -> str:
    """A speaker's name: its node's label, or (a speaker no relation joins, on a page of
    linked actors) its store-wide label as :func:`_names` picks it, or else its IRI."""
    if iri in names:
        return names[iri][0]
    labels = read.labels.get(iri)
    return min(labels) if labels else iri


def _names(read: _Read, nodes: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The one label rule: each node's label and its other names.

    The store-wide ``rdfs:label`` (the first in sorted order if a malformed graph gives
    several) with every other ``rdfs:label`` and ``skos:altLabel`` as aliases. Without a
    labels graph (one article's graph, say) the store's own rule picks them from the
    surface forms, each counted over the graphs that used it; without those either, the
    last segment of the IRI.
    """
    derived = choose_labels(
        {
            iri: {form: len(graphs) for form, graphs in read.forms[iri].items()}
            for iri in nodes
            if read.forms.get(iri) and not read.labels.get(iri)
        }
    )
    names: dict[str, tuple[str, tuple[str, ...]]] = {}
    for iri in nodes:
        labels = read.labels.get(iri, set())
        if labels:
            label = min(labels)
            others = (labels | read.alt_labels.get(iri, set())) - {label}
            names[iri] = (label, tuple(sorted(others)))
        elif read.forms.get(iri):
            names[iri] = derived[iri]
        else:
            names[iri] = (iri.rstrip("/").rsplit("/", 1)[-1], ())
    return names


def _edge_keys(direct: set[tuple[str, str, str]], nodes: set[str]) -> set[tuple[str, str, str]]:
    symmetric = load_ontology().symmetric
    # A symmetric relation stored in both directions (e.g. after reasoning) is one edge,
    # kept in sorted direction; stored once, it keeps the direction the graph gave it.
    return {
        (s, name, o)
        for s, name, o in direct
        if s in nodes
        and o in nodes
        and not (name in symmetric and o < s and (o, name, s) in direct)
    }


@dataclass
class _Backing:
    """The asserted assertions found for one edge."""

    evidence: set[Evidence]
    confidences: list[float]
    support: int = 0
    assertions: int = 0


def _backing(
    read: _Read, keys: set[tuple[str, str, str]], names: dict[str, tuple[str, tuple[str, ...]]]
) -> dict[tuple[str, str, str], _Backing]:
    relations = {r.iri: r for r in load_ontology().actor_relations}
    found: dict[tuple[str, str, str], _Backing] = defaultdict(lambda: _Backing(set(), []))
    for props in read.assertions.values():
        subjects, predicates, objects = props[RDF.subject], props[RDF.predicate], props[RDF.object]
        if NKG.Assertion not in props[RDF.type]:
            continue
        if len(subjects) != 1 or len(predicates) != 1 or len(objects) != 1:
            continue  # not an assertion of one triple
        relation = relations.get(str(next(iter(predicates))))
        modality = props[NKG.modality] or {NKG.Asserted}
        if relation is None or modality != {NKG.Asserted}:
            continue  # negated and hypothetical statements back no direct triple
        s, o = str(next(iter(subjects))), str(next(iter(objects)))
        key = (s, relation.name, o)
        if key not in keys and relation.symmetric:
            key = (o, relation.name, s)  # stated one way, stored the other
        if key not in keys:
            continue
        backing = found[key]
        confidence = _float(props[NKG.confidence])
        if confidence is not None:
            backing.confidences.append(confidence)
        support = _float(props[NKG.support])
        backing.support += 1 if support is None else int(support)  # stated at least once
        backing.assertions += 1
        speakers = sorted(str(speaker) for speaker in props[NKG.attributedTo])
        speaker = _speaker_name(read, names, speakers[0]) if speakers else None
        for article in sorted(str(a) for a in props[PROV.wasDerivedFrom]) or [""]:
            titles = read.titles.get(article)
            title = min(titles) if titles else article
            for sentence in props[NKG.evidence]:
                backing.evidence.add(Evidence(str(sentence), title, article, confidence, speaker))
    return found


def read_actor_graph(source: Graph) -> ActorGraph:
    """The entities, their names and the actor relations between them, from any graph of ours.

    Nodes are the IRIs typed with an ontology entity class; edges are the direct triples
    of the ontology's actor relations between two nodes (``nkg:partyTo`` is not one).
    """
    return _build(_quads(source))


def _build(quads: Iterable[ActorQuad], unlisted: int = 0) -> ActorGraph:
    ontology = load_ontology()
    relations = {r.iri: r for r in ontology.actor_relations}
    read = _read(quads, relations)
    classes = {c.name: c for c in ontology.classes}
    kinds = {
        iri: [classes[name] for name in sorted(types & classes.keys(), key=list(classes).index)]
        for iri, types in read.types.items()
        if types & classes.keys()
    }
    nodes = sorted(kinds)
    names = _names(read, nodes)
    keys = _edge_keys(read.direct, set(nodes))
    backing = _backing(read, keys, names)
    by_name = {r.name: r for r in ontology.actor_relations}

    roles: dict[str, set[str]] = defaultdict(set)
    degree: dict[str, int] = defaultdict(int)
    for s, name, o in keys:
        degree[s] += 1
        degree[o] += 1
        if by_name[name].is_role:
            roles[s].add(f"{by_name[name].label} {names[o][0]}")
    actors = tuple(
        Actor(
            iri=iri,
            kind=kinds[iri][0].kind,
            label=names[iri][0],
            aliases=names[iri][1],
            types=tuple(sorted(read.types[iri])),
            is_actor=kinds[iri][0].is_actor,
            roles=tuple(sorted(roles.get(iri, ()))),
            degree=degree.get(iri, 0),
        )
        for iri in nodes
    )
    edges: list[Edge] = []
    for s, name, o in sorted(keys):
        relation = by_name[name]
        found = backing.get((s, name, o))
        edges.append(
            Edge(
                subject=s,
                relation=name,
                object=o,
                symmetric=relation.symmetric,
                cameo=relation.cameo,
                confidence=max(found.confidences) if found and found.confidences else None,
                support=found.support if found else 0,
                assertions=found.assertions if found else 0,
                evidence=tuple(sorted(found.evidence, key=lambda e: e.order)) if found else (),
            )
        )
    return ActorGraph(actors, tuple(edges), unlisted)
