"""Check a graph against the newskg contract: the SHACL shapes of ``ontologies/shapes.ttl``.

The shapes run with pySHACL on the union of all named graphs, with the OWL ontology
(``ontologies/newskg.ttl``, parsed once by :mod:`kg.ontology`) mixed in and no inference.
Mixing the ontology in gives ``sh:class`` the ``rdfs:subClassOf`` hierarchy (a person is
an actor); RDFS inference would also apply ``rdfs:domain`` and ``rdfs:range`` and so
invent the very types the shapes check (a place said to lead a country would be inferred
to be a person), hiding exactly the errors validation exists to find.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.namespaces import NKG
from kg.ontology import SHAPES_FILE, ontology_rdf, parse_turtle
from kg.sparql import compact_iri

SHAPES_IRI = "https://w3id.org/newskg/shapes#"

# NKG annotates its terms as ``object``; these are the URIRefs they are at run time.
_ARTICLE = cast(URIRef, NKG.Article)
_ASSERTION = cast(URIRef, NKG.Assertion)
_MODALITY = cast(URIRef, NKG.modality)

_SPACES = re.compile(r"\s+")
_MAX_VALUE_CHARS = 60


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node broke which shape, along which property, and how."""

    focus: str  # IRI of the node checked (or _:id of a blank node)
    path: str | None  # IRI of the property, when the shape constrains one
    value: str | None  # the offending value: an IRI, or a literal in N-Triples form
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    shape: str  # IRI of the shape that produced the result


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`, with readable names for the nodes it mentions."""

    conforms: bool
    triples: int  # size of the union graph checked, without the ontology
    violations: tuple[Violation, ...]
    labels: tuple[tuple[str, str], ...] = ()  # (IRI or term, readable name), sorted

    def to_text(self) -> str:
        """One summary line, then one readable line per violation."""
        count = len(self.violations)
        noun = "violation" if count == 1 else "violations"
        status = "conforms" if self.conforms else "does not conform"
        lines = [f"{status}: {self.triples} triples, {count} {noun}"]
        names = dict(self.labels)
        for violation in self.violations:
            parts = [names.get(violation.focus, _compact(violation.focus))]
            if violation.path is not None:
                parts.append(_compact(violation.path))
            # A node-level result repeats the focus node as its value; say it once.
            if violation.value is not None and violation.value != violation.focus:
                parts.append(names.get(violation.value, _compact(violation.value)))
            lines.append(
                f"{violation.severity}: {' '.join(parts)}: {violation.message}"
                f" [{_compact(violation.shape)}]"
            )
        return "\n".join(lines)


@functools.cache
def _shapes() -> Graph:
    return parse_turtle(SHAPES_FILE)


def shapes_graph() -> Graph:
    """A fresh copy of the SHACL shapes (parsed once per process)."""
    return _copy(_shapes())


def validate(source: Path | str | Graph | Dataset) -> ValidationReport:
    """Check a graph file, store folder, graph or dataset against the newskg shapes."""
    import pyshacl  # heavy: loaded only when something is validated

    union = _union(source)
    triples = len(union)
    # The union is our own copy, so pySHACL may mix the ontology into it in place.
    conforms, results, _text = pyshacl.validate(
        union,
        shacl_graph=_shapes(),
        ont_graph=ontology_rdf(),  # read only: the ontology is mixed into our union
        inference="none",
        inplace=True,
        allow_warnings=False,
    )
    violations, names = _violations(results, union)
    return ValidationReport(
        conforms=bool(conforms),
        triples=triples,
        violations=violations,
        labels=tuple(sorted(names.items())),
    )


class _UnionGraph(Graph):
    """The graph validated; it parses each SPARQL text once instead of once per use."""

    # pySHACL re-sends a SPARQL constraint's text for every focus node, and rdflib parses
    # it every time (about 0.1 s each): without this, validation grows 0.1 s per relation.
    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a SPARQL query, parsing its text only the first time it is seen."""
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=32)
def _prepared(sparql: str) -> Query:
    return prepareQuery(sparql)


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        copy.add(triple)
    return copy


def _union(source: Path | str | Graph | Dataset) -> Graph:
    # Every named graph and the default graph merged, as the shapes describe the store.
    if isinstance(source, Path | str):
        from kg.store import load_dataset

        source = load_dataset(source)
    union = _UnionGraph()
    if isinstance(source, Dataset):
        for subject, predicate, obj, _graph in source.quads((None, None, None, None)):
            union.add((subject, predicate, obj))
    else:
        for triple in source:
            union.add(triple)
    return union


def _term(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    return node.n3()


def _violations(results: Graph, data: Graph) -> tuple[tuple[Violation, ...], dict[str, str]]:
    found: set[Violation] = set()
    names: dict[str, str] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        for node in (focus, value):
            name = _describe(data, node) if node is not None else None
            if name is not None:
                names[_term(node) or ""] = name
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(message) for message in results.objects(result, SH.resultMessage))
        found.add(
            Violation(
                focus=_term(focus) or "",
                path=_term(results.value(result, SH.resultPath)),
                value=_term(value),
                message="; ".join(messages),
                severity=_local_name(severity) if severity is not None else "Violation",
                shape=_term(results.value(result, SH.sourceShape)) or "",
            )
        )
    ordered = sorted(
        found, key=lambda v: (v.focus, v.path or "", v.value or "", v.shape, v.message, v.severity)
    )
    return tuple(ordered), names


def _describe(graph: Graph, node: Node) -> str | None:
    # Entities by their label, articles by their title, assertions by the triple they
    # state; literals shortened so a long evidence sentence stays on one line.
    if isinstance(node, Literal):
        return _literal_text(node)
    if not isinstance(node, URIRef):
        return None
    label = _first_text(graph, node, RDFS.label)
    if label is not None:
        return label
    if (node, RDF.type, _ARTICLE) in graph:
        title = _first_text(graph, node, DCTERMS.title)
        return f'article "{title}"' if title is not None else None
    if (node, RDF.type, _ASSERTION) in graph:
        parts = [graph.value(node, prop) for prop in (RDF.subject, RDF.predicate, RDF.object)]
        if all(isinstance(part, URIRef) for part in parts):
            subject, predicate, obj = (str(part) for part in parts)
            modality = graph.value(node, _MODALITY)
            kind = _local_name(modality).lower() if modality is not None else "unknown"
            return (
                f"{kind} assertion ({_name(graph, subject)} {_compact(predicate)} "
                f"{_name(graph, obj)})"
            )
    return None


def _name(graph: Graph, iri: str) -> str:
    return _first_text(graph, URIRef(iri), RDFS.label) or _compact(iri)


def _first_text(graph: Graph, node: URIRef, predicate: URIRef) -> str | None:
    # Sorted, so a node with two labels (itself a violation) is named the same every run.
    values = sorted(str(value) for value in graph.objects(node, predicate))
    return _SPACES.sub(" ", values[0]).strip() if values else None


def _literal_text(literal: Literal) -> str:
    text = _SPACES.sub(" ", str(literal)).strip()
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 1] + "…"
    if literal.language:
        return f'"{text}"@{literal.language}'
    if literal.datatype is not None and literal.datatype != XSD.string:
        return f'"{text}"^^{_compact(str(literal.datatype))}'
    return f'"{text}"'


def _compact(term: str) -> str:
    # The project's prefixes (kg.sparql's rule), then the shapes' own; an IRI no prefix
    # covers is bracketed so it reads as one.
    compact = compact_iri(term)
    if compact != term:
        return compact
    if term.startswith(SHAPES_IRI) and len(term) > len(SHAPES_IRI):
        return f"nkgsh:{term[len(SHAPES_IRI) :]}"
    return term if not term.startswith("http") else f"<{term}>"


def _local_name(node: Node) -> str:
    text = str(node)
    return re.split(r"[#/]", text)[-1]


__all__ = [
    "ValidationReport",
    "Violation",
    "shapes_graph",
    "validate",
]
