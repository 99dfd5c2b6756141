"""The actor graph read straight from a store: only the quads the model uses.

A store may hold an archive: its surface forms, mentions and rule names never become
Python objects here, and the evidence of an edge is read only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import BNode, URIRef

from kg.actors import ASSERTION_PROPERTIES, ActorQuad, EdgeKey
from kg.namespaces import NKG
from kg.ontology import load_ontology
from kg.store import GraphStore


def skeleton_quads(store: GraphStore) -> Iterator[ActorQuad]:
    """Types, names, titles and direct relations, straight from a store.

    Only what :mod:`kg.actors` reads: an archive's surface forms, mentions and rule names
    never become Python objects. A store always holds the store-wide labels, so the
    surface forms (used only where labels are missing) are not read.
    """
    ontology = load_ontology()
    classes = " ".join(f"<{c.iri}>" for c in ontology.classes)
    relations = " ".join(f"<{r.iri}>" for r in ontology.actor_relations)
    yield from _rows(
        store,
        f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?o {{ {classes} <{NKG.Assertion}> }} "
        "?s a ?o BIND(rdf:type AS ?p) }",
    )
    yield from _named_rows(
        store,
        "SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { rdfs:label skos:altLabel dcterms:title } "
        "?s ?p ?o }",
    )
    yield from _rows(
        store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {relations} }} ?s ?p ?o }}"
    )


def linked_quads(store: GraphStore) -> tuple[list[ActorQuad], int]:
    """The direct relations, and the types and names of the nodes they join only; with
    how many actors of the store join none (counted by class, never read)."""
    ontology = load_ontology()
    relations = " ".join(f"<{r.iri}>" for r in ontology.actor_relations)
    quads = list(
        _rows(store, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {relations} }} ?s ?p ?o }}")
    )
    nodes = {str(s) for s, _, _, _ in quads} | {str(o) for _, _, o, _ in quads}
    classes = {c.iri for c in ontology.classes}
    types = [quad for quad in _by_subject(store, nodes, RDF.type) if str(quad[2]) in classes]
    quads += types
    quads += _by_subject(store, nodes, RDFS.label, plain=True)
    quads += _by_subject(store, nodes, SKOS.altLabel, plain=True)
    actor_classes = sorted(c.iri for c in ontology.classes if c.is_actor)
    read = {str(s) for s, _, o, _ in types if str(o) in actor_classes}
    listed = " ".join(f"<{iri}>" for iri in actor_classes)
    # An entity of several actor classes is one actor (and Agreement, the one class
    # that is no actor, comes last: it never decides an actor's kind).
    every = store.select(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?class {{ {listed} }} ?s a ?class }}"
    )
    return quads, int(str(every[0][0])) - len(read)


def article_titles(store: GraphStore, articles: set[str]) -> list[ActorQuad]:
    """The titles of ``articles``, whose assertions are read for evidence."""
    return _by_subject(store, articles, DCTERMS.title, plain=True)


def entity_labels(store: GraphStore, entities: set[str]) -> list[ActorQuad]:
    """The store-wide labels of ``entities`` (speakers of the evidence read)."""
    return _by_subject(store, entities, RDFS.label, plain=True)


def _by_subject(
    store: GraphStore, subjects: set[str], predicate: URIRef, *, plain: bool = False
) -> list[ActorQuad]:
    """The ``predicate`` triples of ``subjects``, looked up by subject (a few hundred at a
    time); ``plain``: literals as their text, as names are read."""
    ordered = sorted(subjects)
    quads: list[ActorQuad] = []
    for start in range(0, len(ordered), _KEYS_PER_QUERY):
        values = " ".join(f"<{subject}>" for subject in ordered[start : start + _KEYS_PER_QUERY])
        sparql = (
            f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s <{predicate}> ?o "
            f"BIND(<{predicate}> AS ?p) }}"
        )
        quads += _named_rows(store, sparql) if plain else _rows(store, sparql)
    return quads


_KEYS_PER_QUERY = 200  # VALUES rows per query when nodes or evidence are read by key


def assertion_quads(store: GraphStore, keys: set[EdgeKey] | None) -> Iterator[ActorQuad]:
    """The details of the assertions backing ``keys`` (every assertion when ``None``)."""
    # Their class too: a page's skeleton of linked actors has no assertion nodes.
    details = ", ".join(f"<{p}>" for p in sorted({*ASSERTION_PROPERTIES, RDF.type}))
    # An assertion lives in its article's graph only, so no DISTINCT over the union. The
    # properties are a FILTER, not a VALUES block inside the graph pattern: with one,
    # Oxigraph read every assertion's details before joining them with the keys (1.1 s
    # for 200 keys on 10,000 articles, against 0.07 s).
    pattern = "?s a nkg:Assertion ; ?p ?o"
    wanted_details = f"FILTER(?p IN ({details}))"
    if keys is None:
        yield from _rows(
            store, f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ {pattern} }} {wanted_details} }}"
        )
        return
    relations = {r.name: r for r in load_ontology().actor_relations}
    wanted = set(keys)
    # A symmetric relation may be asserted in the other direction than it is stored.
    wanted |= {(o, name, s) for s, name, o in keys if relations[name].symmetric}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), _KEYS_PER_QUERY):
        rows = " ".join(
            f"(<{s}> <{relations[name].iri}> <{o}>)"
            for s, name, o in ordered[start : start + _KEYS_PER_QUERY]
        )
        yield from _rows(
            store,
            f"SELECT ?s ?p ?o WHERE {{ VALUES (?subject ?relation ?object) {{ {rows} }} "
            "GRAPH ?g { ?s rdf:subject ?subject ; rdf:predicate ?relation ; "
            f"rdf:object ?object . {pattern} }} {wanted_details} }}",
        )


def _rows(store: GraphStore, sparql: str) -> Iterator[ActorQuad]:
    for s, p, o in store.select(sparql):
        if s is not None and p is not None and o is not None:
            yield s, p, o, None


def _named_rows(store: GraphStore, sparql: str) -> Iterator[ActorQuad]:
    """Rows whose literals are names and titles, as their plain text: making an rdflib
    Literal of each of an archive's names took a third of drawing its page."""
    for s, p, o in store.select_plain(sparql):
        if isinstance(s, URIRef | BNode) and isinstance(p, URIRef) and o is not None:
            yield s, p, o, None
