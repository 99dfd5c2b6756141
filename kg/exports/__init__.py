"""Write a graph in the formats other tools read: RDF serialisations, GraphML/GEXF, Neo4j CSV.

One table, :data:`FORMATS`, drives everything: the ``--format`` choices, detection by file
extension, the writer that runs, and the round-trip tests. The writers live by kind:
:mod:`kg.exports.rdf_formats` (RDF), :mod:`kg.exports.property_graph` (networkx, GraphML,
GEXF) and :mod:`kg.exports.neo4j`. Every file is written through :func:`kg.files.atomic_file`,
so a failed export never leaves a partial file behind; the same graph always gives the
same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rdflib import Dataset, Graph

from kg.errors import ExportError
from kg.exports.neo4j import NODE_HEADER, RELATIONSHIP_HEADER, neo4j_type, write_neo4j
from kg.exports.property_graph import to_networkx, write_gexf, write_graphml
from kg.exports.rdf_formats import (
    graph_ntriples,
    named_graphs,
    normalize,
    nquads,
    ntriples,
    union_graph,
    write_jsonld,
    write_nquads,
    write_ntriples,
    write_rdfxml,
    write_trig,
    write_turtle,
)
from kg.files import atomic_file

Kind = Literal["rdf", "graph", "folder"]
Writer = Callable[[Dataset, Path], None]


@dataclass(frozen=True)
class Format:
    """One export format: its name, file extensions, what it is, and the function that writes it."""

    name: str
    extensions: tuple[str, ...]  # lower case, with the dot; empty for folder formats
    description: str
    writer: Writer
    kind: Kind


# --- the table and the entry points -----------------------------------------------

FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("ttl", (".ttl",), "Turtle, all graphs merged", write_turtle, "rdf"),
        Format("nt", (".nt",), "N-Triples, all graphs merged, sorted", write_ntriples, "rdf"),
        Format("nq", (".nq",), "N-Quads, one graph per article, sorted", write_nquads, "rdf"),
        Format("trig", (".trig",), "TriG, one graph per article", write_trig, "rdf"),
        Format("jsonld", (".jsonld", ".json"), "JSON-LD with named graphs", write_jsonld, "rdf"),
        Format(
            "rdfxml", (".rdf", ".xml", ".owl"), "RDF/XML, all graphs merged", write_rdfxml, "rdf"
        ),
        Format(
            "graphml",
            (".graphml",),
            "GraphML of actors (Gephi, Cytoscape, igraph)",
            write_graphml,
            "graph",
        ),
        Format("gexf", (".gexf",), "GEXF of actors (Gephi)", write_gexf, "graph"),
        Format("neo4j", (), "a folder of Neo4j CSV files and import.cypher", write_neo4j, "folder"),
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
    extensions = " ".join(e for f in FORMATS.values() for e in f.extensions)
    raise ExportError(
        f"{output} has no known extension; end its name with one of {extensions}, "
        f"or name the format: {_choices()}."
    )


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


__all__ = [
    "FORMATS",
    "NODE_HEADER",
    "RELATIONSHIP_HEADER",
    "Format",
    "atomic_file",
    "export",
    "export_graph",
    "graph_ntriples",
    "named_graphs",
    "neo4j_type",
    "normalize",
    "nquads",
    "ntriples",
    "resolve_format",
    "to_networkx",
    "union_graph",
]
