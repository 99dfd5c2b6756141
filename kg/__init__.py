"""newskg: build a knowledge graph of who did what to whom from news articles.

The public API, used by the ``kg`` command and by notebooks alike::

    import kg
    summary = kg.build(["seeds"], "out")          # ingest -> nlp -> extract -> store
    rows = kg.query("out/store", "SELECT ...")    # SPARQL over a store or graph file
    kg.export("out/store", "out/graph.nt")        # any format of kg.exports.FORMATS

``import kg`` does no work: each function loads its stage on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "KgError",
    "build",
    "evaluate",
    "export",
    "export_formats",
    "extract_articles",
    "format_result",
    "list_named_queries",
    "load_graph",
    "named_queries",
    "push",
    "query",
    "read_articles",
    "stats",
    "stdin_formats",
    "validate",
    "visualize",
]

__version__ = "0.1.0"

# public name -> (module, attribute): resolved lazily so importing kg stays instant.
_API = {
    "build": ("kg.pipeline", "build"),
    "extract_articles": ("kg.parallel", "extract_articles"),
    "read_articles": ("kg.ingest", "read_articles"),
    "load_graph": ("kg.store", "load_dataset"),
    "query": ("kg.sparql", "run_query"),
    "export": ("kg.exports", "export"),
    "visualize": ("kg.viz", "visualize"),
    "evaluate": ("kg.scoring", "evaluate"),
    "validate": ("kg.shacl", "validate"),
    "push": ("kg.remote", "push"),
    "stats": ("kg.sparql.counts", "stats"),
    "named_queries": ("kg.sparql.library", "named_queries"),
    "list_named_queries": ("kg.sparql.library", "list_named_queries"),
    "format_result": ("kg.sparql.results", "format_result"),
    "stdin_formats": ("kg.ingest", "stdin_formats"),
    "KgError": ("kg.errors", "KgError"),
}


def export_formats() -> dict[str, str]:
    """Every export format by name, with what it writes (the table of kg.exports.FORMATS)."""
    from kg.exports import FORMATS

    return {name: fmt.description for name, fmt in FORMATS.items()}


def __getattr__(name: str) -> Any:
    if name in _API:
        module, attribute = _API[name]
        return getattr(import_module(module), attribute)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
