"""The page: an actor graph rendered as one self-contained, offline HTML file.

pyvis turns the networkx graph of :mod:`kg.viz.graph` into vis-network nodes and edges,
rendered through our own template (pyvis's template links bootstrap and vis-network from
CDNs) with vis-network's script and style inlined from the copy pyvis ships. Everything
taken from an article reaches the page only inside escaped JSON and is drawn on the
canvas or set with ``textContent``, so markup in a name or a sentence never runs.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg.viz.style import (
    class_colours,
    darker,
    edge_width,
    node_size,
    python_layout,
    relation_colour,
    relation_colours,
    relation_label,
    smooth,
    vis_options,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE_NAME = "graph.html"

# Any scheme-qualified web address; the page must not contain one, even in a comment.
_WEB_ADDRESS = re.compile(r"(https?):(//)", re.IGNORECASE)


def _page_meta(graph: nx.MultiDiGraph, source_name: str) -> dict[str, Any]:
    class_counts: dict[str, int] = defaultdict(int)
    for _iri, kind in graph.nodes(data="kind"):
        class_counts[kind] += 1
    relation_counts: dict[str, int] = defaultdict(int)
    symmetric: dict[str, bool] = {}
    for _s, _o, data in graph.edges(data=True):
        relation_counts[data["relation"]] += 1
        symmetric[data["relation"]] = data["symmetric"]
    order = list(relation_colours())
    centre = graph.graph.get("centre")
    return {
        "source": source_name,
        "filters": {
            "actor": graph.nodes[centre]["label"] if centre else None,
            "depth": graph.graph.get("depth"),
            "minConfidence": graph.graph.get("min_confidence", 0.0),
            "relations": graph.graph.get("relations", []),
        },
        "classes": [
            {"name": name, "color": colour, "count": class_counts.get(name, 0)}
            for name, colour in class_colours().items()
        ],
        "relations": [
            {
                "name": name,
                "label": relation_label(name),
                "color": relation_colour(name),
                "symmetric": symmetric[name],
                "count": relation_counts[name],
            }
            for name in sorted(
                relation_counts, key=lambda n: (order.index(n) if n in order else len(order), n)
            )
        ],
        "maxSupport": max((s for _a, _b, s in graph.edges(data="support")), default=0),
        "total": graph.graph.get("total", graph.number_of_nodes()),
        "hidden": graph.graph.get("hidden", {"connected": 0, "unconnected": 0}),
        "maxActors": graph.graph.get("max_actors", 0),
        "unconnected": sum(1 for _iri, degree in graph.degree() if degree == 0),
    }


def _to_pyvis(graph: nx.MultiDiGraph) -> Any:
    """A pyvis network of the actor graph: styled nodes and edges in sorted order."""
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    degrees = dict(graph.degree())
    positions = python_layout(graph)
    for iri, data in sorted(graph.nodes(data=True)):
        colour = class_colours()[data["kind"]]
        border = darker(colour)
        placed = {"x": positions[iri][0], "y": positions[iri][1]} if iri in positions else {}
        net.add_node(
            iri,
            label=data["label"],
            shape="dot",
            color={
                "background": colour,
                "border": border,
                "highlight": {"background": colour, "border": "#111827"},
                "hover": {"background": colour, "border": "#111827"},
            },
            size=node_size(degrees[iri]),
            kind=data["kind"],
            aliases=list(data["aliases"]),
            roles=list(data["roles"]),
            degree=degrees[iri],
            **placed,
        )
    pair_positions: dict[tuple[str, str], int] = defaultdict(int)
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
    for index, (subject, obj, name, data) in enumerate(edges):
        pair = (min(subject, obj), max(subject, obj))
        position = pair_positions[pair]
        pair_positions[pair] += 1
        colour = relation_colour(name)
        support = data["support"]
        net.add_edge(
            subject,
            obj,
            id=f"e{index}",
            label=relation_label(name),
            relation=name,
            color={"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
            font={"color": darker(colour, 0.85)},
            arrows={"to": {"enabled": not data["symmetric"], "scaleFactor": 0.7}},
            smooth=smooth(position, forward=subject == pair[0]),
            width=edge_width(support),
            symmetric=data["symmetric"],
            confidence=data["confidence"],
            support=support,
            evidence=[
                {
                    "sentence": e.sentence,
                    "title": e.title,
                    "article": e.article,
                    "confidence": e.confidence,
                    "attributedTo": e.attributed_to,
                }
                for e in data["evidence"]
            ],
        )
    net.options = vis_options(
        graph.number_of_nodes(), graph.number_of_edges(), laid_out=bool(positions)
    )
    return net


def script_json(value: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no tag, entity or web address."""
    if isinstance(value, str):
        value = json.loads(value)  # pyvis hands its options over already serialised
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # ensure_ascii already escapes U+2028/2029; "\/" is a valid JSON escape for "/", and
    # "://" can only occur inside a JSON string, so neither changes the parsed value.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("://", ":\\/\\/")


def _neutralise_addresses(code: str) -> str:
    # In vis-network the web addresses sit in licence comments and string literals (the SVG
    # namespace, an error message); writing "http:\/\/" keeps every string's value ("\/" is
    # "/" in JS strings, templates and regular expressions) and leaves comments readable.
    return _WEB_ADDRESS.sub(lambda m: f"{m.group(1)}:\\/\\/", code)


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified script and style from pyvis's package, made offline-safe."""
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    # Inlined as raw text: a closing tag inside would end the element early.
    if "</script" in script.lower() or "</style" in style.lower():
        raise RuntimeError(f"{folder} holds a closing tag; it cannot be inlined as is")
    return _neutralise_addresses(script), _neutralise_addresses(style)


def render_html(graph: nx.MultiDiGraph, source_name: str) -> str:
    """The self-contained page for an actor graph from :func:`actor_graph`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    net = _to_pyvis(graph)
    net.set_template_dir(f"{TEMPLATES}/", TEMPLATE_NAME)
    # Our own environment: autoescape on, and every value reaches the page either as our
    # escaped JSON or as vis-network's own code, never as raw article text.
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = lambda value: Markup(script_json(value))
    script, style = _vis_assets()
    env.globals.update(
        vis_js=Markup(script),
        vis_css=Markup(style),
        meta=_page_meta(graph, source_name),
    )
    net.templateEnv = env
    html: str = net.generate_html()
    leaked = _WEB_ADDRESS.search(html)
    if leaked:  # a bug in this module, not the user's input: keep the traceback
        start = max(leaked.start() - 40, 0)
        raise RuntimeError(f"web address left in the page: {html[start : leaked.end() + 40]!r}")
    return html
