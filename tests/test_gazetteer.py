"""Countries and places carry the identifiers of maintained gazetteers in the graph."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import OWL

from kg.namespaces import NKG
from kg.rdf import article_graph, entity_iri
from kg.records import Article, ArticleExtraction, Entity, EntityKind

ARTICLE = Article(id="a1", title="", body="Kenya praised Nairobi.", source="t", content_hash="h")


def test_identifier_triples_follow_the_entity_record() -> None:
    kenya = Entity("country/kenya", EntityKind.COUNTRY, "Kenya", iso_code="KE", geonames_id=192950)
    nairobi = Entity("place/nairobi", EntityKind.PLACE, "Nairobi", geonames_id=184745)
    unknown = Entity("place/vrbetice", EntityKind.PLACE, "Vrbetice")
    graph = article_graph(ArticleExtraction(ARTICLE, (kenya, nairobi, unknown)))
    assert (entity_iri(kenya.key), NKG.iso3166Code, Literal("KE")) in graph
    assert (
        entity_iri(kenya.key),
        OWL.sameAs,
        URIRef("https://sws.geonames.org/192950/"),
    ) in graph
    assert (entity_iri(nairobi.key), NKG.iso3166Code, None) not in graph
    assert (
        entity_iri(nairobi.key),
        OWL.sameAs,
        URIRef("https://sws.geonames.org/184745/"),
    ) in graph
    assert (entity_iri(unknown.key), OWL.sameAs, None) not in graph
