"""The queries shipped in ``ontologies/queries``: each a ``.rq`` file with a description.

A file's first line is a ``# description`` comment and ``# param NAME: what it is``
lines declare its parameters; :func:`kg.sparql.run_query` binds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import GraphError
from kg.ontology import ONTOLOGY_DIR

QUERIES_DIR = ONTOLOGY_DIR / "queries"
_PARAM_LINE = re.compile(r"^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")


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


def list_named_queries(param_prefix: str = "") -> str:
    """One line per named query (name and description), then one per parameter.

    ``param_prefix`` goes before each ``NAME=VALUE`` (a command line says its option).
    """
    queries = named_queries()
    width = max((len(query.name) for query in queries), default=0)
    lines = []
    for query in queries:
        lines.append(f"{query.name.ljust(width)}  {query.description}")
        for param, meaning in query.params:
            lines.append(f"{''.ljust(width)}    {param_prefix}{param}=VALUE  {meaning}")
    return "\n".join(lines)
