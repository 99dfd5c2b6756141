"""RDF serialisations: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML, byte-stable.

:func:`normalize` turns any rdflib graph or dataset into a dataset with our prefixes and
canonically labelled blank nodes; each writer then serialises it in an order that does not
depend on hashing, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.files import write_atomically
from kg.namespaces import PREFIXES, bind_prefixes

Quad = tuple[Node, Node, Node, URIRef | None]  # graph None = the default graph


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


def write_turtle(dataset: Dataset, path: Path) -> None:
    """Turtle, all graphs merged."""
    write_atomically(path, union_graph(dataset).serialize(format="turtle", encoding="utf-8"))


def write_ntriples(dataset: Dataset, path: Path) -> None:
    """N-Triples, all graphs merged, sorted."""
    write_atomically(path, _ntriples(dataset))


def write_nquads(dataset: Dataset, path: Path) -> None:
    """N-Quads, one graph per article, sorted."""
    write_atomically(path, _nquads(dataset))


def write_trig(dataset: Dataset, path: Path) -> None:
    """TriG, one graph per article."""
    write_atomically(path, dataset.serialize(format="trig", encoding="utf-8"))


def write_jsonld(dataset: Dataset, path: Path) -> None:
    """JSON-LD with a compact context and named graphs."""
    # A compact @context of our prefixes; named graphs stay named (one "@graph" each).
    data = dataset.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8")
    document = _sorted_json(json.loads(data))
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomically(path, text.encode("utf-8"))


def write_rdfxml(dataset: Dataset, path: Path) -> None:
    """RDF/XML, all graphs merged, subjects sorted."""
    graph = _SortedGraph()
    bind_prefixes(graph)
    for triple in sorted(union_graph(dataset), key=lambda t: tuple(map(_term_key, t))):
        graph.add(triple)
    write_atomically(path, graph.serialize(format="xml", encoding="utf-8"))
