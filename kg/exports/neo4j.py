"""The Neo4j export: a folder of ``nodes.csv``, ``relationships.csv`` and ``import.cypher``.

The CSV headers follow ``neo4j-admin database import``; the Cypher script loads the same
files into a running server with MERGE, so running it twice updates instead of
duplicating. Rows come from :func:`kg.exports.property_graph.to_networkx`, so Neo4j sees
the same nodes, edges and attributes as GraphML and GEXF.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import Dataset

from kg.errors import ExportError
from kg.exports.property_graph import to_networkx
from kg.files import write_atomically
from kg.ontology import load_ontology

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
    # Actors (the ontology's subclasses of nkg:Actor) also get the Actor label.
    actor = any(c.name == kind and c.is_actor for c in load_ontology().classes)
    return ";".join(("Entity", "Actor", kind) if actor else ("Entity", kind))


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


def write_neo4j(dataset: Dataset, path: Path) -> None:
    """The folder of CSV files and the import script."""
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
    order = [c.name for c in load_ontology().classes]
    kinds = sorted({str(row[2]) for row in nodes}, key=order.index)
    types = sorted(
        {(neo4j_type(d["relation"]), d["relation"]) for *_e, d in graph.edges(data=True)}
    )
    write_atomically(path / "nodes.csv", _csv_bytes(NODE_HEADER, sorted(node_rows, key=_row_key)))
    edges_csv = _csv_bytes(RELATIONSHIP_HEADER, sorted(edge_rows, key=_row_key))
    write_atomically(path / "relationships.csv", edges_csv)
    write_atomically(path / "import.cypher", _cypher(kinds, types).encode("utf-8"))
