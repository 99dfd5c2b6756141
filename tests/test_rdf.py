"""The RDF stage: what one article's graph holds, and how store-wide labels are chosen."""

from __future__ import annotations

from conftest import CHINA, NORTH_KOREA, sample_extractions
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from kg.namespaces import NKG
from kg.rdf import article_graph, assertion_iri, choose_labels, entity_iri


def test_a_negated_claim_has_an_assertion_but_no_direct_triple() -> None:
    treaty = sample_extractions()[1]
    graph = article_graph(treaty)
    north, china = entity_iri(NORTH_KOREA.key), entity_iri(CHINA.key)
    assert (north, NKG.cooperatesWith, china) not in graph
    negated = assertion_iri(treaty.article.id, treaty.claims[0])
    assert (negated, NKG.modality, NKG.Negated) in graph
    assert (negated, RDF.subject, north) in graph


def test_an_asserted_claim_has_triple_and_full_evidence() -> None:
    summit = sample_extractions()[0]
    graph = article_graph(summit)
    claim = summit.claims[0]
    node = assertion_iri(summit.article.id, claim)
    assert (entity_iri(claim.subject), NKG[claim.relation], entity_iri(claim.object)) in graph
    for predicate in (NKG.evidence, NKG.trigger, NKG.rule, NKG.support, RDF.predicate):
        assert graph.value(node, predicate) is not None
    assert graph.value(node, NKG.confidence) == Literal("0.9", datatype=XSD.decimal)


def test_support_records_every_sentence() -> None:
    summit = sample_extractions()[0]
    leader = next(c for c in summit.claims if c.support == 2)
    graph = article_graph(summit)
    node = assertion_iri(summit.article.id, leader)
    assert len(set(graph.objects(node, NKG.evidence))) == 1 + len(leader.more_evidence)


def test_iris_are_the_same_in_every_run() -> None:
    first = article_graph(sample_extractions()[0]).serialize(format="nt")
    again = article_graph(sample_extractions()[0]).serialize(format="nt")
    assert sorted(first.splitlines()) == sorted(again.splitlines())


def test_labels_prefer_the_name_the_iri_was_minted_from() -> None:
    labels = choose_labels(
        {
            "https://w3id.org/newskg/id/country/north-korea": {
                "North Korea": 1,
                "Democratic People's Republic of Korea": 3,
            },
            "https://w3id.org/newskg/id/person/kim-jong-un": {
                "Kim Jong Un": 1,
                "Kim": 4,
                "Kim Jong-un": 2,
            },
        }
    )
    assert labels["https://w3id.org/newskg/id/country/north-korea"][0] == "North Korea"
    label, aliases = labels["https://w3id.org/newskg/id/person/kim-jong-un"]
    assert label == "Kim Jong-un" and aliases == ("Kim", "Kim Jong Un")
