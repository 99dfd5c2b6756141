"""Property-graph exports: the actor graph as networkx, GraphML and GEXF.

Nodes are the graph's entities (agreements too, as the Neo4j export labels them) and edges
its direct actor relations, all read through :mod:`kg.actors`; every attribute is a scalar
(string, number or boolean), as GraphML and GEXF require. The same graph gives the same
bytes: nodes and edges go in in sorted order, and GEXF's "last modified" date is the date
of the newest article in the graph rather than today's.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, Graph
from rdflib.namespace import DCTERMS

from kg.actors import Edge, read_actor_graph
from kg.files import write_atomically

if TYPE_CHECKING:
    import networkx as nx


def _edge_attributes(edge: Edge) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "relation": edge.relation,
        "cameo": edge.cameo,
        "symmetric": edge.symmetric,
    }
    if not edge.assertions:
        return attributes  # a hand-made direct triple without any assertion
    if edge.confidence is not None:
        attributes["confidence"] = edge.confidence
    attributes["support"] = edge.support
    attributes["assertions"] = edge.assertions
    if edge.evidence:
        attributes["evidence"] = edge.evidence[0].sentence  # the most confident sentence
    return attributes


def to_networkx(source: Graph) -> nx.MultiDiGraph:
    """Entities and their direct relations as a networkx MultiDiGraph with scalar attributes.

    Nodes are keyed by IRI and carry ``label``, ``kind``, ``aliases`` (joined with ``|``)
    and ``degree``; edges are keyed by relation name.
    """
    actors = read_actor_graph(source)
    # Imported here: every kg command reads the export table, few export a network
    # (networkx takes a tenth of a second to import).
    import networkx as nx

    result = nx.MultiDiGraph()
    for actor in actors.actors:
        result.add_node(
            actor.iri,
            label=actor.label,
            kind=actor.kind.class_name,
            aliases="|".join(actor.aliases),
            degree=actor.degree,
        )
    # The store keeps a symmetric fact one way, but the tools these formats feed read
    # directed edges (networkx successors, Cypher's (a)-[:MEETS_WITH]->(b), Gephi's
    # in/out degree): a one-way edge would answer "whom did Kim meet?" from Putin's side
    # only. So a symmetric relation is written in both directions, each marked
    # symmetric=true; ``degree`` counts the fact once, as kg.actors does.
    edges: list[tuple[str, str, Edge]] = []
    for edge in actors.edges:
        edges.append((edge.subject, edge.object, edge))
        if edge.symmetric and edge.subject != edge.object:
            edges.append((edge.object, edge.subject, edge))
    for subject, obj, edge in sorted(edges, key=lambda item: (item[0], item[1], item[2].relation)):
        result.add_edge(subject, obj, key=edge.relation, **_edge_attributes(edge))
    return result


def write_graphml(dataset: Dataset, path: Path) -> None:
    """The actor graph as GraphML (Gephi, Cytoscape, igraph, yEd)."""
    buffer = io.BytesIO()
    import networkx as nx

    nx.write_graphml(to_networkx(dataset), buffer, encoding="utf-8")
    write_atomically(path, buffer.getvalue())


def _newest_date(dataset: Dataset) -> str | None:
    dates = [str(o)[:10] for _s, _p, o, _g in dataset.quads((None, DCTERMS.issued, None, None))]
    return max(dates) if dates else None


def write_gexf(dataset: Dataset, path: Path) -> None:
    """The actor graph as GEXF 1.2 (Gephi)."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    # networkx stamps today's date and its own version into <meta>; the newest article's
    # date (or none) and our name keep the same graph the same bytes on any day.
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        newest = _newest_date(dataset)
        if newest is not None:
            meta.set("lastmodifieddate", newest)
        creator = meta.find("creator")
        if creator is not None:
            creator.text = "newskg"
    writer.add_graph(to_networkx(dataset))
    buffer = io.BytesIO()
    writer.write(buffer)
    write_atomically(path, buffer.getvalue())
