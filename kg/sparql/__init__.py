"""SPARQL over a store folder or a graph file: parameters, read-only checks, entailments.

Every query runs on Oxigraph through :class:`kg.store.GraphStore` (the one module that
touches pyoxigraph) with the union of all named graphs as its default graph and the
project's prefixes already bound. Named queries are :mod:`kg.sparql.library`; answers are
formatted by :mod:`kg.sparql.results` and statistics counted by :mod:`kg.sparql.counts`
(their public names stay importable from here). Parameter values are bound as RDF terms
in N-Triples syntax, never pasted into the query text, so a quote in a name is just a quote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import GraphError
from kg.namespaces import DEFAULT_BASE, PREFIXES, iri_for
from kg.ontology import ONTOLOGY_FILE
from kg.sparql.counts import Stats, stats
from kg.sparql.library import (
    QUERIES_DIR,
    NamedQuery,
    list_named_queries,
    named_queries,
    named_query,
)
from kg.sparql.results import QueryResult, ResultKind, compact_iri, format_result, render_table
from kg.store import GraphStore, is_valid_iri, ntriples, open_for_query

__all__ = [
    "INFERRED_GRAPH",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "QUERIES_DIR",
    "NamedQuery",
    "QueryResult",
    "ResultKind",
    "Stats",
    "bind_params",
    "compact_iri",
    "execute",
    "format_result",
    "list_named_queries",
    "materialise_entailments",
    "named_queries",
    "named_query",
    "parse_param",
    "render_table",
    "run_query",
    "stats",
]

ONTOLOGY_GRAPH = "https://w3id.org/newskg/ontology"
INFERRED_GRAPH = iri_for("graph/inferred", DEFAULT_BASE)

_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ABSOLUTE_IRI = re.compile(r"^(?:https?|urn|file|ftp|mailto):\S+$")
_PREFIXED = re.compile(r"^([A-Za-z][\w-]*):(\S+)$")
_IRI_REF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A parameter's lower-case slot is its name with this after it (see bind_params).
LOWER_SUFFIX = "_lower"
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# What may precede a query's form: space, comments, PREFIX and BASE declarations.
_PROLOGUE = re.compile(
    r"\s+|#[^\n]*|PREFIX\s+[A-Za-z0-9_.-]*:\s*<[^>]*>|BASE\s*<[^>]*>", re.IGNORECASE
)
_UPDATE_KEYWORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
}


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
    problem = is_valid_iri(iri)
    if problem is not None:
        raise GraphError(f"parameter value {given!r} is not a valid IRI ({problem}).")
    return URIRef(iri)


def update_keyword(sparql: str) -> str | None:
    """The update operation (``DROP``, ``INSERT`` ...) a SPARQL text starts with, or None."""
    index = 0
    while match := _PROLOGUE.match(sparql, index):
        if match.end() == index:
            break
        index = match.end()
    word = _WORD.match(sparql, index)
    keyword = word.group().upper() if word else ""
    return keyword if keyword in _UPDATE_KEYWORDS else None


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
    the WHERE group. A slot ``VALUES ?name_lower { UNDEF }`` gets the value's text in
    lower case, for a lookup in the name index (``nkg:nameKey``): one index read, where
    comparing ``LCASE`` of every label reads them all (Oxigraph binds a value computed
    in the query only after reading the whole index). Terms are printed by Oxigraph in
    N-Triples syntax (quotes, backslashes and newlines escaped), so user text can never
    end the literal and change the query. Oxigraph's own substitution would demand every
    parameter in the SELECT projection; plain text also runs unchanged on any other
    SPARQL engine.
    """
    for name, term in sorted(params.items()):
        # Python's str.lower is SPARQL's LCASE (Unicode's default lower case); an IRI's
        # lower case is a string no name index holds.
        slotted = False
        for variable, value in ((name, term), (name + LOWER_SUFFIX, Literal(str(term).lower()))):
            slot = _slot(variable)
            if slot.search(sparql):
                block = f"VALUES ?{variable} {{ {ntriples(value)} }}"
                # re.sub reads backslashes in a replacement; N-Triples escapes must survive.
                sparql = slot.sub(block.replace("\\", "\\\\"), sparql)
                slotted = True
        if slotted:
            continue
        position = _where_group(sparql)
        if position is None:
            raise GraphError("the query has no WHERE group to bind parameter values in; add one.")
        block = f"VALUES ?{name} {{ {ntriples(term)} }}"
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
        raise GraphError("give either SPARQL text or the name of a named query, not both.")
    if name is not None:
        chosen = named_query(name)
        text, label = chosen.text, f"named query {name}"
        declared = [param for param, _ in chosen.params]
        for param, meaning in chosen.params:
            if param not in params:
                raise GraphError(f"{label} needs the parameter {param} ({meaning}).")
        unknown = sorted(set(params) - set(declared))
    elif sparql is not None:
        text, label = _read_sparql(sparql)
        unknown = sorted(param for param in params if not _mentions_variable(text, param))
    else:
        raise GraphError("give a SPARQL query (text or a .rq file) or the name of a named query.")
    for param in sorted(params):
        if not _PARAM_NAME.match(param):
            raise GraphError(
                f"{param!r} is not a valid parameter name; use letters, digits and underscores."
            )
    if unknown:
        raise GraphError(
            f"{label} has no parameter {unknown[0]}; drop that parameter "
            "or use a variable of that name in the query."
        )
    keyword = update_keyword(text)
    if keyword is not None:
        raise GraphError(
            f"{label} is a SPARQL update ({keyword}), which would change the graph; "
            "give a SELECT, ASK, CONSTRUCT or DESCRIBE query."
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
    answer = store.answer(sparql)
    return QueryResult(ResultKind(answer.kind), answer.variables, answer.rows, answer.boolean)


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
        raise GraphError(f"{ontology} does not exist; reasoning needs the newskg ontology.")
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
