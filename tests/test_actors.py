"""kg.actors: the one actor-graph model every export, the page and the scorer read."""

from __future__ import annotations

import pytest
from conftest import KIM, PUTIN, sample_dataset
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.actors import read_actor_graph
from kg.namespaces import NKG, iri_for
from kg.records import EntityKind

PUTIN_IRI, KIM_IRI = iri_for(PUTIN.key), iri_for(KIM.key)


def _node(graph: Graph, key: str, kind: URIRef) -> URIRef:
    node = URIRef(iri_for(key))
    graph.add((node, RDF.type, kind))
    return node


def test_nodes_and_edges_are_sorted_by_their_string_keys() -> None:
    actors = read_actor_graph(sample_dataset())
    assert [a.iri for a in actors.actors] == sorted(a.iri for a in actors.actors)
    assert [e.key for e in actors.edges] == sorted(e.key for e in actors.edges)


def test_several_relations_between_one_pair_are_separate_edges() -> None:
    graph = Graph()
    a = _node(graph, "country/aland", NKG.Country)
    b = _node(graph, "country/borduria", NKG.Country)
    for relation in (NKG.meetsWith, NKG.praises, NKG.criticizes):
        graph.add((a, relation, b))
    graph.add((b, NKG.criticizes, a))
    edges = read_actor_graph(graph).edges
    assert [(e.subject == str(a), e.relation) for e in edges] == [
        (True, "criticizes"),
        (True, "meetsWith"),
        (True, "praises"),
        (False, "criticizes"),
    ]


def test_a_symmetric_fact_stored_both_ways_is_one_edge_with_both_sides_evidence() -> None:
    dataset = sample_dataset()
    extra = dataset.graph(URIRef(iri_for("article/reasoned")))
    extra.add((URIRef(KIM_IRI), NKG.signsAgreementWith, URIRef(PUTIN_IRI)))
    pacts = [e for e in read_actor_graph(dataset).edges if e.relation == "signsAgreementWith"]
    assert [(e.subject, e.object, e.symmetric) for e in pacts] == [(KIM_IRI, PUTIN_IRI, True)]
    assert [item.sentence for item in pacts[0].evidence] == [
        "Putin and Kim signed a pact in Pyongyang."  # asserted Putin -> Kim, stored both ways
    ]


@pytest.mark.parametrize(
    ("labels", "alt_labels", "forms", "expected"),
    [
        # the store-wide label wins; every other name is an alias
        (["Vladimir Putin"], ["Putin"], ["V. Putin"], ("Vladimir Putin", ("Putin",))),
        # a malformed graph with two labels: the first in sorted order, the other an alias
        (["Putin", "Vladimir Putin"], [], [], ("Putin", ("Vladimir Putin",))),
        # no labels graph (one article's graph): the store's rule over the surface forms
        ([], [], ["Putin", "Vladimir Putin"], ("Vladimir Putin", ("Putin",))),
        # no names at all: the IRI's last segment
        ([], [], [], ("vladimir-putin", ())),
    ],
)
def test_one_label_rule(
    labels: list[str], alt_labels: list[str], forms: list[str], expected: tuple[str, tuple[str]]
) -> None:
    graph = Graph()
    node = _node(graph, PUTIN.key, NKG.Person)
    for predicate, values in ((RDFS.label, labels), (SKOS.altLabel, alt_labels)):
        for value in values:
            graph.add((node, predicate, Literal(value)))
    for form in forms:
        graph.add((node, NKG.surfaceForm, Literal(form)))
    (actor,) = read_actor_graph(graph).actors
    assert (actor.label, actor.aliases) == expected


def test_agreements_are_nodes_but_not_actors_and_party_to_is_no_edge() -> None:
    graph = Graph()
    russia = _node(graph, "country/russia", NKG.Country)
    pact = _node(graph, "agreement/pact", NKG.Agreement)
    graph.add((russia, NKG.partyTo, pact))
    actors = read_actor_graph(graph)
    assert [(a.kind, a.is_actor) for a in actors.actors] == [
        (EntityKind.AGREEMENT, False),
        (EntityKind.COUNTRY, True),
    ]
    assert actors.edges == ()
    assert [a.iri for a in actors.only_actors().actors] == [str(russia)]


def test_negated_assertions_back_nothing_and_roles_come_from_role_relations() -> None:
    actors = read_actor_graph(sample_dataset())
    assert not any(e.relation == "cooperatesWith" for e in actors.edges)  # only negated
    putin = actors.by_iri[PUTIN_IRI]
    assert (putin.roles, putin.degree) == (("leader of Russia",), 3)
    leader = next(
        e for e in actors.edges if e.key == (PUTIN_IRI, "leaderOf", iri_for("country/russia"))
    )
    assert (leader.confidence, leader.support, leader.assertions) == (0.95, 2, 1)


def test_a_plain_graph_and_a_dataset_read_alike() -> None:
    dataset = sample_dataset()
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert read_actor_graph(union) == read_actor_graph(dataset)
