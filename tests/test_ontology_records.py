"""kg.ontology reads newskg.ttl into records: every other module asks it, none restates it."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespaces import NKG_IRI
from kg.ontology import ONTOLOGY_FILE, load_ontology
from kg.records import EntityKind

ACTORS = frozenset(
    {
        EntityKind.PERSON,
        EntityKind.COUNTRY,
        EntityKind.ORGANIZATION,
        EntityKind.PLACE,
        EntityKind.GROUP,
    }
)


def test_symmetric_relations_are_the_files_owl_symmetric_properties() -> None:
    graph = Graph().parse(ONTOLOGY_FILE)
    declared = {
        str(p).removeprefix(NKG_IRI) for p in graph.subjects(RDF.type, OWL.SymmetricProperty)
    }
    assert load_ontology().symmetric == declared


def test_actor_relations_are_the_subproperties_of_actor_relation() -> None:
    graph = Graph().parse(ONTOLOGY_FILE)
    top = graph.namespace_manager.expand_curie("nkg:actorRelation")
    declared = {str(p).removeprefix(NKG_IRI) for p in graph.subjects(RDFS.subPropertyOf, top)}
    names = {r.name for r in load_ontology().actor_relations}
    assert names == declared
    assert "partyTo" not in names
    assert len(names) == 18


def test_domains_and_ranges_expand_actor_and_unions() -> None:
    ontology = load_ontology()
    leader = ontology.relation("leaderOf")
    assert leader.domain == {EntityKind.PERSON}
    assert leader.range == {EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.GROUP}
    assert not leader.allows(EntityKind.PERSON, EntityKind.PLACE)
    assert ontology.relation("visits").range == {EntityKind.PLACE, EntityKind.COUNTRY}
    assert ontology.relation("meetsWith").domain == ACTORS
    assert ontology.relation("partyTo").range == {EntityKind.AGREEMENT}


def test_cameo_codes_and_classes() -> None:
    ontology = load_ontology()
    assert ontology.relation("signsAgreementWith").cameo == "057"
    assert ontology.relation("leaderOf").cameo == ""
    assert {c.kind for c in ontology.actor_classes} == ACTORS
    assert not ontology.entity_class(EntityKind.AGREEMENT).is_actor


def test_roles_are_the_person_to_body_relations() -> None:
    roles = {r.name for r in load_ontology().relations if r.is_role}
    assert roles == {"leaderOf", "officialOf"}  # relativeOf joins two people: a tie


def test_the_ontology_is_parsed_once_and_shared() -> None:
    from kg.ontology import ontology_rdf

    assert ontology_rdf() is ontology_rdf()
    assert len(ontology_rdf()) > 300
