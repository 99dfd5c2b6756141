"""How the picture looks: class and relation colours, edge words, sizes, curves, physics.

The colours are presentation, but which relations and classes there are is the
ontology's to say: each palette below is a list of colours dealt out in an order the
ontology decides (actor classes in EntityKind order; relations by CAMEO code within
cooperative, conflictual and standing groups), so no relation or class is named here.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any

from kg.ontology import Relation, load_ontology

# Fill colours for the actor classes, in the ontology's class order (Person, Country,
# Organization, Place, Group); the border is a darker shade.
CLASS_PALETTE = ("#f4a261", "#4c78a8", "#e45756", "#54a24b", "#9d6fd0")
OTHER_CLASS_COLOUR = "#9ca3af"  # an actor class added to the ontology after this palette

# One fixed colour per relation, so a user learns the palette once for every graph:
# cooperative ones (CAMEO 01-08) blue/green, conflictual ones (09-20) warm, standing
# ones (no CAMEO code: roles, family, alliance, location) mostly grey.
COOPERATIVE_PALETTE = (
    "#2563eb",
    "#0891b2",
    "#7c3aed",
    "#0d9488",
    "#ca8a04",
    "#15803d",
    "#4d7c0f",
    "#c026d3",
)
CONFLICT_PALETTE = ("#ea580c", "#b45309", "#dc2626", "#9f1239", "#7f1d1d")
STANDING_PALETTE = ("#1e3a8a", "#475569", "#a8a29e", "#94a3b8", "#78716c", "#db2777")
OTHER_RELATION_COLOUR = "#6b7280"  # a relation added to the ontology after its palette
_LAST_COOPERATIVE_CAMEO = 8

STABILIZATION_ITERATIONS = 200
LAYOUT_SEED = 7
# vis-network's "improvedLayout" clusters big graphs with Kamada-Kawai first, which takes
# seconds on a thousand nodes; the force layout alone settles them well enough.
IMPROVED_LAYOUT_MAX_NODES = 150
# Above this many connected actors the layout is computed in Python (networkx), so the
# page opens still; up to the second figure networkx's dense solver needs no scipy and
# takes well under a second. Outside that range the browser lays the graph out.
PYTHON_LAYOUT_NODES = (IMPROVED_LAYOUT_MAX_NODES, 499)
# Strong enough to keep the small components of an archive (two actors and a relation)
# beside the main one instead of strewn around it.
LAYOUT_GRAVITY = 5.0
NEIGHBOUR_SPACING = 80.0  # canvas pixels between an actor and its nearest one, typically

_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")


@cache
def class_colours() -> dict[str, str]:
    """Each actor class's local name and fill colour, in legend order."""
    classes = [c.name for c in load_ontology().actor_classes]
    return {
        name: CLASS_PALETTE[i] if i < len(CLASS_PALETTE) else OTHER_CLASS_COLOUR
        for i, name in enumerate(classes)
    }


def _group(relation: Relation) -> int:
    if not relation.cameo:
        return 2
    return 0 if int(relation.cameo[:2]) <= _LAST_COOPERATIVE_CAMEO else 1


@cache
def relation_colours() -> dict[str, str]:
    """Each ontology relation's local name and colour, in legend order."""
    palettes = (COOPERATIVE_PALETTE, CONFLICT_PALETTE, STANDING_PALETTE)
    colours: dict[str, str] = {}
    for group, palette in enumerate(palettes):
        members = sorted(
            (r for r in load_ontology().relations if _group(r) == group),
            key=lambda r: (r.cameo, r.name),
        )
        for i, relation in enumerate(members):
            colours[relation.name] = palette[i] if i < len(palette) else OTHER_RELATION_COLOUR
    return colours


def relation_colour(name: str) -> str:
    """The colour of a relation's edges and legend swatch."""
    return relation_colours().get(name, OTHER_RELATION_COLOUR)


def relation_label(name: str) -> str:
    """The words an edge shows: ``signsAgreementWith`` -> ``signs agreement with``."""
    return _CAMEL_HUMP.sub(" ", name).lower()


def darker(colour: str, factor: float = 0.72) -> str:
    """A darker shade of a ``#rrggbb`` colour."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (red, green, blue)))


def node_size(degree: int) -> float:
    """A node's radius from its degree."""
    # Square root so hubs stand out without swallowing their neighbours; capped for the
    # few actors (Russia, the United States) that touch everything.
    return round(min(56.0, 12.0 + 5.0 * math.sqrt(degree)), 2)


def edge_width(support: int) -> float:
    """An edge's width from the number of sentences stating it."""
    return round(1.4 + 0.6 * math.log2(max(support, 1)), 2)


def python_layout(graph: Any) -> dict[str, tuple[float, float]]:
    """Canvas positions for a graph's connected nodes, or ``{}`` when the browser should
    lay it out. The unconnected ones go in rows below the picture."""
    import networkx as nx
    import numpy as np

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from((s, o) for s, o in graph.edges() if s != o)
    connected = sorted(n for n in simple if simple.degree(n))
    low, high = PYTHON_LAYOUT_NODES
    if not low < len(connected) <= high:
        return {}
    # ForceAtlas2 (the browser's own solver) from a fixed seed on sorted nodes: the same
    # graph gives the same page; its gravity keeps small components near the main one.
    raw = nx.forceatlas2_layout(
        simple.subgraph(connected), max_iter=100, gravity=LAYOUT_GRAVITY, seed=LAYOUT_SEED
    )
    # Scaled so the typical actor sits NEIGHBOUR_SPACING from its nearest neighbour: dots
    # and labels do not overlap, whatever units the solver ended in.
    points = np.array([raw[n] for n in connected], dtype=float)
    gaps = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(gaps, np.inf)
    scale = NEIGHBOUR_SPACING / max(float(np.median(gaps.min(axis=1))), 1e-9)
    positions = {
        n: (round(float(x) * scale, 1), round(float(y) * scale, 1))
        for n, (x, y) in zip(connected, points, strict=True)
    }
    spread = max(abs(x) for x, _y in positions.values())
    bottom = max(y for _x, y in positions.values()) + 120.0
    columns = max(1, round(math.sqrt(len(simple) - len(connected)) * 1.5))
    for index, node in enumerate(n for n in sorted(simple) if n not in positions):
        row, column = divmod(index, columns)
        positions[node] = (round(-spread + 60.0 * column, 1), round(bottom + 60.0 * row, 1))
    return positions


def smooth(position: int, forward: bool) -> dict[str, Any] | bool:
    """The curve of the ``position``-th edge between one pair (0: straight)."""
    # Parallel edges between one pair fan out on alternate sides with growing roundness;
    # static curves add no physics bodies (dynamic ones would slow big graphs to a crawl).
    if position == 0:
        return False
    clockwise = position % 2 == 1
    if not forward:  # vis bends relative to from -> to; keep sides fixed per pair
        clockwise = not clockwise
    return {
        "enabled": True,
        "type": "curvedCW" if clockwise else "curvedCCW",
        "roundness": round(0.22 * ((position + 1) // 2), 2),
    }


def vis_options(node_count: int, edge_count: int, *, laid_out: bool = False) -> dict[str, Any]:
    """vis-network options: forces, stabilisation, interaction, default styles.

    ``laid_out``: the nodes carry positions computed in Python, so the page starts still,
    with physics off.
    """
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    # On big graphs a coarser Barnes-Hut approximation (theta) and no overlap avoidance
    # cut the cost of each iteration (1,000 actors on 2 busy cores: 2.3-4 s, was 4.6-10 s).
    large = node_count > IMPROVED_LAYOUT_MAX_NODES
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": not large and not laid_out},
        "physics": {
            "enabled": not laid_out,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.012,
                "springLength": 130,
                "springConstant": 0.06,
                "damping": 0.5,
                "theta": 0.8 if large else 0.5,
                "avoidOverlap": 0.0 if large else 0.3,
            },
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "timestep": 0.5,
            "stabilization": {
                "enabled": True,
                "iterations": STABILIZATION_ITERATIONS,
                "updateInterval": 20,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": True,
            "selectConnectedEdges": True,
            "tooltipDelay": 200,
            "hideEdgesOnDrag": edge_count > 1500,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 2,
            "borderWidthSelected": 3,
            "font": {"size": 15, "face": font, "strokeWidth": 4, "strokeColor": "#ffffff"},
        },
        "edges": {
            "width": 1.6,
            "selectionWidth": 2.5,
            "hoverWidth": 1.5,
            "smooth": False,
            "arrowStrikethrough": False,
            "font": {"size": 11, "face": font, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
    }
