"""The OWL ontology in ontologies/newskg.ttl against the spec and the closed NKG namespace."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from kg.namespaces import NKG, NKG_IRI, SCHEMA
from kg.ontology import ONTOLOGY_FILE, ontology_graph
from kg.records import EntityKind, Modality

ONTOLOGY = URIRef("https://w3id.org/newskg/ontology")
ACTOR_RELATION = URIRef(NKG_IRI + "actorRelation")
CAMEO = URIRef(NKG_IRI + "cameoCode")
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}

# The relation table of shared/spec/ontology.md: local name -> CAMEO code (None: no code).
SPEC_ACTOR_RELATIONS: dict[str, str | None] = {
    "meetsWith": "04",
    "visits": "042",
    "hosts": "043",
    "signsAgreementWith": "057",
    "praises": "051",
    "supports": "05",
    "cooperatesWith": "06",
    "providesTo": "07",
    "criticizes": "11",
    "rejects": "12",
    "threatens": "13",
    "sanctions": "16-17",
    "attacks": "18-20",
    "leaderOf": None,
    "officialOf": None,
    "relativeOf": None,
    "allyOf": None,
    "locatedIn": None,
}
SPEC_SYMMETRIC = {"meetsWith", "signsAgreementWith", "cooperatesWith", "relativeOf", "allyOf"}
SPEC_ALIGNMENTS = {
    "Person": "Person",
    "Country": "Country",
    "Organization": "Organization",
    "Place": "Place",
    "Agreement": "CreativeWork",
    "Article": "NewsArticle",
}


def nkg(name: str) -> URIRef:
    return URIRef(NKG_IRI + name)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def union_members(graph: Graph, node: URIRef | None) -> set[URIRef]:
    """The classes a range or domain names: itself, or the members of its owl:unionOf."""
    assert node is not None
    members = graph.value(node, OWL.unionOf)
    if members is None:
        return {node}  # type: ignore[return-value]
    return set(Collection(graph, members))  # type: ignore[arg-type]


def test_the_file_parses_alone_with_an_ontology_header(onto: Graph) -> None:
    parsed = Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert len(parsed) == len(onto) > 300
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    for prop in (DCTERMS.title, DCTERMS.description, OWL.versionInfo, DCTERMS.license):
        assert onto.value(ONTOLOGY, prop) is not None, prop
    assert "MIT" in str(onto.value(ONTOLOGY, DCTERMS.license))
    assert onto.value(ONTOLOGY, DCTERMS.created) == Literal("2026-11-23", datatype=XSD.date)


def test_prefixes_are_the_spec_ones(onto: Graph) -> None:
    bound = dict(onto.namespaces())
    assert str(bound["nkg"]) == NKG_IRI
    assert str(bound["schema"]) == str(SCHEMA) == "https://schema.org/"


def test_every_nkg_term_is_declared_with_a_type_label_and_comment(onto: Graph) -> None:
    for name in NKG.__annotations__:
        term = nkg(name)
        types = set(onto.objects(term, RDF.type))
        assert types & DECLARATION_TYPES, f"nkg:{name} is not declared"
        assert onto.value(term, RDFS.label) is not None, f"nkg:{name} has no label"
        assert onto.value(term, RDFS.comment) is not None, f"nkg:{name} has no comment"


def test_every_nkg_term_of_the_file_is_in_the_namespace(onto: Graph) -> None:
    used = {
        str(node)[len(NKG_IRI) :]
        for triple in onto
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(NKG_IRI)
    }
    assert used == set(NKG.__annotations__)


def test_actor_relations_are_the_spec_table_with_labels_comments_and_cameo(onto: Graph) -> None:
    declared = {
        str(prop)[len(NKG_IRI) :] for prop in onto.subjects(RDFS.subPropertyOf, ACTOR_RELATION)
    }
    assert declared == set(SPEC_ACTOR_RELATIONS)
    for name, code in SPEC_ACTOR_RELATIONS.items():
        prop = nkg(name)
        assert (prop, RDF.type, OWL.ObjectProperty) in onto
        assert isinstance(onto.value(prop, RDFS.label), Literal)
        assert isinstance(onto.value(prop, RDFS.comment), Literal)
        codes = [str(value) for value in onto.objects(prop, CAMEO)]
        assert codes == ([code] if code else []), name


def test_party_to_is_a_relation_to_agreements_not_between_actors(onto: Graph) -> None:
    party_to = nkg("partyTo")
    assert (party_to, RDFS.subPropertyOf, ACTOR_RELATION) not in onto
    assert onto.value(party_to, RDFS.domain) == nkg("Actor")
    assert onto.value(party_to, RDFS.range) == nkg("Agreement")


def test_symmetric_relations_are_exactly_the_five(onto: Graph) -> None:
    symmetric = {
        str(prop)[len(NKG_IRI) :] for prop in onto.subjects(RDF.type, OWL.SymmetricProperty)
    }
    assert symmetric == SPEC_SYMMETRIC
    for name in SPEC_SYMMETRIC:
        # A symmetric relation with different domain and range would entail nonsense.
        prop = nkg(name)
        assert onto.value(prop, RDFS.domain) == onto.value(prop, RDFS.range)


@pytest.mark.parametrize(
    ("relation", "domain", "range_"),
    [
        ("leaderOf", {"Person"}, {"Country", "Organization", "Group"}),
        ("officialOf", {"Person"}, {"Country", "Organization", "Group"}),
        ("visits", {"Actor"}, {"Place", "Country"}),
        ("locatedIn", {"Place"}, {"Place", "Country"}),
        ("relativeOf", {"Person"}, {"Person"}),
        ("attacks", {"Actor"}, {"Actor"}),
        ("mentions", {"Article"}, {"Actor", "Agreement"}),
        ("attributedTo", {"Assertion"}, {"Actor"}),
        ("modality", {"Assertion"}, {"Modality"}),
    ],
)
def test_domains_and_ranges(onto: Graph, relation: str, domain: set[str], range_: set[str]) -> None:
    prop = nkg(relation)
    assert union_members(onto, onto.value(prop, RDFS.domain)) == {nkg(n) for n in domain}
    assert union_members(onto, onto.value(prop, RDFS.range)) == {nkg(n) for n in range_}


@pytest.mark.parametrize(
    ("prop", "kind", "datatype"),
    [
        ("evidence", OWL.DatatypeProperty, XSD.string),
        ("trigger", OWL.DatatypeProperty, XSD.string),
        ("rule", OWL.DatatypeProperty, XSD.string),
        ("support", OWL.DatatypeProperty, XSD.integer),
        ("contentHash", OWL.DatatypeProperty, XSD.string),
        ("surfaceForm", OWL.DatatypeProperty, XSD.string),
        ("cameoCode", OWL.AnnotationProperty, XSD.string),
    ],
)
def test_datatype_properties(onto: Graph, prop: str, kind: URIRef, datatype: URIRef) -> None:
    assert (nkg(prop), RDF.type, kind) in onto
    assert onto.value(nkg(prop), RDFS.range) == datatype


def test_confidence_is_a_decimal_between_zero_and_one(onto: Graph) -> None:
    restricted = onto.value(nkg("confidence"), RDFS.range)
    assert restricted is not None
    assert onto.value(restricted, OWL.onDatatype) == XSD.decimal
    facets = Collection(onto, onto.value(restricted, OWL.withRestrictions))  # type: ignore[arg-type]
    bounds = {str(p): float(o) for facet in facets for p, o in onto.predicate_objects(facet)}
    assert bounds == {str(XSD.minInclusive): 0.0, str(XSD.maxInclusive): 1.0}


def test_entity_classes_are_actors_except_agreement(onto: Graph) -> None:
    actors = set(onto.subjects(RDFS.subClassOf, nkg("Actor")))
    assert actors == {nkg(n) for n in ("Person", "Country", "Organization", "Place", "Group")}
    for kind in EntityKind:
        assert (nkg(kind.class_name), RDF.type, OWL.Class) in onto


def test_classes_are_aligned_with_schema_org(onto: Graph) -> None:
    for ours, theirs in SPEC_ALIGNMENTS.items():
        aligned = set(onto.objects(nkg(ours), RDFS.subClassOf)) | set(
            onto.objects(nkg(ours), OWL.equivalentClass)
        )
        assert SCHEMA[theirs] in aligned, ours
    assert (nkg("Assertion"), RDFS.subClassOf, RDF.Statement) in onto


def test_modality_individuals_match_the_record_enum(onto: Graph) -> None:
    individuals = set(onto.subjects(RDF.type, nkg("Modality")))
    assert individuals == {nkg(m.value) for m in Modality}
    one_of = onto.value(onto.value(nkg("Modality"), OWL.equivalentClass), OWL.oneOf)
    assert set(Collection(onto, one_of)) == individuals  # type: ignore[arg-type]


def test_surface_form_is_not_a_skos_hidden_label(onto: Graph) -> None:
    # SKOS makes hidden labels disjoint from preferred and alternative ones; surface forms
    # include both, so the sub-property would make every graph inconsistent.
    assert onto.value(nkg("surfaceForm"), RDFS.subPropertyOf) is None


def test_ontology_graph_returns_a_private_copy() -> None:
    first = ontology_graph()
    first.remove((None, None, None))
    assert len(ontology_graph()) > 300
