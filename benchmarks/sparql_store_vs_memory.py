"""Named queries on the on-disk Oxigraph store versus rdflib's in-memory Dataset.

Synthesises articles through the real RDF stage (``kg.rdf.article_graph``) until the
dataset holds ``--triples`` triples (default one million): entities drawn from a Zipf-like
distribution (a few actors in most stories, a long tail in few), every relation of the
ontology, asserted, negated, hedged and attributed claims, dated and undated articles.
Loads the same quads into a GraphStore folder (article by article, as ``kg build`` does)
and into an rdflib Dataset, runs every named query on both, checks the answers agree and
prints load and query times side by side.

    .venv/bin/python benchmarks/sparql_store_vs_memory.py [--triples N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TypeVar

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import ResultRow
from rdflib.term import Node

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.namespaces import DEFAULT_BASE, ENTITIES_GRAPH_KEY, bind_prefixes, iri_for
from kg.rdf import article_graph, article_iri, choose_labels, label_triples
from kg.records import (
    Article,
    ArticleExtraction,
    Claim,
    Entity,
    EntityKind,
    Modality,
)
from kg.sparql import PREFIXES, bind_params, execute, named_queries, parse_param
from kg.store import GraphStore, to_oxigraph
from kg.summaries import summary_graph

T = TypeVar("T")
PUT_SAMPLE = 500

# (relation, subject kinds, object kinds): the shapes the ontology allows.
ACTORS = (EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.GROUP)
RELATIONS: tuple[tuple[str, tuple[EntityKind, ...], tuple[EntityKind, ...]], ...] = (
    ("meetsWith", (EntityKind.PERSON,), (EntityKind.PERSON,)),
    ("visits", (EntityKind.PERSON,), (EntityKind.PLACE, EntityKind.COUNTRY)),
    ("hosts", (EntityKind.PERSON, EntityKind.COUNTRY), (EntityKind.PERSON,)),
    ("signsAgreementWith", ACTORS, ACTORS),
    ("praises", ACTORS, ACTORS),
    ("supports", ACTORS, ACTORS),
    ("cooperatesWith", ACTORS, ACTORS),
    ("providesTo", ACTORS, ACTORS),
    ("criticizes", ACTORS, ACTORS),
    ("rejects", ACTORS, ACTORS),
    ("threatens", ACTORS, ACTORS),
    ("sanctions", (EntityKind.COUNTRY, EntityKind.ORGANIZATION), ACTORS),
    ("attacks", ACTORS, (EntityKind.COUNTRY, EntityKind.PLACE, EntityKind.GROUP)),
    ("leaderOf", (EntityKind.PERSON,), (EntityKind.COUNTRY, EntityKind.ORGANIZATION)),
    ("officialOf", (EntityKind.PERSON,), (EntityKind.COUNTRY, EntityKind.ORGANIZATION)),
    ("relativeOf", (EntityKind.PERSON,), (EntityKind.PERSON,)),
    ("allyOf", (EntityKind.COUNTRY,), (EntityKind.COUNTRY,)),
    ("locatedIn", (EntityKind.PLACE,), (EntityKind.PLACE, EntityKind.COUNTRY)),
    ("partyTo", ACTORS, (EntityKind.AGREEMENT,)),
)
POOL_SIZES = {
    EntityKind.PERSON: 4000,
    EntityKind.COUNTRY: 190,
    EntityKind.ORGANIZATION: 1200,
    EntityKind.PLACE: 1500,
    EntityKind.GROUP: 120,
    EntityKind.AGREEMENT: 400,
}
SYLLABLES = (
    "ka", "lo", "mi", "ra", "su", "te", "vo", "an", "el", "is", "or", "un",
    "be", "da", "fi", "go", "ha", "ju", "ne", "pe", "ri", "sa", "to", "we",
)  # fmt: skip
TRIGGERS = {"meetsWith": "met", "visits": "visited", "hosts": "hosted", "attacks": "struck"}


def _name(rng: random.Random, parts: int) -> str:
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(parts)]
    return " ".join(word.capitalize() for word in words)


class Pool:
    """Entities of each kind, drawn with Zipf-like weights: a few are in most stories."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.entities: dict[EntityKind, list[Entity]] = {}
        self.weights: dict[EntityKind, list[float]] = {}
        for kind, size in POOL_SIZES.items():
            entities = []
            for index in range(size):
                parts = 2 if kind is EntityKind.PERSON else rng.randint(1, 3)
                label = _name(rng, parts)
                # People are often named by surname alone; some names have variant spellings.
                aliases = (label.split()[-1],) if kind is EntityKind.PERSON else ()
                if index % 7 == 0:
                    aliases = (*aliases, label.replace(" ", "-"))
                key = f"{kind.value}/{kind.value[:3]}-{index:05d}"
                entities.append(Entity(key, kind, label, tuple(sorted(set(aliases)))))
            self.entities[kind] = entities
            self.weights[kind] = [1.0 / (rank + 1) ** 1.1 for rank in range(size)]

    def draw(self, kinds: tuple[EntityKind, ...]) -> Entity:
        """One entity of one of ``kinds``."""
        kind = self.rng.choice(kinds)
        return self.rng.choices(self.entities[kind], self.weights[kind])[0]


def synthesise(pool: Pool, index: int) -> ArticleExtraction:
    """One article's extraction with realistic variety."""
    rng = pool.rng
    claims: list[Claim] = []
    entities: dict[str, Entity] = {}
    for _ in range(rng.randint(3, 10)):
        relation, subject_kinds, object_kinds = rng.choice(RELATIONS)
        subject, obj = pool.draw(subject_kinds), pool.draw(object_kinds)
        if subject.key == obj.key:
            continue
        entities[subject.key], entities[obj.key] = subject, obj
        roll = rng.random()
        modality = (
            Modality.NEGATED
            if roll < 0.08
            else Modality.HYPOTHETICAL
            if roll < 0.2
            else Modality.ASSERTED
        )
        speaker = pool.draw((EntityKind.PERSON,)) if rng.random() < 0.2 else None
        if speaker is not None:
            entities[speaker.key] = speaker
        trigger = TRIGGERS.get(relation, relation.lower())
        sentence = f"{subject.label} {trigger} {obj.label} ({index})."
        claims.append(
            Claim(
                subject.key,
                relation,
                obj.key,
                sentence,
                trigger,
                rng.choice(("svo", "passive", "apposition-role", "noun-of")),
                round(rng.uniform(0.5, 1.0), 3),
                modality,
                speaker.key if speaker else None,
                rng.randint(1, 3),
            )
        )
    date = None if rng.random() < 0.05 else f"{rng.randint(2022, 2024)}-{rng.randint(1, 12):02d}-15"
    title = f"Story {index}: {claims[0].sentence if claims else 'nothing happened'}"
    article = Article(
        f"bench-{index:07d}", title, "(synthetic)", f"bench/{index}.txt", f"h{index}", date
    )
    return ArticleExtraction(article, tuple(entities.values()), tuple(claims))


@dataclass(frozen=True)
class Synthetic:
    """One synthesised article: its IRI, extraction and RDF graph."""

    iri: URIRef
    extraction: ArticleExtraction
    graph: Graph


def _rdflib_rows(dataset: Dataset, sparql: str) -> list[tuple[Node | None, ...]]:
    rows: list[tuple[Node | None, ...]] = []
    for row in dataset.query(sparql, initNs=PREFIXES):
        assert isinstance(row, ResultRow)  # every named query is a SELECT
        rows.append(tuple(row))
    return rows


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def _cell(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        # Engines spell an aggregate's decimal differently ("1" vs "1.0"): compare values.
        return f"{Decimal(str(term)).normalize()}^^decimal"
    return str(to_oxigraph(term))


def _normalise(rows: list[tuple[Node | None, ...]]) -> list[tuple[str, ...]]:
    # Compare by N-Triples form, decimals by value.
    return [tuple(_cell(term) for term in row) for row in rows]


def main(argv: list[str] | None = None) -> int:
    """Build the dataset, load both engines, run every named query, print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="dataset size to reach")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", type=Path, help="store folder [default: a temporary one]")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    pool = Pool(rng)

    def article_graphs() -> Iterator[Synthetic]:
        total, index = 0, 0
        while total < args.triples:
            extraction = synthesise(pool, index)
            graph = article_graph(extraction)
            total += len(graph)
            index += 1
            yield Synthetic(article_iri(extraction.article.id), extraction, graph)

    (graphs, build_time) = _timed(lambda: list(article_graphs()))
    forms: dict[str, dict[str, int]] = {}
    for item in graphs:
        for entity in item.extraction.entities:
            counts = forms.setdefault(iri_for(entity.key), {})
            for form in (entity.label, *entity.aliases):
                counts[form] = counts.get(form, 0) + 1
    labels = list(label_triples(choose_labels(forms)))
    triples = sum(len(item.graph) for item in graphs) + len(labels)
    print(f"synthesised {len(graphs):,} articles, {triples:,} triples in {build_time:.1f}s")

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        folder = args.store or Path(scratch) / "store"

        def load_store() -> GraphStore:
            # bulk_extend skips per-article transactions: the fastest way in for a big load.
            with GraphStore.open(folder) as store:
                store.bulk_add_quads(
                    (s, p, o, item.iri) for item in graphs for s, p, o in item.graph
                )
                store.refresh_labels()
                store.ensure_summaries()  # what put_article keeps up to date, computed at once
            return GraphStore.open(folder, read_only=True)

        def put_sample() -> int:
            # What `kg build` does per article: hash check, then one transaction each.
            with GraphStore.open(Path(scratch) / "put") as store:
                for item in graphs[:PUT_SAMPLE]:
                    store.put_article(str(item.iri), item.graph)
                return min(PUT_SAMPLE, len(graphs))

        def load_memory() -> Dataset:
            dataset = Dataset(default_union=True)
            bind_prefixes(dataset)
            for item in graphs:
                named = dataset.graph(item.iri)
                named.addN((s, p, o, named) for s, p, o in item.graph)
            entities = dataset.graph(URIRef(iri_for(ENTITIES_GRAPH_KEY)))
            entities.addN((s, p, o, entities) for s, p, o in labels)
            # The same tallies as the store's (rdflib would take minutes to aggregate them).
            tallies = dataset.graph(URIRef(summary_graph(DEFAULT_BASE)))
            tallies.addN((s, p, o, tallies) for s, p, o, _ in tally_quads)
            return dataset

        store, store_load = _timed(load_store)
        tally_quads = store.select(
            f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"VALUES ?g {{ <{summary_graph(DEFAULT_BASE)}> }} }}"
        )
        put_count, put_time = _timed(put_sample)
        dataset, memory_load = _timed(load_memory)
        memory_quads = sum(len(graph) for graph in dataset.graphs())
        print(f"\n{'load':<22} {'oxigraph':>10} {'rdflib':>10} {'ratio':>8}")
        print(f"{'quads':<22} {store.quad_count():>10,} {memory_quads:>10,}")
        print(
            f"{'seconds':<22} {store_load:>10.2f} {memory_load:>10.2f}"
            f" {memory_load / store_load:>7.1f}x"
        )
        print(
            f"(put_article, one transaction per article: {put_count / put_time:,.0f} articles/s"
            f" over the first {put_count:,})"
        )
        if store.quad_count() != memory_quads:
            print("QUAD COUNTS DIFFER")
            return 1

        # Parameters: the two busiest people, looked up on the store itself.
        top = execute(
            store,
            "SELECT ?label (COUNT(*) AS ?n) WHERE { ?a rdf:subject ?x . ?x a nkg:Person ; "
            "rdfs:label ?label } GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 2",
        )
        first, second = (str(row[0]) for row in top.rows)
        params = {"a": first, "b": second, "actor": first}

        print(f"\n{'query':<22} {'oxigraph':>10} {'rdflib':>10} {'ratio':>8} {'rows':>6}")
        failures = 0
        for query in named_queries():
            bound = {name: parse_param(params[name]) for name, _ in query.params}
            text = bind_params(query.text, bound)
            ox_result, ox_time = _timed(partial(execute, store, text))
            rdf_rows, rdf_time = _timed(partial(_rdflib_rows, dataset, text))
            ours, theirs = _normalise(list(ox_result.rows)), _normalise(rdf_rows)
            same = sorted(ours) == sorted(theirs)
            failures += not same
            if not same:  # show what differs, so a disagreement can be read
                only_ox = sorted(set(ours) - set(theirs))[:3]
                only_rdf = sorted(set(theirs) - set(ours))[:3]
                print(f"  {query.name}: only oxigraph {only_ox}\n  only rdflib {only_rdf}")
            print(
                f"{query.name:<22} {ox_time:>10.3f} {rdf_time:>10.3f}"
                f" {rdf_time / max(ox_time, 1e-6):>7.1f}x {len(ox_result.rows):>6}"
                f"{'' if same else '  ANSWERS DIFFER'}"
            )
        store.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
