"""A query's answer as text: an aligned table, or SPARQL 1.1 CSV, TSV and JSON results."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import GraphError
from kg.namespaces import PREFIXES
from kg.store import ntriples

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ResultKind(StrEnum):
    """The three shapes a SPARQL answer takes."""

    SELECT = "select"
    ASK = "ask"
    GRAPH = "graph"  # CONSTRUCT and DESCRIBE, shown as subject/predicate/object rows


@dataclass(frozen=True)
class QueryResult:
    """A query's answer as rdflib terms: rows for SELECT and graphs, a boolean for ASK."""

    kind: ResultKind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None


# -- formatting --------------------------------------------------------------------------

_NUMERIC = {str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.float)}
# Longest namespace first, so nkgr:person/x never shows as a longer prefix's partial match.
_COMPACT = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact_iri(iri: str) -> str:
    """An IRI shortened with the project's prefixes (``nkg:meetsWith``), else unchanged."""
    for prefix, namespace in _COMPACT:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    # Labels as-is, but a newline or tab inside one would break the columns.
    return _CONTROL.sub(" ", str(term))


def _is_number(term: Node | None) -> bool:
    return isinstance(term, Literal) and str(term.datatype) in _NUMERIC


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[Node | None]], *, footer: bool = True
) -> str:
    """Rows as aligned, human-readable columns; numbers right-aligned."""
    cells = [[_cell(term) for term in row] for row in rows]
    widths = [
        max([len(header), *(len(row[index]) for row in cells)])
        for index, header in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    for row, text in zip(rows, cells, strict=True):
        padded = [
            value.rjust(width) if _is_number(term) else value.ljust(width)
            for term, value, width in zip(row, text, widths, strict=True)
        ]
        lines.append("  ".join(padded).rstrip())
    if footer:
        lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv_value(term: Node | None) -> str:
    # SPARQL 1.1 TSV writes terms in Turtle syntax; N-Triples is a subset, escapes included.
    return "" if term is None else ntriples(term)


def _json_value(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = str(term.datatype)
    return value


def format_result(result: QueryResult, fmt: str) -> str:
    """The answer as ``table``, ``csv``, ``tsv`` or ``json`` (SPARQL 1.1 results formats)."""
    if fmt == "table":
        if result.kind is ResultKind.ASK:
            return f"{str(result.boolean).lower()}\n"
        return render_table(result.variables, result.rows)
    if fmt == "json":
        document: dict[str, object]
        if result.kind is ResultKind.ASK:
            document = {"head": {}, "boolean": result.boolean}
        else:
            bindings = [
                {
                    var: _json_value(term)
                    for var, term in zip(result.variables, row, strict=True)
                    if term is not None
                }
                for row in result.rows
            ]
            document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, as the spec asks
        if result.kind is ResultKind.ASK:
            writer.writerows([["boolean"], [str(result.boolean).lower()]])
        else:
            writer.writerow(result.variables)
            writer.writerows([_csv_value(term) for term in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "tsv":
        if result.kind is ResultKind.ASK:
            return f"?boolean\n{str(result.boolean).lower()}\n"
        lines = ["\t".join(f"?{var}" for var in result.variables)]
        lines.extend("\t".join(_tsv_value(term) for term in row) for row in result.rows)
        return "\n".join(lines) + "\n"
    raise GraphError(f"unknown result format {fmt!r}; use one of: table, csv, tsv, json.")
