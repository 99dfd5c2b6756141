"""Score a graph against a gold folder, by the rules of ``shared/eval/README.md``.

Names on both sides are compared after :func:`normalize_name`; a predicted entity is an
actor of the graph's :mod:`kg.actors` view and matches a gold entity through its label and
aliases; a predicted relation is an edge of that view (a direct actor-relation triple) and
matches a gold row through its endpoints' names, in either direction for symmetric
properties. The :class:`Report` keeps every miss, false positive, forbidden hit and
duplicate so that a failure can be read, not just counted.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import ConjunctiveGraph, Graph
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from kg.actors import Actor, ActorGraph, Edge, load_actor_graph
from kg.namespaces import NKG
from kg.ontology import load_ontology
from kg.scoring.gold import Gold, GoldEntity, GoldRelation, Status, read_gold
from kg.scoring.report import (
    Duplicate,
    Evidence,
    ForbiddenHit,
    PredictedEntity,
    Prediction,
    Report,
    Scores,
    TypeMismatch,
)
from kg.vocab import normalize_name


def _names(actor: Actor) -> frozenset[str]:
    return frozenset(normalize_name(name) for name in actor.names)


def _entity(actor: Actor) -> PredictedEntity:
    return PredictedEntity(actor.iri, actor.label, actor.types)


def _prediction(graph: ActorGraph, edge: Edge) -> Prediction:
    # Evidence by article title and sentence; the edge already pools a symmetric fact's
    # assertions made in either direction.
    evidence = {Evidence(item.title, item.sentence) for item in edge.evidence}
    return Prediction(
        _entity(graph.by_iri[edge.subject]),
        edge.relation,
        _entity(graph.by_iri[edge.object]),
        tuple(sorted(evidence, key=lambda item: (item.article, item.sentence))),
    )


def _endpoint_names(gold: Gold) -> dict[str, frozenset[str]]:
    """For each normalised gold name used in relations, every name that counts for it."""
    by_canonical: dict[str, frozenset[str]] = {}
    by_any: dict[str, set[str]] = defaultdict(set)
    for entity in gold.entities:
        by_canonical[normalize_name(entity.canonical)] = entity.names
        for name in entity.names:
            by_any[name].update(entity.names)
    expanded: dict[str, frozenset[str]] = {}
    for row in gold.relations:
        for name in (*row.subjects, *row.objects):
            key = normalize_name(name)
            # A relation names an entity by its canonical name; an alias or a name missing
            # from entities.tsv still counts as itself.
            expanded[key] = (
                by_canonical.get(key) or frozenset(by_any.get(key, ())) or frozenset({key})
            )
    return expanded


def _row_matches(
    row: GoldRelation,
    subject: frozenset[str],
    obj: frozenset[str],
    symmetric: bool,
    expanded: dict[str, frozenset[str]],
) -> bool:
    subjects = frozenset().union(*(expanded[normalize_name(n)] for n in row.subjects))
    objects = frozenset().union(*(expanded[normalize_name(n)] for n in row.objects))
    if subject & subjects and obj & objects:
        return True
    return symmetric and bool(obj & subjects and subject & objects)


def _score_entities(
    gold: Gold, graph: ActorGraph
) -> tuple[
    Scores,
    tuple[Duplicate, ...],
    tuple[GoldEntity, ...],
    tuple[PredictedEntity, ...],
    tuple[TypeMismatch, ...],
]:
    by_name: dict[str, list[GoldEntity]] = defaultdict(list)
    for entity in gold.entities:
        for name in entity.names:
            by_name[name].append(entity)
    found: dict[GoldEntity, list[PredictedEntity]] = defaultdict(list)
    tp = fp = neutral = 0
    unmatched: list[PredictedEntity] = []
    mismatches: list[TypeMismatch] = []
    for actor in graph.actors:
        if not actor.is_actor:
            continue  # agreements are not scored as entities
        predicted = _entity(actor)
        matches = list(dict.fromkeys(g for name in _names(actor) for g in by_name.get(name, ())))
        for entity in matches:
            found[entity].append(predicted)
            if entity.type not in predicted.types:
                mismatches.append(TypeMismatch(entity.canonical, entity.type, predicted))
        if any(entity.status is Status.REQUIRED for entity in matches):
            tp += 1
        elif matches:
            neutral += 1  # only optional gold: neither rewarded nor penalised
        else:
            fp += 1
            unmatched.append(predicted)
    required = [entity for entity in gold.entities if entity.status is Status.REQUIRED]
    missed = [entity for entity in required if entity not in found]
    duplicates = [
        Duplicate(entity.canonical, tuple(sorted(entities, key=lambda e: (e.label, e.iri))))
        for entity, entities in found.items()
        if len(entities) > 1
    ]
    scores = Scores.of(tp, fp, neutral, len(required), len(required) - len(missed))
    return (
        scores,
        tuple(sorted(duplicates, key=lambda dup: dup.gold)),
        tuple(sorted(missed, key=lambda entity: entity.canonical)),
        tuple(sorted(unmatched, key=lambda entity: (entity.label, entity.iri))),
        tuple(sorted(mismatches, key=lambda m: (m.gold, m.entity.label, m.entity.iri))),
    )


def _row_order(row: GoldRelation) -> tuple[str, ...]:
    return (row.subject, row.relation, row.object, row.status.value, *row.articles)


def _prediction_order(prediction: Prediction) -> tuple[str, ...]:
    return (
        prediction.subject.label,
        prediction.relation,
        prediction.object.label,
        prediction.subject.iri,
        prediction.object.iri,
    )


_ARTICLE_SOURCES = """SELECT DISTINCT ?article ?source
WHERE { ?article a nkg:Article OPTIONAL { ?article dcterms:source ?source } }"""


def _graph_articles(graph: Path | str | Graph) -> set[str]:
    """The names the gold may use for the graph's articles: each source's file name
    without its extension, and the article's id (the last segment of its IRI)."""
    if isinstance(graph, Graph):
        # Every named graph of a dataset counts, whatever its default graph is.
        triples = (
            ((s, p, o) for s, p, o, _g in graph.quads((None, None, None, None)))
            if isinstance(graph, ConjunctiveGraph)
            else iter(graph)
        )
        articles: set[Node] = set()
        sources: dict[Node, Node] = {}
        for s, p, o in triples:
            if p == RDF.type and o == NKG.Article:
                articles.add(s)
            elif p == DCTERMS.source:
                sources[s] = o
        rows: list[tuple[Node | None, ...]] = [(a, sources.get(a)) for a in articles]
    else:
        from kg.sparql import run_query

        rows = [tuple(row) for row in run_query(graph, _ARTICLE_SOURCES).rows]
    names: set[str] = set()
    for article, source in rows:
        names.add(str(article).rstrip("/").rsplit("/", 1)[-1])  # an id, if no source
        if source is not None:
            names.add(Path(str(source).split("#", 1)[0]).stem)
    return names


def evaluate(gold_dir: Path, graph: Path | str | Graph) -> Report:
    """Score a graph (file, store folder or rdflib graph) against a gold folder."""
    gold = read_gold(gold_dir, load_ontology().symmetric)
    actors = load_actor_graph(graph)
    gold_articles = sorted({name for row in gold.relations for name in row.articles})
    in_graph = _graph_articles(graph)
    entity_scores, duplicates, missed_entities, unmatched, mismatches = _score_entities(
        gold, actors
    )

    expanded = _endpoint_names(gold)
    rows_by_relation: dict[str, list[GoldRelation]] = defaultdict(list)
    for row in gold.relations:
        rows_by_relation[row.relation].append(row)
    matched: set[GoldRelation] = set()
    tp = neutral = 0
    false_positives: list[Prediction] = []
    forbidden: list[ForbiddenHit] = []
    for edge in actors.edges:  # a symmetric fact is one edge however it is stored
        subject, obj = _names(actors.by_iri[edge.subject]), _names(actors.by_iri[edge.object])
        hits = [
            row
            for row in rows_by_relation.get(edge.relation, ())
            if _row_matches(row, subject, obj, edge.symmetric, expanded)
        ]
        required = [row for row in hits if row.status is Status.REQUIRED]
        banned = [row for row in hits if row.status is Status.FORBIDDEN]
        if required:
            tp += 1
            matched.update(required)
        elif banned:
            prediction = _prediction(actors, edge)
            forbidden.append(ForbiddenHit(prediction, tuple(sorted(banned, key=_row_order))))
        elif hits:
            neutral += 1
        else:
            false_positives.append(_prediction(actors, edge))
    required_rows = [row for row in gold.relations if row.status is Status.REQUIRED]
    missed = [row for row in required_rows if row not in matched]
    relation_scores = Scores.of(
        tp,
        len(false_positives) + len(forbidden),
        neutral,
        len(required_rows),
        len(required_rows) - len(missed),
    )
    return Report(
        gold=str(gold_dir),
        entities=entity_scores,
        relations=relation_scores,
        missed_relations=tuple(sorted(missed, key=_row_order)),
        false_positives=tuple(sorted(false_positives, key=_prediction_order)),
        forbidden_hits=tuple(sorted(forbidden, key=lambda hit: _prediction_order(hit.prediction))),
        duplicates=duplicates,
        missed_entities=missed_entities,
        unmatched_entities=unmatched,
        type_mismatches=mismatches,
        gold_articles=len(gold_articles),
        gold_articles_in_graph=sum(1 for name in gold_articles if name in in_graph),
    )
