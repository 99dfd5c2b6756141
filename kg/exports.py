"""Write a graph in the formats other tools read: RDF serialisations, GraphML/GEXF, Neo4j CSV.

One table, :data:`FORMATS`, drives everything: the ``--format`` choices, detection by file
extension, the writer that runs, and the round-trip tests. Every file is written to a
temporary file in the target directory and renamed over the target, so a failed export
never leaves a partial file behind; the same graph always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import IO, Any, Literal

from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import ExportError, GraphError
from kg.namespaces import NKG, NKG_IRI, PREFIXES, bind_prefixes
from kg.ontology import ONTOLOGY_FILE
from kg.rdf import choose_labels

Kind = Literal["rdf", "graph", "folder"]
Quad = tuple[Node, Node, Node, URIRef | None]  # graph None = the default graph
Writer = Callable[[Dataset, Path], None]

# The contract's relations (shared/spec/ontology.md) with CAMEO code and symmetry, used
# only when ontologies/newskg.ttl is absent; the ontology is the authority otherwise.
FALLBACK_RELATIONS: dict[str, tuple[str, bool]] = {
    "meetsWith": ("04", True),
    "visits": ("042", False),
    "hosts": ("043", False),
    "signsAgreementWith": ("057", True),
    "praises": ("051", False),
    "supports": ("05", False),
    "cooperatesWith": ("06", True),
    "providesTo": ("07", False),
    "criticizes": ("11", False),
    "rejects": ("12", False),
    "threatens": ("13", False),
    "sanctions": ("16-17", False),
    "attacks": ("18-20", False),
    "leaderOf": ("", False),
    "officialOf": ("", False),
    "relativeOf": ("", True),
    "allyOf": ("", True),
    "locatedIn": ("", False),
    "partyTo": ("", False),
}
# Entity classes in the order that decides an entity's one "kind" if it has several types.
ENTITY_CLASSES: tuple[str, ...] = (
    "Person",
    "Country",
    "Organization",
    "Place",
    "Group",
    "Agreement",
)
_NON_ACTORS = frozenset({"Agreement"})
_ASSERTED = URIRef(str(NKG.Asserted))


@dataclass(frozen=True)
class Format:
    """One export format: its name, file extensions, what it is, and the function that writes it."""

    name: str
    extensions: tuple[str, ...]  # lower case, with the dot; empty for folder formats
    description: str
    writer: Writer
    kind: Kind


@dataclass(frozen=True)
class Relation:
    """An actor relation of the ontology as the graph exports show it."""

    name: str  # local name, e.g. "signsAgreementWith"
    cameo: str  # CAMEO code, "" when the relation has none
    symmetric: bool


# --- atomic writes -----------------------------------------------------------------


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``path`` only once fully written, flushed and closed."""
    temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    # os.open with a mode honours the umask, so the file gets the usual permissions
    # (a NamedTemporaryFile would stay 0600 after the rename).
    handle = os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_file(path) as handle:
        handle.write(data)


# --- normalising the input ------------------------------------------------------------


def _quads(source: Graph) -> list[Quad]:
    if isinstance(source, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph
        quads: list[Quad] = []
        for s, p, o, g in source.quads((None, None, None, None)):
            name = g.identifier if isinstance(g, Graph) else g
            named = isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID
            quads.append((s, p, o, name if named else None))  # type: ignore[arg-type]
        return quads
    return [(s, p, o, None) for s, p, o in source]


_GRAPH_MARK = "\x1fgraph="


def _canonical_blank_nodes(quads: list[Quad]) -> list[Quad]:
    # Parsed blank nodes get random ids, which would change the output on every run.
    # Canonical labelling (rdflib.compare, RGDA1) names them from the graph's structure;
    # the graph name rides inside the predicate so quads in different graphs stay apart.
    packed = Graph()
    for s, p, o, g in quads:
        packed.add((s, URIRef(f"{p}{_GRAPH_MARK}{g or ''}"), o))
    result: list[Quad] = []
    for s, p, o in to_canonical_graph(packed):
        predicate, _, graph = str(p).partition(_GRAPH_MARK)
        result.append((s, URIRef(predicate), o, URIRef(graph) if graph else None))
    return result


def _term_key(term: Node) -> str:
    return term.n3()


class _SortedDataset(Dataset):
    # rdflib's in-memory store keeps each graph's triples in a set, so its serialisers
    # meet graphs and subjects in hash order, which changes with PYTHONHASHSEED. Handing
    # them the graphs in name order makes TriG (which sorts subjects itself) reproducible.
    def graphs(self, triple: Any = None) -> Iterator[Graph]:  # type: ignore[override]
        return iter(sorted(super().graphs(triple), key=lambda graph: str(graph.identifier)))

    def contexts(self, triple: Any = None) -> Iterator[Graph]:  # type: ignore[override]
        return self.graphs(triple)


class _SortedGraph(Graph):
    # The RDF/XML serialiser writes subjects in the order subjects() gives and each
    # subject's properties in insertion order (the store's nested dicts); sorted subjects
    # plus triples inserted in sorted order give the same bytes in every run.
    def subjects(self, *args: Any, **kwargs: Any) -> Iterator[Any]:  # type: ignore[override]
        return iter(sorted(set(super().subjects(*args, **kwargs)), key=_term_key))


def _sorted_json(value: Any) -> Any:
    # JSON-LD arrays of node objects and values are unordered sets (except "@list"), so
    # sorting them by their canonical text changes nothing but the byte order.
    if isinstance(value, dict):
        return {
            key: [_sorted_json(item) for item in item_list]
            if key == "@list" and isinstance(item_list, list)
            else _sorted_json(item_list)
            for key, item_list in value.items()
        }
    if isinstance(value, list):
        items = [_sorted_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def normalize(source: Graph) -> Dataset:
    """A copy of any rdflib graph or dataset as a Dataset: our prefixes, stable blank nodes."""
    quads = _quads(source)
    if any(isinstance(term, BNode) for quad in quads for term in quad[:3]):
        quads = _canonical_blank_nodes(quads)
    dataset = _SortedDataset()
    bind_prefixes(dataset)
    for s, p, o, g in quads:
        target = dataset.graph(g) if g is not None else dataset.default_context
        target.add((s, p, o))
    return dataset


def union_graph(source: Graph) -> Graph:
    """Every triple of every graph of a dataset in one graph, with our prefixes bound."""
    graph = Graph()
    bind_prefixes(graph)
    for s, p, o, _g in _quads(source):
        graph.add((s, p, o))
    return graph


def named_graphs(dataset: Dataset) -> list[tuple[URIRef | None, Graph]]:
    """The dataset's non-empty graphs sorted by name; the default graph (None) first."""
    graphs: dict[URIRef | None, Graph] = {}
    for graph in dataset.graphs():
        name = graph.identifier
        key = None if name == DATASET_DEFAULT_GRAPH_ID else URIRef(str(name))
        if len(graph):
            graphs[key] = graph
    return sorted(graphs.items(), key=lambda item: "" if item[0] is None else str(item[0]))


# --- RDF writers --------------------------------------------------------------------


def _nt_lines(graph: Graph) -> list[str]:
    # rdflib's N-Triples serialiser escapes newlines in literals, so one line is one triple.
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return [line for line in text.splitlines() if line.strip()]


def ntriples(source: Graph) -> bytes:
    """The union graph as sorted, duplicate-free N-Triples: the same graph, the same bytes."""
    return _ntriples(normalize(source))


def _ntriples(dataset: Dataset) -> bytes:
    lines = sorted(set(_nt_lines(union_graph(dataset))))
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def nquads(source: Graph) -> bytes:
    """Every quad as sorted N-Quads; triples of the default graph carry no graph name."""
    return _nquads(normalize(source))


def _nquads(dataset: Dataset) -> bytes:
    lines: set[str] = set()
    for name, graph in named_graphs(dataset):
        for line in _nt_lines(graph):
            if name is None:
                lines.add(line)
            else:
                lines.add(f"{line.removesuffix('.').rstrip()} {name.n3()} .")
    return "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")


def graph_ntriples(graph: Graph) -> bytes:
    """One graph (no graph names) as sorted N-Triples, as the push protocol sends it."""
    return "".join(f"{line}\n" for line in sorted(set(_nt_lines(graph)))).encode("utf-8")


def _write_turtle(dataset: Dataset, path: Path) -> None:
    _write_bytes(path, union_graph(dataset).serialize(format="turtle", encoding="utf-8"))


def _write_ntriples(dataset: Dataset, path: Path) -> None:
    _write_bytes(path, _ntriples(dataset))


def _write_nquads(dataset: Dataset, path: Path) -> None:
    _write_bytes(path, _nquads(dataset))


def _write_trig(dataset: Dataset, path: Path) -> None:
    _write_bytes(path, dataset.serialize(format="trig", encoding="utf-8"))


def _write_jsonld(dataset: Dataset, path: Path) -> None:
    # A compact @context of our prefixes; named graphs stay named (one "@graph" each).
    data = dataset.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8")
    document = _sorted_json(json.loads(data))
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _write_bytes(path, text.encode("utf-8"))


def _write_rdfxml(dataset: Dataset, path: Path) -> None:
    graph = _SortedGraph()
    bind_prefixes(graph)
    for triple in sorted(union_graph(dataset), key=lambda t: tuple(map(_term_key, t))):
        graph.add(triple)
    _write_bytes(path, graph.serialize(format="xml", encoding="utf-8"))


# --- the property graph (networkx) ------------------------------------------------


@cache
def _relations_from_ontology(path: Path, _mtime: int) -> dict[str, Relation]:
    # Keyed on the modification time too, so an edited ontology is read again.
    ontology = Graph()
    try:
        ontology.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many parser-specific types
        raise GraphError(f"{path} is not valid Turtle: {error}".splitlines()[0]) from error
    actor_relation = URIRef(str(NKG.actorRelation))
    cameo = URIRef(str(NKG.cameoCode))
    relations: dict[str, Relation] = {}
    for prop in ontology.transitive_subjects(RDFS.subPropertyOf, actor_relation):
        name = str(prop).removeprefix(NKG_IRI)
        if prop == actor_relation or not str(prop).startswith(NKG_IRI):
            continue
        code = ontology.value(prop, cameo)
        symmetric = (prop, RDF.type, OWL.SymmetricProperty) in ontology
        relations[name] = Relation(name, str(code) if code is not None else "", symmetric)
    return relations


def actor_relations(ontology: Path | None = None) -> dict[str, Relation]:
    """The relations between actors, by local name, read from the ontology (or the contract)."""
    path = ontology or ONTOLOGY_FILE
    if path.exists():
        return _relations_from_ontology(path.resolve(), path.stat().st_mtime_ns)
    if ontology is not None:
        raise GraphError(f"{path} does not exist; give the newskg ontology in Turtle.")
    return {name: Relation(name, code, sym) for name, (code, sym) in FALLBACK_RELATIONS.items()}


def _local(term: Node) -> str:
    return str(term).removeprefix(NKG_IRI)


def _decimal(term: Node | None) -> Decimal | None:
    try:
        return Decimal(str(term)) if isinstance(term, RdfLiteral) else None
    except InvalidOperation:
        return None


def _integer(term: Node | None) -> int:
    try:
        return int(str(term)) if isinstance(term, RdfLiteral) else 0
    except ValueError:
        return 0


@dataclass(frozen=True)
class _Evidence:
    asserted: bool
    confidence: Decimal | None
    support: int
    sentences: tuple[str, ...]


def _assertions(graph: Graph) -> dict[tuple[Node, Node, Node], list[_Evidence]]:
    found: dict[tuple[Node, Node, Node], list[_Evidence]] = {}
    for node in graph.subjects(RDF.type, URIRef(str(NKG.Assertion))):
        key = (
            graph.value(node, RDF.subject),
            graph.value(node, RDF.predicate),
            graph.value(node, RDF.object),
        )
        if None in key:
            continue
        modality = graph.value(node, URIRef(str(NKG.modality)))
        found.setdefault(key, []).append(  # type: ignore[arg-type]
            _Evidence(
                asserted=modality is None or modality == _ASSERTED,
                confidence=_decimal(graph.value(node, URIRef(str(NKG.confidence)))),
                support=_integer(graph.value(node, URIRef(str(NKG.support)))),
                sentences=tuple(
                    sorted(str(o) for o in graph.objects(node, URIRef(str(NKG.evidence))))
                ),
            )
        )
    return found


def _labels(graph: Graph, node: Node) -> tuple[str, tuple[str, ...]]:
    labels = sorted(str(label) for label in graph.objects(node, RDFS.label))
    if labels:
        aliases = {str(alias) for alias in graph.objects(node, SKOS.altLabel)}
        return labels[0], tuple(sorted(aliases - {labels[0]}))
    # No store-wide labels (a single article graph): choose them from the surface forms
    # exactly as the store does.
    forms = {str(form): 1 for form in graph.objects(node, URIRef(str(NKG.surfaceForm)))}
    if not forms:
        return str(node).rsplit("/", 1)[-1], ()
    return choose_labels({str(node): forms})[str(node)]


def _edge_attributes(relation: Relation, evidence: list[_Evidence]) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "relation": relation.name,
        "cameo": relation.cameo,
        "symmetric": relation.symmetric,
    }
    # The direct triple exists because some article asserted it; negated or hypothetical
    # assertions of the same triple elsewhere must not lend it their confidence.
    chosen = [item for item in evidence if item.asserted] or evidence
    if not chosen:
        return attributes  # a hand-made direct triple without any assertion
    scored = [item for item in chosen if item.confidence is not None]
    best = max(scored, key=lambda item: (item.confidence, item.sentences)) if scored else None
    if best is not None and best.confidence is not None:
        attributes["confidence"] = float(best.confidence)
    attributes["support"] = sum(item.support for item in chosen)
    attributes["assertions"] = len(chosen)
    sentences = (best or chosen[0]).sentences
    if sentences:
        attributes["evidence"] = sentences[0]
    return attributes


def to_networkx(dataset: Graph) -> Any:
    """Actors and their direct relations as a networkx MultiDiGraph with scalar attributes only."""
    import networkx as nx

    graph = union_graph(dataset) if isinstance(dataset, ConjunctiveGraph) else dataset
    classes: dict[Node, str] = {URIRef(str(NKG[name])): name for name in ENTITY_CLASSES}
    kinds: dict[Node, set[str]] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if cls in classes and isinstance(node, URIRef):
            kinds.setdefault(node, set()).add(classes[cls])
    relations = actor_relations()
    by_iri: dict[Node, Relation] = {URIRef(NKG_IRI + n): rel for n, rel in relations.items()}
    evidence = _assertions(graph)

    result = nx.MultiDiGraph()
    for node in sorted(kinds, key=str):
        label, aliases = _labels(graph, node)
        kind = next(name for name in ENTITY_CLASSES if name in kinds[node])
        result.add_node(str(node), label=label, kind=kind, aliases="|".join(aliases))
    edges = sorted(
        (str(s), str(o), by_iri[p])
        for s, p, o in graph
        if p in by_iri and s in kinds and o in kinds
    )
    for s, o, relation in edges:
        found = evidence.get((URIRef(s), URIRef(NKG_IRI + relation.name), URIRef(o)), [])
        result.add_edge(s, o, key=relation.name, **_edge_attributes(relation, found))
    for node, degree in result.degree():
        result.nodes[node]["degree"] = int(degree)
    return result


def _write_graphml(dataset: Dataset, path: Path) -> None:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(dataset), buffer, encoding="utf-8")
    _write_bytes(path, buffer.getvalue())


def _write_gexf(dataset: Dataset, path: Path) -> None:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(to_networkx(dataset), buffer, encoding="utf-8")
    _write_bytes(path, buffer.getvalue())


# --- Neo4j ------------------------------------------------------------------------

NODE_HEADER = ("id:ID", "label", "kind", "aliases", "degree:int", ":LABEL")
RELATIONSHIP_HEADER = (
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "relation",
    "cameo",
    "confidence:float",
    "support:int",
    "assertions:int",
    "evidence",
    "symmetric:boolean",
)


def neo4j_type(relation: str) -> str:
    """A relation's Neo4j relationship type: ``signsAgreementWith`` -> ``SIGNS_AGREEMENT_WITH``."""
    return "".join(f"_{char}" if char.isupper() else char.upper() for char in relation)


def _node_labels(kind: str) -> str:
    return ";".join(("Entity", kind) if kind in _NON_ACTORS else ("Entity", "Actor", kind))


def _csv_bytes(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> object:
    # neo4j-admin reads booleans as true/false; missing values stay empty (null).
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


_CYPHER_HEADER = """\
// newskg export for Neo4j: actors and their relations, from nodes.csv and relationships.csv.
//
// Either bulk-load into an empty database (the CSV headers follow neo4j-admin's format):
//   neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j
// or copy both CSV files into the server's import/ directory and run this script:
//   cypher-shell -u neo4j -p <password> -f import.cypher
// The script MERGEs, so running it again updates instead of duplicating.
"""


def _cypher(kinds: list[str], types: list[tuple[str, str]]) -> str:
    parts = [
        _CYPHER_HEADER,
        "CREATE CONSTRAINT newskg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n",
    ]
    for kind in kinds:
        labels = _node_labels(kind).replace(";", ":")
        parts.append(
            f"LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row\n"
            f"WITH row WHERE row.kind = '{kind}'\n"
            f"MERGE (n:Entity {{id: row.`id:ID`}})\n"
            f"SET n:{labels}, n.label = row.label, n.kind = row.kind,"
            f" n.aliases = row.aliases, n.degree = toInteger(row.`degree:int`);\n"
        )
    for neo_type, relation in types:
        parts.append(
            f"// {relation}\n"
            f"LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row\n"
            f"WITH row WHERE row.`:TYPE` = '{neo_type}'\n"
            f"MATCH (a:Entity {{id: row.`:START_ID`}}), (b:Entity {{id: row.`:END_ID`}})\n"
            f"MERGE (a)-[r:{neo_type}]->(b)\n"
            f"SET r.relation = row.relation, r.cameo = row.cameo,"
            f" r.confidence = toFloat(row.`confidence:float`),"
            f" r.support = toInteger(row.`support:int`),"
            f" r.assertions = toInteger(row.`assertions:int`),"
            f" r.evidence = row.evidence, r.symmetric = row.`symmetric:boolean` = 'true';\n"
        )
    return "\n".join(parts)


def _row_key(row: tuple[object, ...]) -> tuple[str, ...]:
    return tuple(map(str, row[:3]))


def _write_neo4j(dataset: Dataset, path: Path) -> None:
    graph = to_networkx(dataset)
    if path.exists() and not path.is_dir():
        raise ExportError(f"{path} is a file; the neo4j format writes a folder, give a folder.")
    path.mkdir(parents=True, exist_ok=True)
    nodes = [
        (node, data["label"], data["kind"], data["aliases"], data["degree"])
        for node, data in graph.nodes(data=True)
    ]
    node_rows: list[tuple[object, ...]] = [(*row, _node_labels(str(row[2]))) for row in nodes]
    edge_rows: list[tuple[object, ...]] = [
        tuple(
            _cell(value)
            for value in (
                s,
                o,
                neo4j_type(data["relation"]),
                data["relation"],
                data["cameo"],
                data.get("confidence"),
                data.get("support"),
                data.get("assertions"),
                data.get("evidence"),
                data["symmetric"],
            )
        )
        for s, o, data in graph.edges(data=True)
    ]
    kinds = sorted({str(row[2]) for row in nodes}, key=ENTITY_CLASSES.index)
    types = sorted(
        {(neo4j_type(d["relation"]), d["relation"]) for *_e, d in graph.edges(data=True)}
    )
    _write_bytes(path / "nodes.csv", _csv_bytes(NODE_HEADER, sorted(node_rows, key=_row_key)))
    edges_csv = _csv_bytes(RELATIONSHIP_HEADER, sorted(edge_rows, key=_row_key))
    _write_bytes(path / "relationships.csv", edges_csv)
    _write_bytes(path / "import.cypher", _cypher(kinds, types).encode("utf-8"))


# --- the table and the entry points -----------------------------------------------

FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("ttl", (".ttl",), "Turtle, all graphs merged", _write_turtle, "rdf"),
        Format("nt", (".nt",), "N-Triples, all graphs merged, sorted", _write_ntriples, "rdf"),
        Format("nq", (".nq",), "N-Quads, one graph per article, sorted", _write_nquads, "rdf"),
        Format("trig", (".trig",), "TriG, one graph per article", _write_trig, "rdf"),
        Format("jsonld", (".jsonld", ".json"), "JSON-LD with named graphs", _write_jsonld, "rdf"),
        Format(
            "rdfxml", (".rdf", ".xml", ".owl"), "RDF/XML, all graphs merged", _write_rdfxml, "rdf"
        ),
        Format(
            "graphml",
            (".graphml",),
            "GraphML of actors (Gephi, Cytoscape, igraph)",
            _write_graphml,
            "graph",
        ),
        Format("gexf", (".gexf",), "GEXF of actors (Gephi)", _write_gexf, "graph"),
        Format(
            "neo4j", (), "a folder of Neo4j CSV files and import.cypher", _write_neo4j, "folder"
        ),
    )
}


def _choices() -> str:
    return ", ".join(FORMATS)


def resolve_format(output: Path, fmt: str | None = None) -> Format:
    """The format named by ``fmt``, or else the one the output's extension stands for."""
    if fmt is not None:
        chosen = FORMATS.get(fmt.strip().lower())
        if chosen is None:
            raise ExportError(f"{fmt!r} is not an export format; use one of: {_choices()}.")
        return chosen
    suffix = output.suffix.lower()
    for candidate in FORMATS.values():
        if suffix in candidate.extensions:
            return candidate
    raise ExportError(f"{output} has no known extension; add --format with one of: {_choices()}.")


def export_graph(dataset: Graph, path: Path | str, fmt: str | None = None) -> Path:
    """Write an in-memory rdflib graph or dataset to ``path`` in a format; return the path."""
    output = Path(path)
    chosen = resolve_format(output, fmt)
    if chosen.kind != "folder":
        if output.is_dir():
            raise ExportError(
                f"{output} is a folder; give a file name ending in {chosen.extensions[0]}."
            )
        if not output.parent.is_dir():
            raise ExportError(f"{output.parent} does not exist; create the folder first.")
    try:
        chosen.writer(normalize(dataset), output)
    except OSError as error:
        raise ExportError(
            f"{output} could not be written ({error.strerror or error}); check the path."
        ) from error
    return output


def export(source: Path | str | Graph, output: Path | str, fmt: str | None = None) -> Path:
    """Export a graph file, store folder or rdflib graph to ``output``; return the path written."""
    chosen = resolve_format(Path(output), fmt)  # fail on a bad format before loading anything
    if isinstance(source, Graph):
        return export_graph(source, output, chosen.name)
    from kg.store import load_dataset

    return export_graph(load_dataset(source), output, chosen.name)
