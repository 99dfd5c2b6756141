"""The interactive graph: actors and their relations as one self-contained, offline HTML page.

A graph becomes a networkx ``MultiDiGraph`` of actors and the direct relations between
them, each relation carrying the evidence of its ``nkg:Assertion`` nodes; pyvis turns that
into vis-network nodes and edges, rendered through our own template (pyvis's template links
bootstrap and vis-network from CDNs) with vis-network's script and style inlined from the
copy pyvis ships. Everything taken from an article reaches the page only inside escaped
JSON and is drawn on the canvas or set with ``textContent``, so markup in a name or a
sentence never runs.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import ExportError, KgError
from kg.namespaces import NKG, NKG_IRI
from kg.rdf import choose_labels

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "graph.html"

# Legend order; the colour of each actor class (fill; the border is a darker shade).
ACTOR_CLASSES: dict[str, str] = {
    "Person": "#f4a261",
    "Country": "#4c78a8",
    "Organization": "#e45756",
    "Place": "#54a24b",
    "Group": "#9d6fd0",
}

# One fixed colour per relation: cooperative ones blue/green, hostile ones warm, structural
# ones grey, so a user learns the palette once for every graph.
RELATION_COLOURS: dict[str, str] = {
    "meetsWith": "#2563eb",
    "visits": "#0891b2",
    "hosts": "#7c3aed",
    "signsAgreementWith": "#15803d",
    "praises": "#ca8a04",
    "supports": "#0d9488",
    "cooperatesWith": "#4d7c0f",
    "providesTo": "#c026d3",
    "criticizes": "#ea580c",
    "rejects": "#b45309",
    "threatens": "#dc2626",
    "sanctions": "#9f1239",
    "attacks": "#7f1d1d",
    "leaderOf": "#475569",
    "officialOf": "#94a3b8",
    "relativeOf": "#db2777",
    "allyOf": "#1e3a8a",
    "locatedIn": "#a8a29e",
    "partyTo": "#78716c",
}
OTHER_RELATION_COLOUR = "#6b7280"  # a relation added to the ontology after this palette

SYMMETRIC_RELATIONS = frozenset(
    {"meetsWith", "signsAgreementWith", "cooperatesWith", "relativeOf", "allyOf"}
)
ROLE_RELATIONS: dict[str, str] = {"leaderOf": "leader", "officialOf": "official"}

# nkg: properties that describe articles and assertions, never a relation between actors.
_NOT_RELATIONS = frozenset(
    {
        "evidence",
        "confidence",
        "trigger",
        "attributedTo",
        "modality",
        "rule",
        "support",
        "mentions",
        "surfaceForm",
        "contentHash",
        "cameoCode",
        "actorRelation",
    }
)
_ASSERTION_PROPERTIES = frozenset(
    {
        RDF.subject,
        RDF.predicate,
        RDF.object,
        PROV.wasDerivedFrom,
        NKG.evidence,
        NKG.confidence,
        NKG.support,
        NKG.modality,
        NKG.attributedTo,
    }
)
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Any scheme-qualified web address; the page must not contain one, even in a comment.
_WEB_ADDRESS = re.compile(r"(https?):(//)", re.IGNORECASE)

STABILIZATION_ITERATIONS = 200
LAYOUT_SEED = 7
# vis-network's "improvedLayout" clusters big graphs with Kamada-Kawai first, which takes
# seconds on a thousand nodes; the force layout alone settles them well enough.
IMPROVED_LAYOUT_MAX_NODES = 150


@dataclass(frozen=True)
class Evidence:
    """One sentence stating a relation, with the article it came from."""

    sentence: str
    title: str  # dcterms:title of the article, or its IRI when it has none
    article: str  # the article IRI
    confidence: float | None
    attributed_to: str | None  # the speaker's label when the sentence reports a claim


@dataclass(frozen=True)
class Actor:
    """A node of the picture: an actor with its label, aliases and roles."""

    iri: str
    kind: str  # an ACTOR_CLASSES key
    label: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]  # e.g. "leader of Russia"


@dataclass(frozen=True)
class Relation:
    """An edge of the picture: one direct relation triple and the evidence for it."""

    subject: str
    relation: str  # local name of the nkg: property
    object: str
    confidence: float | None  # the highest confidence of its assertions; None without any
    support: int  # sentences stating it, summed over articles; 0 without assertions
    evidence: tuple[Evidence, ...]

    @property
    def symmetric(self) -> bool:
        """Whether the relation has no direction (meetsWith, allyOf, ...)."""
        return self.relation in SYMMETRIC_RELATIONS


@dataclass(frozen=True)
class _Facts:
    """Everything the picture needs, read from the graph in one pass."""

    actors: dict[str, Actor]
    relations: tuple[Relation, ...]


def _quads(source: Graph) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    # A Dataset yields each triple once per named graph holding it, which is what counting
    # the articles that used a surface form needs; a plain graph is one anonymous graph.
    if isinstance(source, Dataset):
        for s, p, o, g in source.quads((None, None, None, None)):
            yield s, p, o, g
    else:
        for s, p, o in source:
            yield s, p, o, None


def _relation_name(predicate: Node) -> str | None:
    text = str(predicate)
    if not isinstance(predicate, URIRef) or not text.startswith(NKG_IRI):
        return None
    name = text[len(NKG_IRI) :]
    return None if name in _NOT_RELATIONS else name


def _edge_keys(direct: set[tuple[str, str, str]], actors: set[str]) -> set[tuple[str, str, str]]:
    # A symmetric relation stored in both directions (e.g. after reasoning) is one edge,
    # kept in sorted direction; stored once, it keeps the direction the graph gave it.
    return {
        (s, name, o)
        for s, name, o in direct
        if s in actors
        and o in actors
        and not (name in SYMMETRIC_RELATIONS and o < s and (o, name, s) in direct)
    }


def _find_key(
    keys: set[tuple[str, str, str]], subject: str, relation: str, obj: str
) -> tuple[str, str, str] | None:
    if (subject, relation, obj) in keys:
        return subject, relation, obj
    if relation in SYMMETRIC_RELATIONS and (obj, relation, subject) in keys:
        return obj, relation, subject
    return None


def _as_float(node: Node | None) -> float | None:
    if not isinstance(node, Literal):
        return None
    try:
        return float(node.toPython())
    except (TypeError, ValueError):
        return None


def _as_int(node: Node | None, default: int) -> int:
    value = _as_float(node)
    return default if value is None else int(value)


def _read_facts(source: Graph) -> _Facts:
    """Actors, labels, direct relations and their evidence, from any graph of ours."""
    kinds: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    alt_labels: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, set[tuple[str, Node | None]]] = defaultdict(set)
    titles: dict[str, set[str]] = defaultdict(set)
    direct: set[tuple[str, str, str]] = set()
    assertions: dict[Node, dict[object, set[Node]]] = defaultdict(lambda: defaultdict(set))
    actor_classes: dict[Node, str] = {NKG[name]: name for name in ACTOR_CLASSES}

    for s, p, o, g in _quads(source):
        if p == RDF.type:
            if o in actor_classes:
                kinds[str(s)].add(actor_classes[o])
        elif p in _ASSERTION_PROPERTIES:
            assertions[s][p].add(o)
        elif p == RDFS.label:
            labels[str(s)].add(str(o))
        elif p == SKOS.altLabel:
            alt_labels[str(s)].add(str(o))
        elif p == NKG.surfaceForm:
            forms[str(s)].add((str(o), g))
        elif p == DCTERMS.title:
            titles[str(s)].add(str(o))
        elif isinstance(s, URIRef) and isinstance(o, URIRef):
            name = _relation_name(p)
            if name is not None:
                direct.add((str(s), name, str(o)))

    # Without the store-wide labels graph (one article's graph, say) fall back on the same
    # rule the store uses: the fullest surface form, counted over the graphs that used it.
    form_counts: dict[str, dict[str, int]] = {}
    for iri, seen in forms.items():
        counts: dict[str, int] = defaultdict(int)
        for form, _graph in seen:
            counts[form] += 1
        form_counts[iri] = dict(counts)
    derived = choose_labels(form_counts)

    names: dict[str, tuple[str, tuple[str, ...]]] = {}
    for iri in kinds:
        if labels.get(iri):
            label = min(labels[iri])
            names[iri] = (label, tuple(sorted(alt_labels.get(iri, set()) - {label})))
        elif iri in derived:
            names[iri] = derived[iri]
        else:
            names[iri] = (iri.rstrip("/").rsplit("/", 1)[-1], ())
    actor_iris = set(kinds)

    keys = _edge_keys(direct, actor_iris)
    evidence: dict[tuple[str, str, str], set[Evidence]] = defaultdict(set)
    confidences: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    supports: dict[tuple[str, str, str], int] = defaultdict(int)
    for props in assertions.values():
        subjects, predicates, objects = props[RDF.subject], props[RDF.predicate], props[RDF.object]
        if len(subjects) != 1 or len(predicates) != 1 or len(objects) != 1:
            continue  # not an nkg:Assertion of ours
        modality = next(iter(props[NKG.modality]), NKG.Asserted)
        name = _relation_name(next(iter(predicates)))
        if modality != NKG.Asserted or name is None:
            continue  # negated and hypothetical statements have no direct triple to back
        key = _find_key(keys, str(next(iter(subjects))), name, str(next(iter(objects))))
        if key is None:
            continue
        confidence = _as_float(next(iter(props[NKG.confidence]), None))
        if confidence is not None:
            confidences[key].append(confidence)
        supports[key] += _as_int(next(iter(props[NKG.support]), None), 1)
        speaker = next(iter(props[NKG.attributedTo]), None)
        speaker_label = names.get(str(speaker), (str(speaker), ()))[0] if speaker else None
        for article in props[PROV.wasDerivedFrom] or {URIRef("")}:
            title = min(titles[str(article)]) if titles.get(str(article)) else str(article)
            for sentence in props[NKG.evidence]:
                evidence[key].add(
                    Evidence(str(sentence), title, str(article), confidence, speaker_label)
                )

    roles: dict[str, set[str]] = defaultdict(set)
    for holder, name, held in keys:
        if name in ROLE_RELATIONS:
            roles[holder].add(f"{ROLE_RELATIONS[name]} of {names[held][0]}")

    actors = {
        iri: Actor(
            iri=iri,
            kind=min(kinds[iri], key=list(ACTOR_CLASSES).index),
            label=names[iri][0],
            aliases=names[iri][1],
            roles=tuple(sorted(roles.get(iri, ()))),
        )
        for iri in sorted(actor_iris)
    }
    relations = tuple(
        Relation(
            subject=s,
            relation=name,
            object=o,
            confidence=max(confidences[(s, name, o)]) if confidences.get((s, name, o)) else None,
            support=supports.get((s, name, o), 0),
            evidence=tuple(
                sorted(
                    evidence.get((s, name, o), ()),
                    key=lambda e: (-(e.confidence or 0.0), e.title, e.sentence, e.article),
                )
            ),
        )
        for s, name, o in sorted(keys)
    )
    return _Facts(actors, relations)


def _check_relations(wanted: Sequence[str], present: set[str]) -> set[str]:
    known = set(RELATION_COLOURS) | present
    by_folded = {name.casefold(): name for name in known}
    chosen: set[str] = set()
    for raw in wanted:
        name = raw.strip().removeprefix("nkg:")
        if name.casefold() not in by_folded:
            listing = " ".join(sorted(known))
            raise KgError(f"--relation {raw!r} is not a relation; use one of: {listing}.")
        chosen.add(by_folded[name.casefold()])
    return chosen


def find_actor(actors: Sequence[Actor], name: str) -> Actor:
    """The actor a user means by a label, alias, IRI or key, case-insensitively."""
    folded = name.strip().casefold()
    # An IRI or a key ("person/vladimir-putin") names one actor even when labels collide.
    by_iri = [
        a
        for a in actors
        if "/" in folded and (a.iri.casefold() == folded or a.iri.casefold().endswith("/" + folded))
    ]
    by_label = [a for a in actors if a.label.casefold() == folded]
    by_alias = [a for a in actors if folded in (alias.casefold() for alias in a.aliases)]
    for matches in (by_iri, by_label, by_alias):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listing = ", ".join(f"{a.label} ({a.iri})" for a in matches)
            raise KgError(f"--actor {name!r} matches several actors: {listing}; give its IRI.")
    raise KgError(
        f"--actor {name!r} matches no actor's label or alias in the graph; "
        "check the spelling or run `kg query` to list the actors."
    )


def actor_graph(
    source: Path | Graph,
    *,
    actor: str | None = None,
    depth: int = 1,
    min_confidence: float = 0.0,
    relations: Sequence[str] = (),
) -> nx.MultiDiGraph:
    """The actors and direct relations of a graph as networkx, filtered as the CLI asks.

    Nodes are actor IRIs with ``label``, ``kind``, ``aliases`` and ``roles``; edges are
    keyed by relation name and carry ``confidence``, ``support``, ``symmetric`` and
    ``evidence``. A relation or confidence filter keeps only the actors it leaves
    connected; ``actor`` keeps those within ``depth`` hops of that actor.
    """
    if depth < 0:
        raise KgError(f"--depth {depth} is negative; give 0 or more hops.")
    if not 0.0 <= min_confidence <= 1.0:
        raise KgError(f"--min-confidence {min_confidence} is outside [0, 1]; give e.g. 0.5.")
    if isinstance(source, Path | str):
        from kg.store import load_dataset

        source = load_dataset(source)
    facts = _read_facts(source)
    wanted = _check_relations(relations, {r.relation for r in facts.relations})
    kept = [
        r
        for r in facts.relations
        if (not wanted or r.relation in wanted)
        and (min_confidence == 0.0 or (r.confidence or 0.0) >= min_confidence)
    ]
    nodes = set(facts.actors)
    centre: str | None = None
    if wanted or min_confidence > 0.0:
        nodes = {r.subject for r in kept} | {r.object for r in kept}
    if actor is not None:
        centre = find_actor(list(facts.actors.values()), actor).iri
        links = nx.Graph()
        links.add_node(centre)
        links.add_edges_from((r.subject, r.object) for r in kept)
        nodes = set(nx.single_source_shortest_path_length(links, centre, cutoff=depth))
        kept = [r for r in kept if r.subject in nodes and r.object in nodes]

    graph = nx.MultiDiGraph(
        centre=centre,
        depth=depth if actor is not None else None,
        min_confidence=min_confidence,
        relations=sorted(wanted),
    )
    for iri in sorted(nodes):
        a = facts.actors[iri]
        graph.add_node(iri, label=a.label, kind=a.kind, aliases=a.aliases, roles=a.roles)
    for r in kept:
        graph.add_edge(
            r.subject,
            r.object,
            key=r.relation,
            relation=r.relation,
            confidence=r.confidence,
            support=r.support,
            symmetric=r.symmetric,
            evidence=r.evidence,
        )
    return graph


def relation_label(name: str) -> str:
    """The words an edge shows: ``signsAgreementWith`` -> ``signs agreement with``."""
    return _CAMEL_HUMP.sub(" ", name).lower()


def _darker(colour: str, factor: float = 0.72) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (red, green, blue)))


def _node_size(degree: int) -> float:
    # Square root so hubs stand out without swallowing their neighbours; capped for the
    # few actors (Russia, the United States) that touch everything.
    return round(min(56.0, 12.0 + 5.0 * math.sqrt(degree)), 2)


def _smooth(position: int, forward: bool) -> dict[str, Any] | bool:
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


def _vis_options(node_count: int, edge_count: int) -> dict[str, Any]:
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    # On big graphs a coarser Barnes-Hut approximation (theta) and no overlap avoidance
    # cut the cost of each iteration (1,000 actors on 2 busy cores: 2.3-4 s, was 4.6-10 s).
    large = node_count > IMPROVED_LAYOUT_MAX_NODES
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": not large},
        "physics": {
            "enabled": True,
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


def _page_meta(graph: nx.MultiDiGraph, source_name: str) -> dict[str, Any]:
    class_counts: dict[str, int] = defaultdict(int)
    for _iri, kind in graph.nodes(data="kind"):
        class_counts[kind] += 1
    relation_counts: dict[str, int] = defaultdict(int)
    for _s, _o, name in graph.edges(data="relation"):
        relation_counts[name] += 1
    order = list(RELATION_COLOURS)
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
            for name, colour in ACTOR_CLASSES.items()
        ],
        "relations": [
            {
                "name": name,
                "label": relation_label(name),
                "color": RELATION_COLOURS.get(name, OTHER_RELATION_COLOUR),
                "symmetric": name in SYMMETRIC_RELATIONS,
                "count": relation_counts[name],
            }
            for name in sorted(
                relation_counts, key=lambda n: (order.index(n) if n in order else len(order), n)
            )
        ],
        "maxSupport": max((s for _a, _b, s in graph.edges(data="support")), default=0),
    }


def _to_pyvis(graph: nx.MultiDiGraph) -> Any:
    """A pyvis network of the actor graph: styled nodes and edges in sorted order."""
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    degrees = dict(graph.degree())
    for iri, data in sorted(graph.nodes(data=True)):
        colour = ACTOR_CLASSES[data["kind"]]
        border = _darker(colour)
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
            size=_node_size(degrees[iri]),
            kind=data["kind"],
            aliases=list(data["aliases"]),
            roles=list(data["roles"]),
            degree=degrees[iri],
        )
    pair_positions: dict[tuple[str, str], int] = defaultdict(int)
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
    for index, (subject, obj, name, data) in enumerate(edges):
        pair = (min(subject, obj), max(subject, obj))
        position = pair_positions[pair]
        pair_positions[pair] += 1
        colour = RELATION_COLOURS.get(name, OTHER_RELATION_COLOUR)
        support = data["support"]
        net.add_edge(
            subject,
            obj,
            id=f"e{index}",
            label=relation_label(name),
            relation=name,
            color={"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
            font={"color": _darker(colour, 0.85)},
            arrows={"to": {"enabled": not data["symmetric"], "scaleFactor": 0.7}},
            smooth=_smooth(position, forward=subject == pair[0]),
            width=round(1.4 + 0.6 * math.log2(max(support, 1)), 2),
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
    net.options = _vis_options(graph.number_of_nodes(), graph.number_of_edges())
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


def _write_atomically(output: Path, text: str) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{output.name}.", suffix=".tmp", dir=output.parent
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        # mkstemp makes the file private (0600); a page is meant to be opened and shared.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def visualize(
    source: Path | Graph | Dataset,
    output: Path,
    *,
    actor: str | None = None,
    depth: int = 1,
    min_confidence: float = 0.0,
    relations: Sequence[str] = (),
) -> Path:
    """Write the graph's actors and relations as one interactive, offline HTML page."""
    output = Path(output)
    if output.suffix.lower() not in {".html", ".htm"}:
        raise ExportError(f"{output} is not an .html file; give an output ending in .html.")
    graph = actor_graph(
        source, actor=actor, depth=depth, min_confidence=min_confidence, relations=relations
    )
    source_name = Path(source).name if isinstance(source, Path | str) else "in-memory graph"
    html = render_html(graph, source_name)
    try:
        _write_atomically(output, html)
    except OSError as error:
        raise ExportError(
            f"cannot write {output} ({error.strerror}); choose a writable path."
        ) from error
    return output
