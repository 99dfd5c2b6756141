"""SPARQL over a store folder or a graph file, named queries, entailments and statistics.

Every query runs on Oxigraph (see :func:`kg.store.open_for_query`) with the union of all
named graphs as its default graph and the project's prefixes already bound. Named
queries live in ``ontologies/queries/<name>.rq``; their first line is a ``# description``
comment and ``# param NAME: what it is`` lines declare their parameters. Parameter values
are bound as RDF terms through Oxigraph's variable substitution, never pasted into the
query text, so a quote in a name is just a quote.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import GraphError
from kg.namespaces import DEFAULT_BASE, PREFIXES, iri_for
from kg.ontology import ONTOLOGY_DIR, ONTOLOGY_FILE
from kg.store import GraphStore, from_oxigraph, open_for_query, to_oxigraph

QUERIES_DIR = ONTOLOGY_DIR / "queries"
ONTOLOGY_GRAPH = "https://w3id.org/newskg/ontology"
INFERRED_GRAPH = iri_for("graph/inferred", DEFAULT_BASE)

_PARAM_LINE = re.compile(r"^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ABSOLUTE_IRI = re.compile(r"^(?:https?|urn|file|ftp|mailto):\S+$")
_PREFIXED = re.compile(r"^([A-Za-z][\w-]*):(\S+)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_IRI_REF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``ontologies/queries``: its name, description and parameters."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]  # (parameter, what it is)
    text: str


def named_queries(folder: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query in ``folder``, sorted by name."""
    found = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        first = lines[0] if lines else ""
        description = first.lstrip("#").strip() if first.startswith("#") else ""
        params = tuple(
            (match.group(1), match.group(2).strip())
            for match in map(_PARAM_LINE.match, lines)
            if match
        )
        found.append(NamedQuery(path.stem, description, params, text))
    return found


def named_query(name: str, folder: Path = QUERIES_DIR) -> NamedQuery:
    """The named query called ``name``, or a GraphError listing the names there are."""
    queries = {query.name: query for query in named_queries(folder)}
    if name not in queries:
        known = ", ".join(sorted(queries)) or "none"
        raise GraphError(f"there is no named query {name!r}; choose one of: {known}.")
    return queries[name]


def list_named_queries() -> str:
    """One line per named query: its name, description and ``--param`` names."""
    queries = named_queries()
    width = max((len(query.name) for query in queries), default=0)
    lines = []
    for query in queries:
        lines.append(f"{query.name.ljust(width)}  {query.description}")
        for param, meaning in query.params:
            lines.append(f"{''.ljust(width)}    --param {param}=VALUE  {meaning}")
    return "\n".join(lines)


def parse_param(value: str) -> Node:
    """A parameter value as an RDF term: an IRI, a number or date, or else a string."""
    if value.startswith("<") and value.endswith(">"):
        return _checked_iri(value[1:-1], value)
    if _ABSOLUTE_IRI.match(value):
        return _checked_iri(value, value)
    prefixed = _PREFIXED.match(value)
    if prefixed and prefixed.group(1) in PREFIXES:
        return _checked_iri(PREFIXES[prefixed.group(1)] + prefixed.group(2), value)
    if _INTEGER.match(value):
        return Literal(value, datatype=XSD.integer, normalize=False)
    if _DECIMAL.match(value):
        return Literal(value, datatype=XSD.decimal, normalize=False)
    if _DATE.match(value):
        return Literal(value, datatype=XSD.date, normalize=False)
    return Literal(value)


def _checked_iri(iri: str, given: str) -> URIRef:
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise GraphError(f"parameter value {given!r} is not a valid IRI ({error}).") from error
    return URIRef(iri)


def _read_sparql(sparql: str) -> tuple[str, str]:
    # A short one-line argument naming an existing file or ending in .rq is a file.
    looks_like_path = "\n" not in sparql and len(sparql) < 4096
    if looks_like_path and (sparql.endswith((".rq", ".sparql")) or Path(sparql).is_file()):
        path = Path(sparql)
        if not path.is_file():
            raise GraphError(f"query file {path} does not exist; give SPARQL text or a .rq file.")
        return path.read_text(encoding="utf-8"), f"query file {path}"
    return sparql, "the query"


def _mentions_variable(text: str, name: str) -> bool:
    return re.search(rf"[?$]{re.escape(name)}\b", text) is not None


def _skip_string(text: str, start: int) -> int:
    quote = text[start]
    delimiter = quote * 3 if text.startswith(quote * 3, start) else quote
    index = start + len(delimiter)
    while index < len(text):
        if text[index] == "\\":
            index += 2
        elif text.startswith(delimiter, index):
            return index + len(delimiter)
        else:
            index += 1
    return index


def _where_group(text: str) -> int | None:
    """The index of the ``{`` that opens the query's WHERE group (not a CONSTRUCT template)."""
    index, form, template_depth = 0, "", 0
    while index < len(text):
        char = text[index]
        if char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
        elif char in "\"'":
            index = _skip_string(text, index)
            continue
        elif char == "<" and (iri := _IRI_REF.match(text, index)):
            index = iri.end()
            continue
        elif char.isalpha():
            word = _WORD.match(text, index)
            assert word is not None
            keyword = word.group().upper()
            # ?select, $ask, ex:where and a prefix named "ask:" are names, not keywords.
            if text[index - 1 : index] in {"?", "$", ":"} or text[word.end() :].startswith(":"):
                keyword = ""
            if not form and keyword in {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}:
                form = keyword
            elif form == "CONSTRUCT" and keyword == "WHERE":
                form = "CONSTRUCT WHERE"  # the short form: its first group is the pattern
            index = word.end()
            continue
        elif char == "{":
            if form != "CONSTRUCT":
                return index
            template_depth += 1
        elif char == "}" and form == "CONSTRUCT":
            template_depth -= 1
            if template_depth == 0:
                form = "CONSTRUCT WHERE"  # the template is over; the next group is WHERE
        index += 1
    return None


def _slot(name: str) -> re.Pattern[str]:
    return re.compile(rf"VALUES\s+[?$]{re.escape(name)}\s*\{{\s*UNDEF\s*\}}", re.IGNORECASE)


def bind_params(sparql: str, params: Mapping[str, Node]) -> str:
    """The query with each parameter bound by a ``VALUES`` block of one RDF term.

    A query marks where a parameter binds with ``VALUES ?name { UNDEF }`` (valid SPARQL
    on its own), so a FILTER in a nested group sees it; without a slot the block opens
    the WHERE group. Terms are printed by Oxigraph in N-Triples syntax (quotes,
    backslashes and newlines escaped), so user text can never end the literal and
    change the query. Oxigraph's own substitution would demand every parameter in the
    SELECT projection; plain text also runs unchanged on any other SPARQL engine.
    """
    for name, term in sorted(params.items()):
        block = f"VALUES ?{name} {{ {to_oxigraph(term)} }}"
        slot = _slot(name)
        if slot.search(sparql):
            # re.sub reads backslashes in a replacement; the N-Triples escapes must survive.
            sparql = slot.sub(block.replace("\\", "\\\\"), sparql)
            continue
        position = _where_group(sparql)
        if position is None:
            raise GraphError("the query has no WHERE group to bind --param values in; add one.")
        sparql = f"{sparql[: position + 1]} {block}\n{sparql[position + 1 :]}"
    return sparql


def run_query(
    source: Path | str,
    sparql: str | None,
    *,
    name: str | None = None,
    params: Mapping[str, str] | None = None,
    reason: bool = False,
) -> QueryResult:
    """Run SPARQL text, a .rq file or a named query on a graph file or store folder."""
    params = dict(params or {})
    if sparql is not None and name is not None:
        raise GraphError("give either a SPARQL query or --name, not both.")
    if name is not None:
        chosen = named_query(name)
        text, label = chosen.text, f"named query {name}"
        declared = [param for param, _ in chosen.params]
        for param, meaning in chosen.params:
            if param not in params:
                raise GraphError(f"{label} needs --param {param}=VALUE ({meaning}).")
        unknown = sorted(set(params) - set(declared))
    elif sparql is not None:
        text, label = _read_sparql(sparql)
        unknown = sorted(param for param in params if not _mentions_variable(text, param))
    else:
        raise GraphError("give a SPARQL query (text or a .rq file) or --name; see kg query --list.")
    for param in sorted(params):
        if not _PARAM_NAME.match(param):
            raise GraphError(
                f"--param {param}=... is not a valid parameter name; "
                "use letters, digits and underscores."
            )
    if unknown:
        raise GraphError(
            f"{label} has no parameter {unknown[0]}; remove --param {unknown[0]}=... "
            "or use a variable of that name in the query."
        )
    text = bind_params(text, {key: parse_param(value) for key, value in params.items()})
    store = open_for_query(source)
    try:
        if reason:
            if store.path is not None:
                # Entailments go into a memory copy: querying never changes a store folder.
                disk, store = store, store.copy_to_memory()
                disk.close()
            materialise_entailments(store)
        try:
            return execute(store, text)
        except GraphError as error:
            raise GraphError(str(error).replace("the query", label, 1)) from error
    finally:
        store.close()


def execute(store: GraphStore, sparql: str) -> QueryResult:
    """Run SPARQL on an open store and collect the answer as a :class:`QueryResult`."""
    results = store.query(sparql)
    if isinstance(results, ox.QueryBoolean):
        return QueryResult(ResultKind.ASK, boolean=bool(results))
    if isinstance(results, ox.QueryTriples):
        triples: tuple[tuple[Node | None, ...], ...] = tuple(
            (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
            for t in results
        )
        return QueryResult(ResultKind.GRAPH, ("subject", "predicate", "object"), triples)
    variables = tuple(variable.value for variable in results.variables)
    rows = tuple(
        tuple(
            None if solution[index] is None else from_oxigraph(solution[index])
            for index in range(len(variables))
        )
        for solution in results
    )
    return QueryResult(ResultKind.SELECT, variables, rows)


# -- entailments -------------------------------------------------------------------------

# Only the two rule kinds queries rely on, as SPARQL updates over the ontology graph:
# owlrl's full OWL-RL closure would run in Python over an rdflib copy (minutes on a big
# store) and add thousands of triples nobody queries (owl:sameAs reflexivity, datatype
# axioms); these three updates stay in Oxigraph and add exactly the entailed relations.
# Inferred triples live in their own graph, so they never count as any article's, and
# only when no graph states them yet, so the union holds each entailment once.
_ENTAILMENT_RULES = (
    # owl:SymmetricProperty: ?s p ?o entails ?o p ?s.
    """INSERT {{ GRAPH <{inferred}> {{ ?o ?p ?s }} }}
    WHERE {{ GRAPH <{ontology}> {{ ?p a owl:SymmetricProperty }}
             GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ontology}> && !isLiteral(?o))
             FILTER NOT EXISTS {{ GRAPH ?h {{ ?o ?p ?s }} }} }}""",
    # rdfs:subPropertyOf (transitively): ?s p ?o entails ?s super ?o.
    """INSERT {{ GRAPH <{inferred}> {{ ?s ?super ?o }} }}
    WHERE {{ GRAPH <{ontology}> {{ ?p rdfs:subPropertyOf+ ?super }}
             GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ontology}>)
             FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?super ?o }} }} }}""",
    # rdfs:subClassOf (transitively): ?x a C entails ?x a super.
    """INSERT {{ GRAPH <{inferred}> {{ ?x a ?super }} }}
    WHERE {{ GRAPH <{ontology}> {{ ?class rdfs:subClassOf+ ?super FILTER(isIRI(?super)) }}
             GRAPH ?g {{ ?x a ?class }} FILTER(?g != <{ontology}>)
             FILTER NOT EXISTS {{ GRAPH ?h {{ ?x a ?super }} }} }}""",
)


def materialise_entailments(store: GraphStore, ontology: Path = ONTOLOGY_FILE) -> int:
    """Add symmetric, sub-property and subclass entailments; return how many were added."""
    if not ontology.is_file():
        raise GraphError(f"{ontology} does not exist; --reason needs the newskg ontology.")
    store.load_file(ontology, graph=ONTOLOGY_GRAPH)
    before = store.quad_count()
    rules = [
        rule.format(inferred=INFERRED_GRAPH, ontology=ONTOLOGY_GRAPH) for rule in _ENTAILMENT_RULES
    ]
    # A symmetric super-property can entail more sub-property triples: run to a fixpoint.
    while True:
        size = store.quad_count()
        for rule in rules:
            store.update(rule)
        if store.quad_count() == size:
            break
    return store.quad_count() - before


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
    return "" if term is None else str(to_oxigraph(term))


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


# -- statistics --------------------------------------------------------------------------

_STATS_QUERIES = {
    "articles": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a nkg:Article } }",
    "entities": """SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
        ?entity a ?class FILTER(?class NOT IN (nkg:Article, nkg:Assertion)) }
        GROUP BY ?class ORDER BY ?class""",
    # A relation is a distinct direct triple; an asserted Assertion always has one.
    "relations": """SELECT ?property (COUNT(*) AS ?n) WHERE {
        { SELECT DISTINCT ?s ?property ?o WHERE {
            ?a a nkg:Assertion ; nkg:modality nkg:Asserted ;
               rdf:subject ?s ; rdf:predicate ?property ; rdf:object ?o .
            ?s ?property ?o } } }
        GROUP BY ?property ORDER BY ?property""",
    "modalities": """SELECT ?modality (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?a a nkg:Assertion ; nkg:modality ?modality }
        GROUP BY ?modality ORDER BY ?modality""",
}


@dataclass(frozen=True)
class Stats:
    """What a graph holds: articles, entities by class, relations, assertions by modality."""

    articles: int
    quads: int
    entities_by_class: tuple[tuple[str, int], ...]
    relations_by_property: tuple[tuple[str, int], ...]
    assertions_by_modality: tuple[tuple[str, int], ...]

    def to_text(self) -> str:
        """The statistics as aligned tables, one per count."""
        sections = [
            render_table(
                ("graph", "count"),
                [
                    (Literal("articles"), Literal(self.articles)),
                    (Literal("quads"), Literal(self.quads)),
                ],
                footer=False,
            )
        ]
        for headers, counts in (
            (("class", "entities"), self.entities_by_class),
            (("property", "relations"), self.relations_by_property),
            (("modality", "assertions"), self.assertions_by_modality),
        ):
            rows = [(Literal(name), Literal(count)) for name, count in counts]
            rows.append((Literal("total"), Literal(sum(count for _, count in counts))))
            sections.append(render_table(headers, rows, footer=False))
        return "\n".join(sections)


def _counts(store: GraphStore, sparql: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (compact_iri(str(key)), int(str(count)))
        for key, count in store.select(sparql)
        if key is not None and count is not None
    )


def stats(source: Path | str) -> Stats:
    """Count a graph file's or store folder's articles, entities, relations and assertions."""
    with open_for_query(source) as store:
        ((articles,),) = store.select(_STATS_QUERIES["articles"])
        return Stats(
            articles=int(str(articles)),
            quads=store.quad_count(),
            entities_by_class=_counts(store, _STATS_QUERIES["entities"]),
            relations_by_property=_counts(store, _STATS_QUERIES["relations"]),
            assertions_by_modality=_counts(store, _STATS_QUERIES["modalities"]),
        )
