"""Score a graph against hand-made gold annotations, exactly as ``shared/eval/README.md`` rules.

A gold folder holds ``entities.tsv`` (canonical, type, status, aliases) and
``relations.tsv`` (article, subject, relation, object, status, evidence). Names on both
sides are compared after :func:`normalize_name`; a predicted entity matches a gold entity
through its ``rdfs:label`` and ``skos:altLabel`` values; a predicted relation is a direct
actor-relation triple and matches a gold row through its endpoints' names, in either
direction for symmetric properties. The :class:`Report` keeps every miss, false positive,
forbidden hit and duplicate so that a failure can be read, not just counted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import cast

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from kg.errors import GraphError, KgError
from kg.namespaces import NKG, NKG_IRI
from kg.ontology import ONTOLOGY_FILE
from kg.vocab import normalize_name


class GoldError(KgError):
    """A gold folder that is missing or has a malformed line."""


class Status(StrEnum):
    """How a gold row or entity counts in the score."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    FORBIDDEN = "forbidden"


# The ontology's relations between actors, scored as predictions; partyTo links an actor
# to an Agreement and is left out by the README's rule 3.
ACTOR_RELATIONS: frozenset[str] = frozenset(
    {
        "meetsWith",
        "visits",
        "hosts",
        "signsAgreementWith",
        "praises",
        "supports",
        "cooperatesWith",
        "providesTo",
        "criticizes",
        "rejects",
        "threatens",
        "sanctions",
        "attacks",
        "leaderOf",
        "officialOf",
        "relativeOf",
        "allyOf",
        "locatedIn",
    }
)
UNSCORED_RELATIONS: frozenset[str] = frozenset({"partyTo"})
# Used only when ontologies/newskg.ttl is absent; the ontology is the authority otherwise.
FALLBACK_SYMMETRIC: frozenset[str] = frozenset(
    {"meetsWith", "signsAgreementWith", "cooperatesWith", "relativeOf", "allyOf"}
)
ENTITY_CLASSES: tuple[str, ...] = ("Person", "Country", "Organization", "Place", "Group")
GOLD_TYPES: frozenset[str] = frozenset({*ENTITY_CLASSES, "Agreement"})

ENTITY_COLUMNS = ("canonical", "type", "status", "aliases")
RELATION_COLUMNS = ("article", "subject", "relation", "object", "status", "evidence")
# NKG's attributes are typed as plain objects; these are the terms this module reads.
_ASSERTION = URIRef(str(NKG.Assertion))
_MODALITY = URIRef(str(NKG.modality))
_EVIDENCE = URIRef(str(NKG.evidence))
_SURFACE_FORM = URIRef(str(NKG.surfaceForm))
_UNASSERTED = frozenset({URIRef(str(NKG.Negated)), URIRef(str(NKG.Hypothetical))})


def _nkg(local: str) -> URIRef:
    # Local names reach here only from ACTOR_RELATIONS / ENTITY_CLASSES, so NKG's closed
    # check is kept: indexing it fails on a term the namespace does not declare.
    return URIRef(str(NKG[local]))


def symmetric_relations(ontology: Path | None = None) -> frozenset[str]:
    """Local names of the nkg properties the ontology declares ``owl:SymmetricProperty``."""
    path = ontology or ONTOLOGY_FILE
    if not path.exists():
        if ontology is not None:
            raise GraphError(f"{path} does not exist; give the newskg ontology in Turtle.")
        return FALLBACK_SYMMETRIC
    return _symmetric_from_file(path.resolve(), path.stat().st_mtime_ns)


@cache
def _symmetric_from_file(path: Path, _mtime: int) -> frozenset[str]:
    # Keyed on the modification time too, so an edited ontology is read again.
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises many parser-specific types
        raise GraphError(f"{path} is not valid Turtle: {error}".splitlines()[0]) from error
    return frozenset(
        str(prop).removeprefix(NKG_IRI)
        for prop in graph.subjects(RDF.type, OWL.SymmetricProperty)
        if str(prop).startswith(NKG_IRI)
    )


# --- gold ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    """One gold entity with every name that counts for it."""

    canonical: str
    type: str
    status: Status
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        """The normalised canonical name and aliases."""
        return frozenset(normalize_name(name) for name in (self.canonical, *self.aliases))


@dataclass(frozen=True)
class GoldRelation:
    """One pooled gold row: alternatives for each end, and where the gold found it."""

    subjects: tuple[str, ...]
    relation: str
    objects: tuple[str, ...]
    status: Status
    articles: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def subject(self) -> str:
        """The subject alternatives as the gold writes them."""
        return "|".join(self.subjects)

    @property
    def object(self) -> str:
        """The object alternatives as the gold writes them."""
        return "|".join(self.objects)


@dataclass(frozen=True)
class Gold:
    """A whole gold folder: pooled entities and pooled relation rows."""

    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def _rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    # The last column (aliases, evidence) may be blank; an editor that strips the
    # trailing tab leaves one field fewer, which still reads unambiguously.
    if not path.is_file():
        raise GoldError(
            f"{path} does not exist; a gold folder needs entities.tsv and relations.tsv."
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path} cannot be read as UTF-8 text ({error}).") from error
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) == len(columns) - 1:
            fields.append("")
        if len(fields) != len(columns):
            raise GoldError(
                f"{path}:{number}: expected {len(columns)} tab-separated fields "
                f"({', '.join(columns)}) but found {len(fields)}; fix the line or start it with #."
            )
        yield number, fields


def _status(value: str, allowed: Iterable[Status], where: str) -> Status:
    choices = tuple(allowed)
    if value not in {status.value for status in choices}:
        names = ", ".join(status.value for status in choices)
        raise GoldError(f"{where}: status {value!r} is not one of {names}; use one of them.")
    return Status(value)


def _alternatives(value: str, where: str, column: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in value.split("|") if name.strip())
    if not names:
        raise GoldError(f"{where}: the {column} is empty; give a name (alternatives with |).")
    return names


def _read_entities(path: Path) -> tuple[GoldEntity, ...]:
    pooled: dict[str, GoldEntity] = {}
    for number, (canonical, kind, status_text, aliases_text) in _rows(path, ENTITY_COLUMNS):
        where = f"{path}:{number}"
        if not canonical:
            raise GoldError(f"{where}: the canonical name is empty; give the entity's name.")
        if kind not in GOLD_TYPES:
            raise GoldError(
                f"{where}: type {kind!r} is not one of {', '.join(sorted(GOLD_TYPES))}; "
                "use an ontology class name."
            )
        status = _status(status_text, (Status.REQUIRED, Status.OPTIONAL), where)
        aliases = tuple(alias.strip() for alias in aliases_text.split("|") if alias.strip())
        key = normalize_name(canonical)
        previous = pooled.get(key)
        if previous is not None:
            # The same entity listed twice (e.g. merged gold sets) is one entity; required
            # in either listing means required.
            merged = Status.REQUIRED if Status.REQUIRED in (status, previous.status) else status
            aliases = tuple(dict.fromkeys((*previous.aliases, *aliases)))
            pooled[key] = GoldEntity(previous.canonical, previous.type, merged, aliases)
        else:
            pooled[key] = GoldEntity(canonical, kind, status, aliases)
    return tuple(pooled.values())


def _read_relations(path: Path, symmetric: frozenset[str]) -> tuple[GoldRelation, ...]:
    pooled: dict[tuple[object, ...], GoldRelation] = {}
    known = ACTOR_RELATIONS | UNSCORED_RELATIONS
    for number, fields in _rows(path, RELATION_COLUMNS):
        article, subject_text, relation, object_text, status_text, evidence = fields
        where = f"{path}:{number}"
        if relation not in known:
            raise GoldError(
                f"{where}: relation {relation!r} is not an nkg actor relation; "
                "use a property local name such as meetsWith."
            )
        status = _status(status_text, Status, where)
        subjects = _alternatives(subject_text, where, "subject")
        objects = _alternatives(object_text, where, "object")
        if relation in UNSCORED_RELATIONS:
            continue  # no prediction is ever scored against it (README rule 3)
        ends: object = (
            frozenset(normalize_name(name) for name in subjects),
            frozenset(normalize_name(name) for name in objects),
        )
        if relation in symmetric:
            ends = frozenset(cast("tuple[frozenset[str], frozenset[str]]", ends))  # A-B = B-A
        key = (relation, ends, status)
        previous = pooled.get(key)
        articles = (previous.articles if previous else ()) + ((article,) if article else ())
        evidences = (previous.evidence if previous else ()) + ((evidence,) if evidence else ())
        pooled[key] = GoldRelation(
            previous.subjects if previous else subjects,
            relation,
            previous.objects if previous else objects,
            status,
            tuple(sorted(set(articles))),
            tuple(dict.fromkeys(evidences)),
        )
    return tuple(pooled.values())


def read_gold(gold_dir: Path, symmetric: frozenset[str] | None = None) -> Gold:
    """Read and pool a gold folder; a malformed line raises :class:`GoldError`."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError(
            f"{folder} is not a folder; give a gold folder with entities.tsv and relations.tsv."
        )
    sym = symmetric_relations() if symmetric is None else symmetric
    return Gold(
        _read_entities(folder / "entities.tsv"),
        _read_relations(folder / "relations.tsv", sym),
    )


# --- report -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 with the counts they come from."""

    precision: float
    recall: float
    f1: float
    tp: int  # predictions matching required gold
    fp: int  # predictions matching nothing, or a forbidden row
    neutral: int  # predictions matching only optional gold: in neither count
    required: int  # required gold items: the recall denominator
    matched: int  # required gold items matched by at least one prediction


@dataclass(frozen=True)
class PredictedEntity:
    """An entity of the graph, by IRI, display label and ontology classes."""

    iri: str
    label: str
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """A sentence the graph gives for a triple, with the title of its article."""

    article: str
    sentence: str


@dataclass(frozen=True)
class Prediction:
    """One predicted relation triple with the evidence the graph records for it."""

    subject: PredictedEntity
    relation: str
    object: PredictedEntity
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ForbiddenHit:
    """A prediction the gold says the text negates or ends, with those gold rows."""

    prediction: Prediction
    gold: tuple[GoldRelation, ...]


@dataclass(frozen=True)
class Duplicate:
    """Several predicted entities for one gold entity: aliases left unresolved."""

    gold: str
    entities: tuple[PredictedEntity, ...]


@dataclass(frozen=True)
class TypeMismatch:
    """A matched entity whose predicted classes do not include the gold type."""

    gold: str
    gold_type: str
    entity: PredictedEntity


@dataclass(frozen=True)
class Report:
    """The score of one graph against one gold folder, with every error listed."""

    gold: str
    entities: Scores
    relations: Scores
    missed_relations: tuple[GoldRelation, ...]
    false_positives: tuple[Prediction, ...]  # predictions matching no gold row at all
    forbidden_hits: tuple[ForbiddenHit, ...]  # also counted in relations.fp
    duplicates: tuple[Duplicate, ...]
    missed_entities: tuple[GoldEntity, ...]
    unmatched_entities: tuple[PredictedEntity, ...]
    type_mismatches: tuple[TypeMismatch, ...] = ()

    def to_json(self) -> str:
        """The whole report as stable, key-sorted JSON."""
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """A readable report: the scores, then each list of errors by label."""
        lines = [
            f"gold {self.gold}",
            _score_line("entities ", self.entities, f", duplicates {len(self.duplicates)}"),
            _score_line("relations", self.relations, f", forbidden {len(self.forbidden_hits)}"),
        ]
        lines += _section(
            "missed required relations",
            [_gold_row_text(row) for row in self.missed_relations],
        )
        lines += _section(
            "false positives",
            [_prediction_text(prediction) for prediction in self.false_positives],
        )
        lines += _section(
            "forbidden hits",
            [
                "\n".join(
                    [
                        _prediction_text(hit.prediction),
                        *(_gold_row_text(row, "    gold: ") for row in hit.gold),
                    ]
                )
                for hit in self.forbidden_hits
            ],
        )
        lines += _section(
            "duplicate entities",
            [
                f"  {dup.gold} <- "
                + "; ".join(f"{entity.label} <{entity.iri}>" for entity in dup.entities)
                for dup in self.duplicates
            ],
        )
        lines += _section(
            "missed required entities",
            [f"  {entity.canonical} ({entity.type})" for entity in self.missed_entities],
        )
        lines += _section(
            "unmatched predicted entities",
            [f"  {entity.label} ({', '.join(entity.types)})" for entity in self.unmatched_entities],
        )
        lines += _section(
            "type mismatches",
            [
                f"  {mismatch.gold}: gold {mismatch.gold_type}, graph "
                f"{', '.join(mismatch.entity.types)} ({mismatch.entity.label})"
                for mismatch in self.type_mismatches
            ],
        )
        return "\n".join(lines)


def _score_line(name: str, scores: Scores, extra: str) -> str:
    return (
        f"{name}  precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
        f"F1 {scores.f1:.3f}  (tp {scores.tp}, fp {scores.fp}, neutral {scores.neutral}, "
        f"required {scores.required}, matched {scores.matched}{extra})"
    )


def _section(title: str, items: list[str]) -> list[str]:
    return ["", f"{title} ({len(items)}):", *(items or ["  none"])]


def _gold_row_text(row: GoldRelation, prefix: str = "  ") -> str:
    where = f"  [{', '.join(row.articles)}]" if row.articles else ""
    text = f"{prefix}{row.subject}  {row.relation}  {row.object}{where}"
    return text + "".join(f'\n      "{evidence}"' for evidence in row.evidence)


def _prediction_text(prediction: Prediction) -> str:
    text = f"  {prediction.subject.label}  {prediction.relation}  {prediction.object.label}"
    return text + "".join(
        f'\n      "{item.sentence}" — {item.article}' for item in prediction.evidence
    )


def _scores(tp: int, fp: int, neutral: int, required: int, matched: int) -> Scores:
    # An empty denominator scores 0: nothing predicted or nothing to find earns nothing.
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = matched / required if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, tp, fp, neutral, required, matched)


# --- the graph side -----------------------------------------------------------------


def _union(graph: Path | str | Graph | Dataset) -> Graph:
    # Named graphs are pooled: the gold is pooled over articles too (rule 3).
    if isinstance(graph, str | Path):
        from kg.store import load_dataset

        graph = load_dataset(Path(graph))
    if isinstance(graph, Dataset):
        union = Graph()
        for s, p, o, _context in graph.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    return graph


class _GraphView:
    """Names, labels and evidence of the graph's nodes, read once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._names: dict[URIRef, frozenset[str]] = {}
        self._entities: dict[URIRef, PredictedEntity] = {}
        self.evidence: dict[tuple[object, object, object], list[Evidence]] = defaultdict(list)
        for node in graph.subjects(RDF.type, _ASSERTION, unique=True):
            if graph.value(node, _MODALITY) in _UNASSERTED:
                continue  # a negated claim is not evidence for the direct triple
            key = (
                graph.value(node, RDF.subject),
                graph.value(node, RDF.predicate),
                graph.value(node, RDF.object),
            )
            article = graph.value(node, PROV.wasDerivedFrom)
            title = graph.value(article, DCTERMS.title) if article is not None else None
            source = str(title) if title is not None else str(article or "")
            for sentence in graph.objects(node, _EVIDENCE):
                self.evidence[key].append(Evidence(source, str(sentence)))

    def names(self, node: URIRef) -> frozenset[str]:
        """Normalised labels and alternative labels; surface forms when unlabelled."""
        if node not in self._names:
            labels = [
                *self.graph.objects(node, RDFS.label),
                *self.graph.objects(node, SKOS.altLabel),
            ]
            if not any(True for _ in self.graph.objects(node, RDFS.label)):
                labels += list(self.graph.objects(node, _SURFACE_FORM))
            self._names[node] = frozenset(normalize_name(str(label)) for label in labels)
        return self._names[node]

    def entity(self, node: URIRef) -> PredictedEntity:
        """The node's display record: its label (or fullest surface form) and classes."""
        if node not in self._entities:
            value = self.graph.value(node, RDFS.label)
            forms = sorted(str(form) for form in self.graph.objects(node, _SURFACE_FORM))
            forms.sort(key=len, reverse=True)  # stable sort: longest first, then alphabetical
            if value is not None:
                label = str(value)
            elif forms:
                label = forms[0]
            else:
                label = str(node).rstrip("/").rsplit("/", 1)[-1]
            types = sorted(
                str(kind).removeprefix(NKG_IRI)
                for kind in self.graph.objects(node, RDF.type)
                if str(kind).startswith(NKG_IRI)
            )
            self._entities[node] = PredictedEntity(str(node), label, tuple(types))
        return self._entities[node]

    def prediction(self, s: URIRef, relation: str, o: URIRef, symmetric: bool) -> Prediction:
        """A predicted triple with the evidence of its assertions (both ways if symmetric)."""
        p = _nkg(relation)
        found = list(self.evidence.get((s, p, o), []))
        if symmetric:
            found += self.evidence.get((o, p, s), [])
        evidence = tuple(sorted(set(found), key=lambda item: (item.article, item.sentence)))
        return Prediction(self.entity(s), relation, self.entity(o), evidence)


def _predicted_entities(view: _GraphView) -> list[URIRef]:
    nodes: set[URIRef] = set()
    for kind in ENTITY_CLASSES:
        nodes.update(
            node for node in view.graph.subjects(RDF.type, _nkg(kind)) if isinstance(node, URIRef)
        )
    return sorted(nodes, key=str)


def _predicted_triples(
    view: _GraphView, symmetric: frozenset[str]
) -> list[tuple[URIRef, str, URIRef]]:
    triples: set[tuple[URIRef, str, URIRef]] = set()
    for relation in ACTOR_RELATIONS:
        for s, o in view.graph.subject_objects(_nkg(relation)):
            if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
                continue
            triples.add((s, relation, o))
    # A symmetric fact stored both ways is one prediction; one stored way keeps its
    # direction, so the report shows the triple as the graph has it.
    triples = {
        (s, relation, o)
        for s, relation, o in triples
        if not (relation in symmetric and str(o) < str(s) and (o, relation, s) in triples)
    }
    return sorted(triples, key=lambda triple: (str(triple[0]), triple[1], str(triple[2])))


# --- scoring ------------------------------------------------------------------------


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
    gold: Gold, view: _GraphView
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
    for node in _predicted_entities(view):
        predicted = view.entity(node)
        matches = list(dict.fromkeys(g for name in view.names(node) for g in by_name.get(name, ())))
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
    scores = _scores(tp, fp, neutral, len(required), len(required) - len(missed))
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


def evaluate(gold_dir: Path, graph: Path | Graph | Dataset) -> Report:
    """Score a graph (file, store folder or rdflib graph) against a gold folder."""
    symmetric = symmetric_relations()
    gold = read_gold(gold_dir, symmetric)
    view = _GraphView(_union(graph))
    entity_scores, duplicates, missed_entities, unmatched, mismatches = _score_entities(gold, view)

    expanded = _endpoint_names(gold)
    rows_by_relation: dict[str, list[GoldRelation]] = defaultdict(list)
    for row in gold.relations:
        rows_by_relation[row.relation].append(row)
    matched: set[GoldRelation] = set()
    tp = neutral = 0
    false_positives: list[Prediction] = []
    forbidden: list[ForbiddenHit] = []
    for s, relation, o in _predicted_triples(view, symmetric):
        is_symmetric = relation in symmetric
        subject, obj = view.names(s), view.names(o)
        hits = [
            row
            for row in rows_by_relation.get(relation, ())
            if _row_matches(row, subject, obj, is_symmetric, expanded)
        ]
        required = [row for row in hits if row.status is Status.REQUIRED]
        banned = [row for row in hits if row.status is Status.FORBIDDEN]
        if required:
            tp += 1
            matched.update(required)
        elif banned:
            prediction = view.prediction(s, relation, o, is_symmetric)
            forbidden.append(ForbiddenHit(prediction, tuple(sorted(banned, key=_row_order))))
        elif hits:
            neutral += 1
        else:
            false_positives.append(view.prediction(s, relation, o, is_symmetric))
    required_rows = [row for row in gold.relations if row.status is Status.REQUIRED]
    missed = [row for row in required_rows if row not in matched]
    relation_scores = _scores(
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
    )
