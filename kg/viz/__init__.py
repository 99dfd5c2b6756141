"""The interactive graph: actors and their relations as one self-contained, offline HTML page.

:mod:`kg.viz.graph` takes the actors and relations of :mod:`kg.actors` and filters them
as asked; :mod:`kg.viz.style` decides colours, sizes and layout; :mod:`kg.viz.page`
renders the page through ``kg/templates/graph.html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from kg.errors import ExportError
from kg.files import write_atomically
from kg.viz.graph import DEFAULT_MAX_ACTORS, actor_graph, find_actor
from kg.viz.page import TEMPLATES, render_html, script_json
from kg.viz.style import relation_label


def visualize(
    source: Path | str | Graph,
    output: Path | str,
    *,
    actor: str | None = None,
    depth: int = 1,
    min_confidence: float = 0.0,
    relations: Sequence[str] = (),
    max_actors: int = DEFAULT_MAX_ACTORS,
) -> Path:
    """Write the graph's actors and relations as one interactive, offline HTML page.

    At most ``max_actors`` actors are drawn (0: all), the best-connected first; the page
    says how many it left out and how to see them.
    """
    output = Path(output)
    if output.suffix.lower() not in {".html", ".htm"}:
        raise ExportError(f"{output} is not an .html file; give an output ending in .html.")
    graph = actor_graph(
        source,
        actor=actor,
        depth=depth,
        min_confidence=min_confidence,
        relations=relations,
        max_actors=max_actors,
    )
    source_name = Path(source).name if isinstance(source, Path | str) else "in-memory graph"
    html = render_html(graph, source_name)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, html.encode("utf-8"))
    except OSError as error:
        raise ExportError(
            f"cannot write {output} ({error.strerror}); choose a writable path."
        ) from error
    return output


__all__ = [
    "DEFAULT_MAX_ACTORS",
    "TEMPLATES",
    "actor_graph",
    "find_actor",
    "relation_label",
    "render_html",
    "script_json",
    "visualize",
]
