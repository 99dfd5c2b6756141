"""The picture's graph: the actors and relations of :mod:`kg.actors`, filtered as asked.

:func:`actor_graph` keeps the actors (agreements are not drawn) and their relations as a
networkx ``MultiDiGraph``, then applies the relation, confidence and neighbourhood
filters. A symmetric relation stays one edge, flagged ``symmetric`` and drawn without an
arrow: on a page one line between two actors already reads from both sides, and the
neighbourhood filter walks edges in both directions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.actors import Actor, ActorGraph, Edge, load_actor_graph
from kg.errors import KgError
from kg.ontology import load_ontology

# An archive holds thousands of actors, most named once and linked to nothing: a page
# draws the best-connected ones (and lists how many it left out and how to reach them).
DEFAULT_MAX_ACTORS = 300


def _check_relations(wanted: Sequence[str]) -> set[str]:
    known = {relation.name for relation in load_ontology().relations}
    by_folded = {name.casefold(): name for name in known}
    chosen: set[str] = set()
    for raw in wanted:
        name = raw.strip().removeprefix("nkg:")
        if name.casefold() not in by_folded:
            listing = " ".join(sorted(known))
            raise KgError(f"relation {raw!r} is not in the ontology; use one of: {listing}.")
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
            raise KgError(f"actor {name!r} matches several actors: {listing}; give its IRI.")
    raise KgError(
        f"actor {name!r} matches no actor's label or alias in the graph; "
        "check the spelling or list the actors with the top-actors query."
    )


def _capped(
    facts: ActorGraph,
    nodes: set[str],
    kept: list[Edge],
    max_actors: int,
    centre: str | None,
    unlisted: int = 0,
) -> tuple[set[str], list[Edge], dict[str, int]]:
    """At most ``max_actors`` nodes: the most connected first, then the unconnected
    (``unlisted`` more of them were not read: they are only counted)."""
    degree: dict[str, int] = dict.fromkeys(nodes, 0)
    for edge in kept:
        degree[edge.subject] += 1
        degree[edge.object] += 1
    connected = [iri for iri in nodes if degree[iri]]
    unconnected = [iri for iri in nodes if not degree[iri]]
    if max_actors <= 0 or len(nodes) + unlisted <= max_actors:
        return nodes, kept, {"connected": 0, "unconnected": 0}
    # The centre of a neighbourhood always stays; then degree, label and IRI decide.
    rank = sorted(
        connected,
        key=lambda iri: (iri != centre, -degree[iri], facts.by_iri[iri].label, iri),
    )
    # An actor whose every relation leads out of the picture would sit there unlinked:
    # it gives way to the next best-connected, until the picture is full of linked
    # actors or none is left (dropping an unlinked actor unlinks no other).
    drawn: set[str] = set()
    taken = 0
    while True:
        room = max_actors - len(drawn)
        drawn.update(rank[taken : taken + room])
        taken = min(len(rank), taken + room)
        inside = [e for e in kept if e.subject in drawn and e.object in drawn]
        linked = {e.subject for e in inside} | {e.object for e in inside} | {centre}
        unlinked = drawn - linked
        drawn -= unlinked
        if not unlinked or taken == len(rank):
            break
    room = max_actors - len(drawn)
    extra = sorted(unconnected, key=lambda iri: (facts.by_iri[iri].label, iri))[:room]
    drawn.update(extra)
    hidden = {
        "connected": len(connected) - len(drawn & set(connected)),
        "unconnected": len(unconnected) + unlisted - len(extra),
    }
    return drawn, [e for e in kept if e.subject in drawn and e.object in drawn], hidden


@dataclass(frozen=True)
class _Choice:
    nodes: set[str]
    kept: list[Edge]
    centre: str | None
    total: int  # actors left by the filters, before the cap
    hidden: dict[str, int]

    @property
    def keys(self) -> set[tuple[str, str, str]]:
        return {e.key for e in self.kept}


def _choose(
    facts: ActorGraph,
    actor: str | None,
    depth: int,
    min_confidence: float,
    wanted: set[str],
    max_actors: int,
) -> _Choice:
    """The actors and edges a page draws: filters first, then the cap."""
    kept = [
        e
        for e in facts.edges
        if (not wanted or e.relation in wanted)
        and (min_confidence == 0.0 or (e.confidence or 0.0) >= min_confidence)
    ]
    nodes = set(facts.by_iri)
    unlisted = facts.unlisted  # actors without relations, counted but not read
    centre: str | None = None
    if wanted or min_confidence > 0.0:
        nodes = {e.subject for e in kept} | {e.object for e in kept}
        unlisted = 0
    if actor is not None:
        centre = find_actor(facts.actors, actor).iri
        links = nx.Graph()
        links.add_node(centre)
        links.add_edges_from((e.subject, e.object) for e in kept)
        nodes = set(nx.single_source_shortest_path_length(links, centre, cutoff=depth))
        kept = [e for e in kept if e.subject in nodes and e.object in nodes]
        unlisted = 0
    total = len(nodes) + unlisted
    nodes, kept, hidden = _capped(facts, nodes, kept, max_actors, centre, unlisted)
    return _Choice(nodes, kept, centre, total, hidden)


def actor_graph(
    source: Path | str | Graph | ActorGraph,
    *,
    actor: str | None = None,
    depth: int = 1,
    min_confidence: float = 0.0,
    relations: Sequence[str] = (),
    max_actors: int = DEFAULT_MAX_ACTORS,
) -> nx.MultiDiGraph:
    """The actors and direct relations of a graph as networkx, filtered as the CLI asks.

    Nodes are actor IRIs with ``label``, ``kind``, ``aliases`` and ``roles``; edges are
    keyed by relation name and carry ``confidence``, ``support``, ``symmetric`` and
    ``evidence``. A relation or confidence filter keeps only the actors it leaves
    connected; ``actor`` keeps those within ``depth`` hops of that actor. At most
    ``max_actors`` are kept (0: all), the most connected first; the graph's ``hidden``
    attribute counts the connected and unconnected actors left out.
    """
    if depth < 0:
        raise KgError(f"depth {depth} is negative; give 0 or more hops.")
    if not 0.0 <= min_confidence <= 1.0:
        raise KgError(f"minimum confidence {min_confidence} is outside [0, 1]; give e.g. 0.5.")
    if max_actors < 0:
        raise KgError(f"at most {max_actors} actors is negative; give 0 (all) or more.")
    wanted = _check_relations(relations)

    def choose(read: ActorGraph) -> _Choice:
        return _choose(read.only_actors(), actor, depth, min_confidence, wanted, max_actors)

    if isinstance(source, ActorGraph):
        read = source
    elif min_confidence > 0.0:
        read = load_actor_graph(source)  # the filter needs every edge's confidence
    else:
        # From a store only the drawn edges' evidence is read (the choice needs none),
        # and, for a page of the best-connected actors, only the actors with relations:
        # unless those leave room for actors without (a small store), which are then read.
        def evidence(skeleton: ActorGraph) -> set[tuple[str, str, str]]:
            return choose(skeleton).keys

        read = ActorGraph((), ())
        if actor is None and max_actors > 0 and isinstance(source, Path | str):
            read = load_actor_graph(source, evidence_for=evidence, linked_only=True)
        if not read.actors or (
            read.unlisted and len(choose(read).nodes) < max_actors and not wanted
        ):
            read = load_actor_graph(source, evidence_for=evidence)
    facts = read.only_actors()
    choice = choose(read)

    graph = nx.MultiDiGraph(
        centre=choice.centre,
        depth=depth if actor is not None else None,
        min_confidence=min_confidence,
        relations=sorted(wanted),
        total=choice.total,
        hidden=choice.hidden,
        max_actors=max_actors,
    )
    for iri in sorted(choice.nodes):
        a = facts.by_iri[iri]
        graph.add_node(iri, label=a.label, kind=a.kind.class_name, aliases=a.aliases, roles=a.roles)
    for e in choice.kept:
        graph.add_edge(
            e.subject,
            e.object,
            key=e.relation,
            relation=e.relation,
            confidence=e.confidence,
            support=e.support,
            symmetric=e.symmetric,
            evidence=e.evidence,
        )
    return graph
