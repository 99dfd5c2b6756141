"""The actor graph read straight from a store: only the quads the model uses.

A store may hold an archive: its surface forms, mentions and rule names never become
Python objects here, and the evidence of an edge is read only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator

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


_KEYS_PER_QUERY = 200  # VALUES rows per query when evidence is read for chosen edges


def assertion_quads(store: GraphStore, keys: set[EdgeKey] | None) -> Iterator[ActorQuad]:
    """The details of the assertions backing ``keys`` (every assertion when ``None``)."""
    details = ", ".join(f"<{p}>" for p in sorted(ASSERTION_PROPERTIES))
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
