"""Real graphs, built by the pipeline, exported to every format and read back by other tools.

Two graphs: the seeds (two articles on the Putin–Kim summit) and tests/data/pair, written
for the tests so that four relations join one pair of people. Each is exported from its
store folder to every format of FORMATS, and each file is loaded by a reader that is not
ours: rapper and pyoxigraph for RDF, networkx and igraph for GraphML, networkx for GEXF,
the csv module (as neo4j-admin reads it) for Neo4j.
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import OX_FORMAT, RAPPER_SYNTAX, require_tool

from kg.actors import ActorGraph, load_actor_graph
from kg.exports import FORMATS, export, nquads, ntriples
from kg.namespaces import iri_for
from kg.store import load_dataset

QUAD_FORMATS = {"nq", "trig", "jsonld"}  # keep the named graphs; the others merge them
GRAPHS = ("seeds_build", "pair_build")


def _edges_in_both_directions(actors: ActorGraph) -> int:
    return sum(2 if edge.symmetric else 1 for edge in actors.edges)


@pytest.fixture(scope="module", params=GRAPHS)
def real(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """(store folder, exported files by format, the store's actor graph) of one real graph."""
    store = request.getfixturevalue(request.param).store
    folder = tmp_path_factory.mktemp(f"export-{request.param}")
    files = {}
    for name, fmt in FORMATS.items():
        target = folder / (f"graph{fmt.extensions[0]}" if fmt.extensions else name)
        files[name] = export(store, target, name)
    return store, files, load_actor_graph(store)


@pytest.mark.parametrize("fmt", [name for name, f in FORMATS.items() if f.kind == "rdf"])
def test_pyoxigraph_loads_every_rdf_export_with_every_statement(real, fmt: str) -> None:  # type: ignore[no-untyped-def]
    store, files, _actors = real
    dataset = load_dataset(store)
    expected = nquads(dataset) if fmt in QUAD_FORMATS else ntriples(dataset)
    loaded = ox.Store()
    loaded.load(path=str(files[fmt]), format=OX_FORMAT[fmt])
    assert len(loaded) == expected.count(b"\n")


@pytest.mark.parametrize("fmt", list(RAPPER_SYNTAX))
def test_rapper_parses_every_rdf_export_it_knows(real, fmt: str) -> None:  # type: ignore[no-untyped-def]
    rapper = require_tool("rapper")
    store, files, _actors = real
    dataset = load_dataset(store)
    expected = nquads(dataset) if fmt in QUAD_FORMATS else ntriples(dataset)
    result = subprocess.run(
        [rapper, "-i", RAPPER_SYNTAX[fmt], "-c", str(files[fmt])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr
    found = re.search(r"Parsing returned (\d+) triples", result.stderr)
    assert found is not None, result.stderr
    assert int(found.group(1)) == expected.count(b"\n")


def test_graphml_loads_in_networkx_and_igraph(real) -> None:  # type: ignore[no-untyped-def]
    igraph = pytest.importorskip("igraph")
    _store, files, actors = real
    reread = nx.read_graphml(files["graphml"], force_multigraph=True)
    assert reread.number_of_nodes() == len(actors.actors)
    assert reread.number_of_edges() == _edges_in_both_directions(actors)
    other = igraph.Graph.Read_GraphML(str(files["graphml"]))
    assert (other.vcount(), other.ecount()) == (
        len(actors.actors),
        _edges_in_both_directions(actors),
    )
    assert sorted(other.vs["label"]) == sorted(actor.label for actor in actors.actors)


def test_gexf_loads_in_networkx(real) -> None:  # type: ignore[no-untyped-def]
    _store, files, actors = real
    reread = nx.read_gexf(files["gexf"])
    assert reread.number_of_nodes() == len(actors.actors)
    assert reread.number_of_edges() == _edges_in_both_directions(actors)


def test_neo4j_csv_rows_join_up(real) -> None:  # type: ignore[no-untyped-def]
    _store, files, actors = real
    with (files["neo4j"] / "nodes.csv").open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with (files["neo4j"] / "relationships.csv").open(encoding="utf-8", newline="") as handle:
        relationships = list(csv.DictReader(handle))
    ids = {row["id:ID"] for row in nodes}
    assert ids == {actor.iri for actor in actors.actors}
    assert len(relationships) == _edges_in_both_directions(actors)
    assert all(row[":START_ID"] in ids and row[":END_ID"] in ids for row in relationships)


def test_every_relation_between_one_pair_survives_every_property_graph_format(
    pair_build, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Four relations join Macron and Scholz: exports once crashed sorting such edges.
    macron, scholz = iri_for("person/emmanuel-macron"), iri_for("person/olaf-scholz")
    graph = nx.read_graphml(
        export(pair_build.store, tmp_path / "pair.graphml"), force_multigraph=True
    )
    between = sorted(
        (s == macron, data["relation"])
        for s, o, data in graph.edges(data=True)
        if {s, o} == {macron, scholz}
    )
    assert between == [
        (False, "criticizes"),  # Scholz criticized Macron: one way only
        (False, "meetsWith"),  # symmetric: both ways
        (False, "signsAgreementWith"),
        (True, "meetsWith"),
        (True, "praises"),
        (True, "signsAgreementWith"),
    ]
    assert graph.nodes[macron]["degree"] == 5  # four relations with Scholz, leader of France
