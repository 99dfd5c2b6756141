"""Exports, proved by the tools that read them: rapper, pyoxigraph, rdflib, networkx, igraph."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import (
    OX_FORMAT,
    RAPPER_SYNTAX,
    REPO,
    file_size_limit,
    require_tool,
    sample_dataset,
    sample_extractions,
)
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ExportError, OutputError
from kg.exports import (
    FORMATS,
    NODE_HEADER,
    RELATIONSHIP_HEADER,
    atomic_file,
    export,
    export_graph,
    neo4j_type,
    ntriples,
    resolve_format,
    to_networkx,
    union_graph,
)
from kg.namespaces import PREFIXES, iri_for
from kg.rdf import article_graph
from kg.records import Article, ArticleExtraction, Claim, Entity, EntityKind, Modality

RDF_FORMATS = [name for name, fmt in FORMATS.items() if fmt.kind == "rdf"]
# Formats that keep the named graphs count quads; the others merge them into one graph.
QUAD_FORMATS = {"nq", "trig", "jsonld"}
RDFLIB_FORMAT = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}
SAMPLE_ACTORS = 7  # Putin, Kim, Russia, North Korea, China, Pyongyang, the "<script>" person
SAMPLE_RELATIONS = 5  # the negated cooperatesWith gives no direct triple, so no edge
# Property-graph formats write a symmetric relation both ways (signsAgreementWith here).
SAMPLE_EDGES = SAMPLE_RELATIONS + 1


def _quads(dataset: Dataset) -> set[tuple[object, ...]]:
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


def _store_labels(key: str) -> tuple[str, str]:
    # The label rule belongs to kg.rdf; the exports must carry whatever it chose.
    union = union_graph(sample_dataset())
    node = URIRef(iri_for(key))
    (label,) = union.objects(node, RDFS.label)
    return str(label), "|".join(sorted(str(alias) for alias in union.objects(node, SKOS.altLabel)))


def _file_for(fmt: str, folder: Path) -> Path:
    extensions = FORMATS[fmt].extensions
    return folder / (f"sample{extensions[0]}" if extensions else fmt)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample dataset exported once in every format."""
    folder = tmp_path_factory.mktemp("exports")
    dataset = sample_dataset()
    return {name: export(dataset, _file_for(name, folder), name) for name in FORMATS}


# --- the table ---------------------------------------------------------------------


def test_formats_table_names_every_format_once() -> None:
    assert list(FORMATS) == [
        "ttl",
        "nt",
        "nq",
        "trig",
        "jsonld",
        "rdfxml",
        "graphml",
        "gexf",
        "neo4j",
    ]
    assert {fmt.kind for fmt in FORMATS.values()} == {"rdf", "graph", "folder"}
    extensions = [ext for fmt in FORMATS.values() for ext in fmt.extensions]
    assert len(extensions) == len(set(extensions))
    assert all(fmt.name == name and fmt.description for name, fmt in FORMATS.items())


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("g.ttl", "ttl"),
        ("g.nt", "nt"),
        ("g.nq", "nq"),
        ("g.trig", "trig"),
        ("g.jsonld", "jsonld"),
        ("g.json", "jsonld"),
        ("g.rdf", "rdfxml"),
        ("g.xml", "rdfxml"),
        ("g.OWL", "rdfxml"),
        ("g.graphml", "graphml"),
        ("g.gexf", "gexf"),
    ],
)
def test_the_extension_decides_without_format(filename: str, expected: str) -> None:
    assert resolve_format(Path(filename)).name == expected


def test_format_option_wins_over_the_extension() -> None:
    assert resolve_format(Path("graph.txt"), "NT").name == "nt"
    assert resolve_format(Path("out/neo"), "neo4j").kind == "folder"


def test_unknown_extension_and_format_list_the_choices() -> None:
    choices = "ttl, nt, nq, trig, jsonld, rdfxml, graphml, gexf, neo4j"
    with pytest.raises(ExportError) as error:
        resolve_format(Path("out/neo4j"))
    assert str(error.value) == (
        "out/neo4j has no known extension; end its name with one of .ttl .nt .nq .trig "
        f".jsonld .json .rdf .xml .owl .graphml .gexf, or name the format: {choices}."
    )
    with pytest.raises(ExportError) as error:
        resolve_format(Path("g.ttl"), "yaml")
    assert str(error.value) == f"'yaml' is not an export format; use one of: {choices}."


# --- RDF: third parties read what we write ---------------------------------------------


def _expected_count(fmt: str) -> int:
    dataset = sample_dataset()
    return len(_quads(dataset)) if fmt in QUAD_FORMATS else len(union_graph(dataset))


@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
def test_rapper_counts_the_same_statements(fmt: str, exported: dict[str, Path]) -> None:
    rapper = require_tool("rapper")
    result = subprocess.run(
        [rapper, "-i", RAPPER_SYNTAX[fmt], "-c", str(exported[fmt])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = re.search(r"Parsing returned (\d+) triples", result.stderr)
    assert found is not None, result.stderr
    assert int(found.group(1)) == _expected_count(fmt)
    assert "Error" not in result.stderr


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_pyoxigraph_loads_every_rdf_export(fmt: str, exported: dict[str, Path]) -> None:
    quads = list(ox.parse(path=exported[fmt], format=OX_FORMAT[fmt]))
    assert len(quads) == _expected_count(fmt)
    named = {str(quad.graph_name.value) for quad in quads if hasattr(quad.graph_name, "value")}
    if fmt in QUAD_FORMATS:
        assert named == {
            iri_for("article/summit"),
            iri_for("article/treaty"),
            iri_for("graph/entities"),
            iri_for("graph/summary"),
        }
    else:
        assert named == set()


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_rdflib_reads_back_the_same_graph(fmt: str, exported: dict[str, Path]) -> None:
    original = sample_dataset()
    reread = Dataset()
    reread.parse(exported[fmt], format=RDFLIB_FORMAT[fmt])
    if fmt in QUAD_FORMATS:
        assert _quads(reread) == _quads(original)
    else:
        assert isomorphic(union_graph(reread), union_graph(original))
    # The hostile name survives as text, not markup.
    assert Literal("<script>alert(1)</script>") in set(union_graph(reread).objects())


def test_turtle_binds_our_prefixes_and_no_generated_ones(exported: dict[str, Path]) -> None:
    text = exported["ttl"].read_text(encoding="utf-8")
    assert "@prefix nkg: <https://w3id.org/newskg/ontology#> ." in text
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in text
    assert "ns1:" not in text
    assert "schema1" not in text


def test_trig_keeps_one_graph_per_article_the_entities_and_the_tallies(
    exported: dict[str, Path],
) -> None:
    reread = Dataset()
    reread.parse(exported["trig"], format="trig")
    names = {str(graph.identifier) for graph in reread.graphs() if len(graph)}
    assert names == {
        iri_for("article/summit"),
        iri_for("article/treaty"),
        iri_for("graph/entities"),
        iri_for("graph/summary"),
    }


def test_jsonld_has_the_compact_context(exported: dict[str, Path]) -> None:
    document = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == PREFIXES


def test_nquads_are_sorted_and_unique(exported: dict[str, Path]) -> None:
    lines = exported["nq"].read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert all(line.endswith(f"<{iri_for('article/summit')}> .") for line in lines[:1])


# --- determinism ---------------------------------------------------------------------


def test_ntriples_are_sorted_and_identical_across_runs(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    first = exported["nt"].read_bytes()
    lines = first.decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    again = export(sample_dataset(), tmp_path / "again.nt")
    assert again.read_bytes() == first


def test_ntriples_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    source = tmp_path / "sample.trig"
    sample_dataset().serialize(source, format="trig")
    outputs = []
    for seed in ("0", "1"):
        target = tmp_path / f"seed{seed}.nt"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "kg", "export", str(source), "-o", str(target)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"wrote {target}\n"
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == ntriples(sample_dataset())


EXPORT_ALL = """\
import sys
from pathlib import Path
from typing import Any
from kg.exports import FORMATS, export
source, folder = sys.argv[1], Path(sys.argv[2])
for name, fmt in FORMATS.items():
    export(source, folder / (f"g{fmt.extensions[0]}" if fmt.extensions else name), name)
"""


def test_every_format_is_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    # rdflib keeps triples in sets, whose order follows PYTHONHASHSEED; prove it leaks nowhere.
    source = tmp_path / "sample.trig"
    sample_dataset().serialize(source, format="trig")
    contents = []
    for seed in ("0", "1"):
        folder = tmp_path / f"seed{seed}"
        folder.mkdir()
        result = subprocess.run(
            [sys.executable, "-c", EXPORT_ALL, str(source), str(folder)],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        contents.append(
            {
                str(path.relative_to(folder)): path.read_bytes()
                for path in sorted(folder.rglob("*"))
                if path.is_file()
            }
        )
    assert len(contents[0]) == len(FORMATS) + 2  # neo4j is three files
    for name in contents[0]:
        assert contents[0][name] == contents[1][name], name


BLANK_TURTLE = """\
@prefix nkg: <https://w3id.org/newskg/ontology#> .
<https://w3id.org/newskg/id/article/a> nkg:mentions [ nkg:surfaceForm "one" ] ,
    [ nkg:surfaceForm "two" ; nkg:evidence [ nkg:trigger "x" ] ] .
"""


def test_blank_nodes_get_the_same_labels_in_every_parse() -> None:
    first, second = Graph(), Graph()
    first.parse(data=BLANK_TURTLE, format="turtle")
    second.parse(data=BLANK_TURTLE, format="turtle")
    assert set(first.all_nodes()) != set(second.all_nodes())  # parsers mint fresh ids
    assert ntriples(first) == ntriples(second)
    assert len(ntriples(first).splitlines()) == 6
    assert b"_:" in ntriples(first)


def test_blank_nodes_stay_in_their_named_graph(tmp_path: Path) -> None:
    dataset = Dataset()
    node = BNode()
    name = URIRef(iri_for("article/a"))
    dataset.graph(name).add((node, URIRef(PREFIXES["rdfs"] + "label"), Literal("x")))
    path = export(dataset, tmp_path / "b.nq")
    (quad,) = ox.parse(path=path, format=ox.RdfFormat.N_QUADS)
    assert isinstance(quad.subject, ox.BlankNode)
    assert quad.graph_name == ox.NamedNode(str(name))


# --- atomic writes -----------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    target.write_bytes(b"old\n")
    with pytest.raises(RuntimeError), atomic_file(target) as handle:
        handle.write(b"partial")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["graph.nt"]


def test_what_the_file_system_refuses_is_an_output_error_naming_the_file(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no-such-folder" / "graph.nt"
    with pytest.raises(OutputError) as raised, atomic_file(missing):
        pass
    assert str(raised.value) == f"cannot write {missing}: No such file or directory"
    # An error of whatever produces the bytes (it has no errno) is not the file's.
    unread = pytest.raises(OSError, match="the store could not be read")
    with unread, atomic_file(tmp_path / "graph.nt"):
        raise OSError("the store could not be read")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_an_export_streams_into_dev_stdout_and_a_named_pipe(
    tmp_path: Path, seeds_build: Any
) -> None:
    import threading

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    store = str(seeds_build.store)
    export_nt = [sys.executable, "-m", "kg", "export", store, "-f", "nt", "-o"]
    as_file = tmp_path / "graph.nt"
    subprocess.run([*export_nt, str(as_file)], env=env, check=True, capture_output=True)
    expected = as_file.read_bytes()
    assert expected
    # Into /dev/stdout: the data alone on stdout, the line that says so on stderr, and
    # /dev/stdout left the link it is (a rename over it, as root, would replace it).
    streamed = subprocess.run([*export_nt, "/dev/stdout"], env=env, capture_output=True)
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout == expected
    assert streamed.stderr == b"wrote /dev/stdout\n"
    assert Path("/dev/stdout").is_symlink()
    # Into a named pipe another process reads.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(pipe.read_bytes()))
    reader.start()
    piped = subprocess.run([*export_nt, str(pipe)], env=env, capture_output=True)
    reader.join(timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert read == [expected]
    assert piped.stderr == f"wrote {pipe}\n".encode()
    assert pipe.is_fifo()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["nt", "graphml"])
def test_an_export_that_fills_the_disk_says_so_in_one_line(
    tmp_path: Path, seeds_build: Any, fmt: str
) -> None:
    target = tmp_path / f"graph.{fmt}"
    command = [sys.executable, "-m", "kg", "export", str(seeds_build.store), "-o", str(target)]
    failed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=file_size_limit(20_000),
    )
    assert failed.returncode == 1
    assert failed.stderr == f"kg: error: cannot write {target}: File too large\n"
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary copy


def test_a_failing_writer_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise ValueError("serializer crashed")

    monkeypatch.setattr(Graph, "serialize", explode)
    with pytest.raises(ValueError):
        export(sample_dataset(), tmp_path / "graph.ttl")
    assert list(tmp_path.iterdir()) == []


def test_missing_output_folder_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "graph.ttl"
    with pytest.raises(ExportError) as error:
        export(sample_dataset(), target)
    assert str(error.value) == f"{target.parent} does not exist; create the folder first."


def test_a_folder_is_not_a_file_output(tmp_path: Path) -> None:
    folder = tmp_path / "g.ttl"
    folder.mkdir()
    with pytest.raises(ExportError) as error:
        export_graph(sample_dataset(), folder, "ttl")
    assert str(error.value) == f"{folder} is a folder; give a file name ending in .ttl."


def test_neo4j_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "neo"
    target.write_text("x")
    with pytest.raises(ExportError) as error:
        export(sample_dataset(), target, "neo4j")
    assert (
        str(error.value) == f"{target} is a file; the neo4j format writes a folder, give a folder."
    )


# --- the property graph ---------------------------------------------------------------


def test_networkx_view_has_actors_and_asserted_relations_only() -> None:
    graph = to_networkx(sample_dataset())
    assert graph.number_of_nodes() == SAMPLE_ACTORS
    assert graph.number_of_edges() == SAMPLE_EDGES
    putin = iri_for("person/vladimir-putin")
    kim = iri_for("person/kim-jong-un")
    assert graph.nodes[putin] == {
        "label": "Vladimir Putin",
        "kind": "Person",
        "aliases": "Putin",
        "degree": 3,
    }
    assert graph.edges[putin, kim, "signsAgreementWith"] == {
        "relation": "signsAgreementWith",
        "cameo": "057",
        "symmetric": True,
        "confidence": 0.9,
        "support": 1,
        "assertions": 1,
        "evidence": "Putin and Kim signed a pact in Pyongyang.",
    }
    # Symmetric: Kim's side answers too, with the same attributes; directed ones do not.
    assert (
        graph.edges[kim, putin, "signsAgreementWith"]
        == graph.edges[putin, kim, "signsAgreementWith"]
    )
    assert not graph.has_edge(iri_for("place/pyongyang"), putin)
    assert not graph.has_edge(iri_for("country/north-korea"), iri_for("country/china"))
    for _node, data in graph.nodes(data=True):
        assert all(isinstance(value, str | int | float | bool) for value in data.values())


def _extraction(article_id: str, confidence: float, modality: Modality) -> ArticleExtraction:
    article = Article(article_id, article_id, "text", f"{article_id}.txt", f"h-{article_id}")
    entities = (
        Entity("country/russia", EntityKind.COUNTRY, "Russia"),
        Entity("country/china", EntityKind.COUNTRY, "China"),
    )
    claim = Claim(
        "country/russia",
        "supports",
        "country/china",
        f"Sentence of {article_id}.",
        "backs",
        "svo",
        confidence,
        modality=modality,
        support=2,
    )
    return ArticleExtraction(article, entities, (claim,))


def test_edge_confidence_is_the_best_asserted_one_and_support_adds_up() -> None:
    dataset = Dataset()
    for article_id, confidence, modality in (
        ("a", 0.6, Modality.ASSERTED),
        ("b", 0.7, Modality.ASSERTED),
        ("c", 0.99, Modality.HYPOTHETICAL),
    ):
        named = dataset.graph(URIRef(iri_for(f"article/{article_id}")))
        for triple in article_graph(_extraction(article_id, confidence, modality)):
            named.add(triple)
    graph = to_networkx(dataset)
    (edge,) = graph.edges(data=True)
    assert edge[2]["confidence"] == 0.7
    assert edge[2]["support"] == 4
    assert edge[2]["assertions"] == 2
    assert edge[2]["evidence"] == "Sentence of b."
    # Without the store-wide entities graph, labels come from the surface forms.
    assert graph.nodes[iri_for("country/russia")]["label"] == "Russia"


def test_graphml_opens_in_networkx_and_igraph(exported: dict[str, Path]) -> None:
    igraph = pytest.importorskip("igraph")
    reread = nx.read_graphml(exported["graphml"], force_multigraph=True)
    assert reread.number_of_nodes() == SAMPLE_ACTORS
    assert reread.number_of_edges() == SAMPLE_EDGES
    label, aliases = _store_labels("person/script-alert-1-script")
    hostile = reread.nodes[iri_for("person/script-alert-1-script")]
    assert (hostile["label"], hostile["aliases"]) == (label, aliases)
    other = igraph.Graph.Read_GraphML(str(exported["graphml"]))
    assert other.vcount() == SAMPLE_ACTORS
    assert other.ecount() == SAMPLE_EDGES
    assert other.is_directed()
    assert sorted(other.es["relation"]) == [
        "leaderOf",
        "leaderOf",
        "praises",
        "signsAgreementWith",
        "signsAgreementWith",
        "visits",
    ]
    assert label in other.vs["label"]


def test_gexf_opens_in_networkx(exported: dict[str, Path]) -> None:
    reread = nx.read_gexf(exported["gexf"])
    assert reread.number_of_nodes() == SAMPLE_ACTORS
    assert reread.number_of_edges() == SAMPLE_EDGES
    assert reread.nodes[iri_for("person/kim-jong-un")]["label"] == "Kim Jong-un"


# --- Neo4j ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "expected"),
    [
        ("signsAgreementWith", "SIGNS_AGREEMENT_WITH"),
        ("leaderOf", "LEADER_OF"),
        ("visits", "VISITS"),
    ],
)
def test_neo4j_relationship_types_are_upper_snake(relation: str, expected: str) -> None:
    assert neo4j_type(relation) == expected


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_neo4j_folder_has_import_headers_and_consistent_rows(exported: dict[str, Path]) -> None:
    folder = exported["neo4j"]
    assert sorted(path.name for path in folder.iterdir()) == [
        "import.cypher",
        "nodes.csv",
        "relationships.csv",
    ]
    nodes = _read_csv(folder / "nodes.csv")
    relationships = _read_csv(folder / "relationships.csv")
    assert tuple(nodes[0]) == NODE_HEADER
    assert tuple(relationships[0]) == RELATIONSHIP_HEADER
    assert len(nodes) - 1 == SAMPLE_ACTORS
    assert len(relationships) - 1 == SAMPLE_EDGES
    ids = {row[0] for row in nodes[1:]}
    assert all(row[0] in ids and row[1] in ids for row in relationships[1:])
    assert nodes[1:] == sorted(nodes[1:])
    hostile = next(row for row in nodes if row[0] == iri_for("person/script-alert-1-script"))
    assert hostile[1:] == [
        *_store_labels("person/script-alert-1-script")[:1],
        "Person",
        _store_labels("person/script-alert-1-script")[1],
        "1",
        "Entity;Actor;Person",
    ]
    signs = next(row for row in relationships if row[2] == "SIGNS_AGREEMENT_WITH")
    assert signs[3:] == [
        "signsAgreementWith",
        "057",
        "0.9",
        "1",
        "1",
        "Putin and Kim signed a pact in Pyongyang.",
        "true",
    ]


def test_neo4j_script_merges_nodes_and_each_relationship_type(
    exported: dict[str, Path],
) -> None:
    script = (exported["neo4j"] / "import.cypher").read_text(encoding="utf-8")
    assert script.startswith("// newskg export for Neo4j")
    assert "neo4j-admin database import full" in script
    assert script.count("LOAD CSV WITH HEADERS FROM 'file:///nodes.csv'") == 3  # 3 kinds
    for neo_type in ("LEADER_OF", "PRAISES", "SIGNS_AGREEMENT_WITH", "VISITS"):
        assert f"MERGE (a)-[r:{neo_type}]->(b)" in script
    assert "COOPERATES_WITH" not in script  # negated: no direct triple, no relationship


def test_exports_are_identical_for_the_graph_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_day = {fmt: export(sample_dataset(), tmp_path / f"day-{fmt}", fmt) for fmt in ("gexf",)}
    # Another day: networkx would stamp today's date into GEXF; ours carries the newest
    # article's date instead, so the bytes do not change.
    monkeypatch.setattr("time.strftime", lambda *_args: "2099-01-01")
    for fmt in ("graphml", "gexf", "neo4j"):
        first = export(sample_dataset(), tmp_path / f"one-{fmt}", fmt)
        second = export(sample_dataset(), tmp_path / f"two-{fmt}", fmt)
        read: Callable[[Path], bytes] = (
            (lambda p: b"".join(f.read_bytes() for f in sorted(p.iterdir())))
            if fmt == "neo4j"
            else Path.read_bytes
        )
        assert read(first) == read(second), fmt
    assert (tmp_path / "one-gexf").read_bytes() == first_day["gexf"].read_bytes()
    assert b'lastmodifieddate="2024-06-19"' in first_day["gexf"].read_bytes()


# --- the command line --------------------------------------------------------------


def test_cli_exports_a_graph_file(sample_graph_dir: Path) -> None:
    target = sample_graph_dir / "out.nq"
    result = CliRunner().invoke(
        app, ["export", str(sample_graph_dir / "sample.trig"), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {target}\n"
    assert len(list(ox.parse(path=target, format=ox.RdfFormat.N_QUADS))) == len(
        _quads(sample_dataset())
    )


def _values(path: Path) -> set[tuple[object, ...]]:
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    return {
        tuple((t.datatype, t.toPython()) if isinstance(t, Literal) else t for t in quad)
        for quad in dataset.quads((None, None, None, None))
    }


def test_a_store_folder_exports_the_same_quads_as_the_dataset(tmp_path: Path) -> None:
    from kg.rdf import article_iri
    from kg.store import GraphStore

    with GraphStore.open(tmp_path / "store") as store:
        for extraction in sample_extractions():
            store.put_article(str(article_iri(extraction.article.id)), article_graph(extraction))
        store.refresh_labels()
    from_store = export(tmp_path / "store", tmp_path / "store.nq")
    from_memory = export(sample_dataset(), tmp_path / "memory.nq")
    # Oxigraph writes decimals canonically ("0.9" for "0.900"), so compare values.
    assert _values(from_store) == _values(from_memory)


def test_cli_reports_an_unknown_format_as_a_usage_error(sample_graph_dir: Path) -> None:
    # The choices come from FORMATS, so typer refuses an unknown one before any work.
    result = CliRunner().invoke(
        app,
        ["export", str(sample_graph_dir / "sample.ttl"), "-o", "x.out", "--format", "yaml"],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert "'yaml' is not one of" in result.stderr
    assert all(f"'{name}'" in result.stderr for name in FORMATS)


def test_an_unknown_extension_is_a_one_line_error(sample_graph_dir: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export(sample_graph_dir / "sample.ttl", sample_graph_dir / "x.yaml")
    assert str(caught.value).startswith(f"{sample_graph_dir / 'x.yaml'} has no known extension")


def test_sample_extractions_are_the_shared_ones() -> None:
    # Guards the counts above: they describe conftest's sample, which other tests share.
    assert [extraction.article.id for extraction in sample_extractions()] == ["summit", "treaty"]
