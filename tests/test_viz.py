"""The interactive HTML graph: what it shows, what it filters, and that it is safe offline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ExportError, KgError
from kg.namespaces import NKG, iri_for
from kg.rdf import article_graph
from kg.records import Article, ArticleExtraction, Claim, Entity, EntityKind
from kg.viz import actor_graph, relation_label, script_json, visualize
from tests.conftest import KIM, PUTIN, RUSSIA, sample_dataset

ACTORS_QUERY = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?actor WHERE {
  GRAPH ?g { ?actor a ?class }
  VALUES ?class { nkg:Person nkg:Country nkg:Organization nkg:Place nkg:Group }
}
"""
RELATIONS_QUERY = """
PREFIX nkg: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o }
  GRAPH ?g1 { ?s a ?c1 } GRAPH ?g2 { ?o a ?c2 }
  VALUES ?c1 { nkg:Person nkg:Country nkg:Organization nkg:Place nkg:Group }
  VALUES ?c2 { nkg:Person nkg:Country nkg:Organization nkg:Place nkg:Group }
  FILTER(STRSTARTS(STR(?p), STR(nkg:)))
}
"""
PUTIN_IRI, KIM_IRI, RUSSIA_IRI = (iri_for(e.key) for e in (PUTIN, KIM, RUSSIA))
PYONGYANG_IRI = iri_for("place/pyongyang")
HOSTILE_IRI = iri_for("person/script-alert-1-script")


def page_data(html: str, name: str) -> Any:
    """The JSON blob the page embeds under ``newskg-<name>``, parsed as the browser does."""
    match = re.search(
        rf'<script type="application/json" id="newskg-{name}">(.*?)</script>', html, re.S
    )
    assert match, f"no newskg-{name} blob"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def sample_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    output = tmp_path_factory.mktemp("viz") / "graph.html"
    assert visualize(sample_dataset(), output) == output
    return output.read_text(encoding="utf-8")


def edge_by_relation(html: str, relation: str) -> dict[str, Any]:
    (edge,) = [e for e in page_data(html, "edges") if e["relation"] == relation]
    return edge


def test_nodes_and_edges_are_the_graphs_actors_and_direct_relations(sample_html: str) -> None:
    dataset = sample_dataset()
    actors = {str(row[0]) for row in dataset.query(ACTORS_QUERY)}  # type: ignore[index]
    rows = [tuple(map(str, row)) for row in dataset.query(RELATIONS_QUERY)]  # type: ignore[arg-type]
    relations = {(s, p.rsplit("#", 1)[1], o) for s, p, o in rows}
    nodes, edges = page_data(sample_html, "nodes"), page_data(sample_html, "edges")
    assert (len(actors), len(relations)) == (7, 5)  # the negated cooperatesWith is no edge
    assert {n["id"] for n in nodes} == actors
    # The one symmetric relation may be drawn in either direction.
    drawn = {(e["from"], e["relation"], e["to"]) for e in edges}
    assert {(min(s, o), p, max(s, o)) for s, p, o in drawn} == {
        (min(s, o), p, max(s, o)) for s, p, o in relations
    }
    assert len(edges) == len(relations)


def test_page_holds_no_web_address_at_all(sample_html: str) -> None:
    assert "http://" not in sample_html.lower()
    assert "https://" not in sample_html.lower()
    # The IRIs are still there for the page, as JSON escapes of the same text.
    assert PUTIN_IRI in {n["id"] for n in page_data(sample_html, "nodes")}


def test_hostile_text_appears_only_escaped(sample_html: str) -> None:
    assert "<script>alert" not in sample_html
    assert "<img src=x onerror" not in sample_html
    assert "alert(1)</script>" not in sample_html
    # Four JSON blobs, vis-network and our own script: no element came from an article.
    assert len(re.findall(r"(?m)^<script", sample_html)) == 6
    hostile = next(n for n in page_data(sample_html, "nodes") if n["id"] == HOSTILE_IRI)
    assert hostile["label"] == "<script>alert(1)</script>"
    assert hostile["aliases"] == ['<img src=x onerror="alert(2)">']
    praise = edge_by_relation(sample_html, "praises")
    assert praise["evidence"][0]["sentence"] == "<script>alert(1)</script> praised Kim."


def test_script_json_escapes_what_could_end_or_confuse_a_script_element() -> None:
    text = script_json({"a": "</script><!-- & \u2028\u2029 https://x.org/"})
    assert not re.search(r"[<>&\u2028\u2029]|://", text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 https://x.org/"}


def test_symmetric_relations_have_no_arrows_and_directed_ones_do(sample_html: str) -> None:
    assert edge_by_relation(sample_html, "signsAgreementWith")["arrows"]["to"]["enabled"] is False
    for relation in ("visits", "praises"):
        assert edge_by_relation(sample_html, relation)["arrows"]["to"]["enabled"] is True
    for edge in page_data(sample_html, "edges"):
        assert edge["arrows"]["to"]["enabled"] is not edge["symmetric"]


def test_edges_carry_evidence_titles_confidence_and_support(sample_html: str) -> None:
    visit = edge_by_relation(sample_html, "visits")
    assert (visit["from"], visit["to"]) == (PUTIN_IRI, PYONGYANG_IRI)
    assert visit["label"] == "visits"
    assert (visit["confidence"], visit["support"]) == (0.85, 1)
    assert visit["evidence"] == [
        {
            "sentence": "Putin visited Pyongyang.",
            "title": "Putin and Kim sign pact",
            "article": iri_for("article/summit"),
            "confidence": 0.85,
            "attributedTo": None,
        }
    ]
    leaders = [e for e in page_data(sample_html, "edges") if e["relation"] == "leaderOf"]
    assert sorted((e["support"], e["evidence"][0]["attributedTo"]) for e in leaders) == [
        (1, "Vladimir Putin"),
        (2, None),
    ]
    assert edge_by_relation(sample_html, "signsAgreementWith")["label"] == "signs agreement with"


def test_nodes_carry_label_aliases_roles_class_and_size_by_degree(sample_html: str) -> None:
    nodes = {n["id"]: n for n in page_data(sample_html, "nodes")}
    putin = nodes[PUTIN_IRI]
    assert (putin["label"], putin["aliases"], putin["roles"]) == (
        "Vladimir Putin",
        ["Putin"],
        ["leader of Russia"],
    )
    assert (putin["kind"], nodes[RUSSIA_IRI]["kind"]) == ("Person", "Country")
    assert putin["color"]["background"] != nodes[RUSSIA_IRI]["color"]["background"]
    china = nodes[iri_for("country/china")]
    assert (putin["degree"], china["degree"]) == (3, 0)
    assert putin["size"] > nodes[RUSSIA_IRI]["size"] > china["size"]
    meta = page_data(sample_html, "meta")
    assert [c["name"] for c in meta["classes"]] == [
        "Person",
        "Country",
        "Organization",
        "Place",
        "Group",
    ]


def test_page_lays_out_once_then_stops_physics(sample_html: str) -> None:
    options = page_data(sample_html, "options")
    assert options["physics"]["stabilization"]["iterations"] == 200
    assert options["layout"]["randomSeed"] == 7
    assert "physics: { enabled: false }" in sample_html
    assert "stabilizationIterationsDone" in sample_html


@pytest.mark.parametrize(
    ("name", "depth", "expected"),
    [
        ("putin", 0, {PUTIN_IRI}),
        ("Vladimir Putin", 1, {PUTIN_IRI, KIM_IRI, RUSSIA_IRI, PYONGYANG_IRI}),
        (
            "PUTIN",
            2,
            {
                PUTIN_IRI,
                KIM_IRI,
                RUSSIA_IRI,
                PYONGYANG_IRI,
                iri_for("country/north-korea"),
                HOSTILE_IRI,
            },
        ),
        ("dprk", 1, {iri_for("country/north-korea"), KIM_IRI}),
        (
            "person/kim-jong-un",
            1,
            {KIM_IRI, PUTIN_IRI, HOSTILE_IRI, iri_for("country/north-korea")},
        ),
    ],
)
def test_neighbourhood_keeps_actors_within_k_hops(
    name: str, depth: int, expected: set[str]
) -> None:
    graph = actor_graph(sample_dataset(), actor=name, depth=depth)
    assert set(graph.nodes) == expected
    assert all(s in expected and o in expected for s, o in graph.edges())


def test_unknown_actor_is_a_one_line_error() -> None:
    with pytest.raises(KgError) as caught:
        actor_graph(sample_dataset(), actor="Nobody")
    assert str(caught.value) == (
        "actor 'Nobody' matches no actor's label or alias in the graph; "
        "check the spelling or list the actors with the top-actors query."
    )


def test_relation_and_confidence_filters_keep_only_connected_actors() -> None:
    leaders = actor_graph(sample_dataset(), relations=["leaderOf"])
    assert {k for _s, _o, k in leaders.edges(keys=True)} == {"leaderOf"}
    assert set(leaders.nodes) == {PUTIN_IRI, RUSSIA_IRI, KIM_IRI, iri_for("country/north-korea")}
    confident = actor_graph(sample_dataset(), min_confidence=0.9)
    assert sorted(k for _s, _o, k in confident.edges(keys=True)) == [
        "leaderOf",
        "leaderOf",
        "signsAgreementWith",
    ]
    assert actor_graph(sample_dataset(), relations=["nkg:VISITS"]).number_of_edges() == 1
    with pytest.raises(KgError, match=r"^relation 'likes' is not in the ontology; use one of: "):
        actor_graph(sample_dataset(), relations=["likes"])
    with pytest.raises(KgError, match=r"^minimum confidence 1.5 is outside \[0, 1\]"):
        actor_graph(sample_dataset(), min_confidence=1.5)


def test_symmetric_relation_stored_both_ways_is_one_edge() -> None:
    dataset = sample_dataset()
    extra = dataset.graph(URIRef(iri_for("article/reasoned")))
    extra.add((URIRef(KIM_IRI), NKG.signsAgreementWith, URIRef(PUTIN_IRI)))  # type: ignore[arg-type]
    graph = actor_graph(dataset)
    pacts = [(s, o) for s, o, k in graph.edges(keys=True) if k == "signsAgreementWith"]
    assert pacts == [(KIM_IRI, PUTIN_IRI)]
    assert graph.edges[KIM_IRI, PUTIN_IRI, "signsAgreementWith"]["evidence"]


def _pair_extraction() -> ArticleExtraction:
    a = Entity("country/aland", EntityKind.COUNTRY, "Aland")
    b = Entity("country/borduria", EntityKind.COUNTRY, "Borduria")
    article = Article("pair", "Aland and Borduria", "...", "tests/pair.txt", "hash-pair")
    claims = tuple(
        Claim(s.key, relation, o.key, f"{s.label} {relation} {o.label}.", "t", "svo", 0.7)
        for s, relation, o in [(a, "meetsWith", b), (a, "praises", b), (b, "criticizes", a)]
    )
    return ArticleExtraction(article, (a, b), claims)


def test_parallel_relations_between_one_pair_are_drawn_apart(tmp_path: Path) -> None:
    # One article graph on its own: labels come from its surface forms.
    output = visualize(article_graph(_pair_extraction()), tmp_path / "pair.html")
    html = output.read_text(encoding="utf-8")
    nodes = page_data(html, "nodes")
    assert sorted(n["label"] for n in nodes) == ["Aland", "Borduria"]
    aland = iri_for("country/aland")
    shapes = set()
    for edge in page_data(html, "edges"):
        smooth = edge["smooth"]
        if smooth is False:
            shapes.add(("straight", 0.0))
            continue
        # Express each curve from Aland's side, so opposite directions compare fairly.
        clockwise = (smooth["type"] == "curvedCW") == (edge["from"] == aland)
        shapes.add(("cw" if clockwise else "ccw", smooth["roundness"]))
    assert len(shapes) == 3


def test_output_is_deterministic_and_written_atomically(tmp_path: Path) -> None:
    first = visualize(sample_dataset(), tmp_path / "a.html").read_bytes()
    second = visualize(sample_dataset(), tmp_path / "a.html").read_bytes()
    assert first == second
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]
    assert (tmp_path / "a.html").stat().st_mode & 0o044 == 0o044  # readable by others


def test_graph_files_and_store_paths_are_read_through_load_dataset(sample_graph_dir: Path) -> None:
    from_file = visualize(sample_graph_dir / "sample.trig", sample_graph_dir / "out.html")
    html = from_file.read_text(encoding="utf-8")
    in_memory = visualize(sample_dataset(), sample_graph_dir / "mem.html").read_text("utf-8")
    assert page_data(html, "nodes") == page_data(in_memory, "nodes")
    assert page_data(html, "edges") == page_data(in_memory, "edges")
    assert page_data(html, "meta")["source"] == "sample.trig"


def test_output_must_be_html(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"graph.png is not an .html file"):
        visualize(sample_dataset(), tmp_path / "graph.png")


def test_relation_label_splits_camel_case() -> None:
    assert relation_label("signsAgreementWith") == "signs agreement with"
    assert relation_label("visits") == "visits"


def test_cli_writes_the_page_and_reports_errors_on_one_line(sample_graph_dir: Path) -> None:
    runner = CliRunner()
    output = sample_graph_dir / "cli.html"
    args = ["viz", str(sample_graph_dir / "sample.trig"), "-o", str(output)]
    done = runner.invoke(app, [*args, "--actor", "kim", "--depth", "1", "-r", "praises"])
    assert done.exit_code == 0, done.output
    assert done.output == f"wrote {output}\n"
    assert {n["id"] for n in page_data(output.read_text("utf-8"), "nodes")} == {
        KIM_IRI,
        HOSTILE_IRI,
    }
    failed = runner.invoke(app, [*args, "--actor", "Nobody"])
    assert failed.exit_code == 1
    assert failed.stderr == (
        "kg: error: actor 'Nobody' matches no actor's label or alias in the graph; "
        "check the spelling or list the actors with the top-actors query.\n"
    )


def test_dataset_and_graph_inputs_agree() -> None:
    dataset = sample_dataset()
    union = Dataset(default_union=True)
    for quad in dataset.quads((None, None, None, None)):
        union.add(quad)  # type: ignore[arg-type]
    assert sorted(actor_graph(union).edges(keys=True)) == sorted(
        actor_graph(dataset).edges(keys=True)
    )


def test_ambiguous_actor_names_the_candidates() -> None:
    dataset = sample_dataset()
    sister = URIRef(iri_for("person/kim-yo-jong"))
    labels = dataset.graph(URIRef(iri_for("graph/entities")))
    extra = dataset.graph(URIRef(iri_for("article/sister")))
    extra.add((sister, RDF.type, NKG.Person))  # type: ignore[arg-type]
    labels.add((sister, RDFS.label, Literal("Kim Yo-jong")))
    labels.add((sister, SKOS.altLabel, Literal("Kim")))
    with pytest.raises(KgError) as caught:
        actor_graph(dataset, actor="kim")
    assert str(caught.value) == (
        f"actor 'kim' matches several actors: Kim Jong-un ({KIM_IRI}), "
        f"Kim Yo-jong ({sister}); give its IRI."
    )
    assert set(actor_graph(dataset, actor=str(sister), depth=3).nodes) == {str(sister)}


def test_every_ontology_relation_and_actor_class_has_its_own_colour() -> None:
    # The palettes name no relation or class: the ontology decides who gets which colour.
    from kg.ontology import load_ontology
    from kg.viz.style import (
        OTHER_CLASS_COLOUR,
        OTHER_RELATION_COLOUR,
        class_colours,
        relation_colours,
    )

    ontology = load_ontology()
    relations = relation_colours()
    assert set(relations) == {r.name for r in ontology.relations}
    assert OTHER_RELATION_COLOUR not in relations.values()
    assert len(set(relations.values())) == len(relations)
    classes = class_colours()
    assert list(classes) == [c.name for c in ontology.actor_classes]
    assert OTHER_CLASS_COLOUR not in classes.values()
    # Legend order runs from cooperation to conflict (CAMEO), then standing relations.
    assert list(relations).index("meetsWith") < list(relations).index("attacks")
    assert list(relations).index("attacks") < list(relations).index("leaderOf")


def test_parallel_relations_of_a_real_pair_are_all_drawn(pair_build) -> None:  # type: ignore[no-untyped-def]
    macron, scholz = iri_for("person/emmanuel-macron"), iri_for("person/olaf-scholz")
    graph = actor_graph(pair_build.store)
    between = sorted(
        (s == macron, key, data["symmetric"])
        for s, o, key, data in graph.edges(keys=True, data=True)
        if {s, o} == {macron, scholz}
    )
    # One edge per relation; a symmetric one is drawn once, without an arrow.
    assert between == [
        (False, "criticizes", False),
        (True, "meetsWith", True),
        (True, "praises", False),
        (True, "signsAgreementWith", True),
    ]
    assert graph.nodes[macron]["roles"] == ("leader of France",)


@pytest.mark.parametrize("max_actors", [3, 8, 300])
def test_a_capped_page_of_a_store_reads_only_its_linked_actors_and_draws_the_same(
    seeds_build: Any, max_actors: int
) -> None:
    # A page of the best-connected actors reads only the actors relations join (and
    # counts the rest); when they leave room for actors without relations (300 here: the
    # seeds have fewer linked actors) it reads them all. Either way it draws what the
    # whole graph, read at once, gives.
    from kg.actors import load_actor_graph

    store = seeds_build.store
    linked = load_actor_graph(store, linked_only=True)
    assert linked.unlisted > 0 and all(actor.degree for actor in linked.actors if actor.is_actor)
    read_whole = actor_graph(load_actor_graph(store), max_actors=max_actors)
    page = actor_graph(store, max_actors=max_actors)
    assert page.graph == read_whole.graph
    assert dict(page.nodes(data=True)) == dict(read_whole.nodes(data=True))
    assert sorted(page.edges(keys=True, data=True)) == sorted(
        read_whole.edges(keys=True, data=True)
    )
    assert page.graph["hidden"]["unconnected"] == (linked.unlisted if max_actors < 10 else 0)
    # Below ten the linked actors alone fill the page: those are the pages read that way.
    filled = actor_graph(linked, max_actors=max_actors).number_of_nodes() == max_actors
    assert filled == (max_actors < 10)
