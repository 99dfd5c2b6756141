"""The ontology, read once: ``ontologies/newskg.ttl`` as small frozen records.

Every module that needs to know a relation's CAMEO code, whether it is symmetric, which
classes it joins, or which classes are actors, asks :func:`load_ontology` — nothing
restates those facts by hand. The ontology file is the authority; this module only
reads it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from kg.errors import GraphError
from kg.namespaces import NKG_IRI
from kg.records import EntityKind

# A checkout keeps ontologies/ beside kg/; an installed package ships it as data files
# under <prefix>/share/newskg/ontologies (see pyproject.toml).
ONTOLOGY_DIRS = (
    Path(__file__).resolve().parent.parent / "ontologies",
    Path(sys.prefix) / "share" / "newskg" / "ontologies",
)


def find_ontology_dir(folders: Sequence[Path] = ONTOLOGY_DIRS) -> Path:
    """The first folder holding ``newskg.ttl``; the first of all when none does.

    A missing ontology is reported when it is read (:func:`parse_turtle`), as one line
    naming the file and saying to reinstall.
    """
    for folder in folders:
        if (folder / "newskg.ttl").is_file():
            return folder
    return folders[0]


ONTOLOGY_DIR = find_ontology_dir()  # the ontology, its shapes, vocabulary files and queries
ONTOLOGY_FILE = ONTOLOGY_DIR / "newskg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ONTOLOGY_DIR / "queries"

_ACTOR = URIRef(f"{NKG_IRI}Actor")
_ACTOR_RELATION = URIRef(f"{NKG_IRI}actorRelation")
_CAMEO = URIRef(f"{NKG_IRI}cameoCode")


@dataclass(frozen=True)
class EntityClass:
    """An ontology class whose instances the extractor mints (Person, Country ...)."""

    kind: EntityKind
    name: str  # local name, e.g. "Person"
    iri: str
    label: str
    is_actor: bool  # an rdfs:subClassOf nkg:Actor


@dataclass(frozen=True)
class Relation:
    """A relation property of the ontology, with what the ontology says about it."""

    name: str  # local name, e.g. "signsAgreementWith"
    iri: str
    label: str
    cameo: str  # CAMEO code, "" for standing relations (roles, family, location)
    symmetric: bool
    is_actor_relation: bool  # an rdfs:subPropertyOf nkg:actorRelation (all but partyTo)
    domain: frozenset[EntityKind]  # classes a subject may have, nkg:Actor expanded
    range: frozenset[EntityKind]  # classes an object may have

    def allows(self, subject: EntityKind, obj: EntityKind) -> bool:
        """Whether the ontology admits a subject and an object of these classes."""
        return subject in self.domain and obj in self.range

    @property
    def is_role(self) -> bool:
        """A position a person holds in a body (leaderOf, officialOf): person to non-person."""
        # Read off the domain and range rather than listed: relativeOf (person to person)
        # is a tie, not a role; a new person-to-body relation is a role without code changes.
        return self.domain == {EntityKind.PERSON} and EntityKind.PERSON not in self.range


@dataclass(frozen=True)
class Ontology:
    """The classes and relation properties of ``newskg.ttl``, in a stable order."""

    classes: tuple[EntityClass, ...]  # in EntityKind order, which decides a single kind
    relations: tuple[Relation, ...]  # sorted by name

    def relation(self, name: str) -> Relation:
        """The relation with this local name; KeyError if the ontology has none."""
        for relation in self.relations:
            if relation.name == name:
                return relation
        raise KeyError(name)

    @property
    def actor_relations(self) -> tuple[Relation, ...]:
        """The relations between actors: the ones scored, drawn and exported as edges."""
        return tuple(r for r in self.relations if r.is_actor_relation)

    @property
    def symmetric(self) -> frozenset[str]:
        """Local names of the relations declared ``owl:SymmetricProperty``."""
        return frozenset(r.name for r in self.relations if r.symmetric)

    @property
    def actor_classes(self) -> tuple[EntityClass, ...]:
        """The classes under nkg:Actor."""
        return tuple(c for c in self.classes if c.is_actor)

    def entity_class(self, kind: EntityKind) -> EntityClass:
        """The class record for an entity kind."""
        for entity_class in self.classes:
            if entity_class.kind is kind:
                return entity_class
        raise KeyError(kind)


def _local(term: Node) -> str:
    return str(term).removeprefix(NKG_IRI)


def _label(graph: Graph, term: Node) -> str:
    value = graph.value(term, RDFS.label)
    return str(value) if value is not None else _local(term)


def _kinds(
    graph: Graph, term: Node | None, by_iri: dict[str, EntityClass]
) -> frozenset[EntityKind]:
    """The entity kinds a domain or range admits: a class, nkg:Actor, or an owl:unionOf."""
    if term is None:
        return frozenset(by_iri[iri].kind for iri in by_iri)
    if isinstance(term, BNode):
        members = graph.value(term, OWL.unionOf)
        if members is None:
            raise GraphError(
                f"{ONTOLOGY_FILE}: a domain or range is a blank node without owl:unionOf."
            )
        kinds: set[EntityKind] = set()
        for member in Collection(graph, members):
            kinds |= _kinds(graph, member, by_iri)
        return frozenset(kinds)
    if term == _ACTOR:
        return frozenset(c.kind for c in by_iri.values() if c.is_actor)
    if str(term) in by_iri:
        return frozenset({by_iri[str(term)].kind})
    return frozenset()  # a datatype or a class the extractor never mints


def parse_turtle(path: Path) -> Graph:
    """An ontology or shapes file parsed; a missing or broken file is a one-line GraphError."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError as error:
        raise GraphError(f"{path} does not exist; reinstall newskg to restore it.") from error
    except Exception as error:  # rdflib raises many parser-specific types
        raise GraphError(f"{path} is not valid Turtle: {error}".splitlines()[0]) from error
    return graph


def read_ontology(path: Path) -> Ontology:
    """Read an ontology file into records (most callers want :func:`load_ontology`)."""
    return _records(parse_turtle(path), path)


def _records(graph: Graph, path: Path) -> Ontology:
    actors = set(graph.transitive_subjects(RDFS.subClassOf, _ACTOR)) - {_ACTOR}
    classes: list[EntityClass] = []
    for kind in EntityKind:
        iri = URIRef(f"{NKG_IRI}{kind.class_name}")
        if (iri, RDF.type, OWL.Class) not in graph:
            raise GraphError(f"{path} does not declare nkg:{kind.class_name}.")
        classes.append(
            EntityClass(kind, kind.class_name, str(iri), _label(graph, iri), iri in actors)
        )
    by_iri = {c.iri: c for c in classes}
    actor_relations = set(graph.transitive_subjects(RDFS.subPropertyOf, _ACTOR_RELATION))
    relations: list[Relation] = []
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        if not isinstance(prop, URIRef) or not str(prop).startswith(NKG_IRI):
            continue
        if prop == _ACTOR_RELATION:
            continue  # the super-property itself, not a relation anyone states
        domain = _kinds(graph, graph.value(prop, RDFS.domain), by_iri)
        range_ = _kinds(graph, graph.value(prop, RDFS.range), by_iri)
        if not (domain and range_):
            continue  # mentions, modality, attributedTo: not relations between entities
        cameo = graph.value(prop, _CAMEO)
        relations.append(
            Relation(
                name=_local(prop),
                iri=str(prop),
                label=_label(graph, prop),
                cameo=str(cameo) if cameo is not None else "",
                symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
                is_actor_relation=prop in actor_relations,
                domain=domain,
                range=range_,
            )
        )
    return Ontology(tuple(classes), tuple(sorted(relations, key=lambda r: r.name)))


@cache
def ontology_rdf() -> Graph:
    """The project's ontology as parsed RDF, read once per process; do not modify it."""
    return parse_turtle(ONTOLOGY_FILE)


def ontology_graph() -> Graph:
    """A private, modifiable copy of the ontology's RDF (parsed once per process)."""
    copy = Graph()
    for prefix, namespace in ontology_rdf().namespaces():
        copy.bind(prefix, namespace)
    for triple in ontology_rdf():
        copy.add(triple)
    return copy


@cache
def load_ontology() -> Ontology:
    """The project's ontology, read once per process."""
    return _records(ontology_rdf(), ONTOLOGY_FILE)
