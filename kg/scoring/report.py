"""The score report: precision, recall and F1, and every error listed so it can be read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from kg.scoring.gold import GoldEntity, GoldRelation


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

    @classmethod
    def of(cls, tp: int, fp: int, neutral: int, required: int, matched: int) -> Scores:
        """The scores of these counts."""
        # An empty denominator scores 0: nothing predicted or nothing to find earns nothing.
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = matched / required if required else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, tp, fp, neutral, required, matched)


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
    gold_articles: int = 0  # articles the gold's relation rows name
    gold_articles_in_graph: int = 0  # of those, how many the graph holds (by file or id)

    def to_json(self) -> str:
        """The whole report as stable, key-sorted JSON."""
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """A readable report: the scores, then each list of errors by label."""
        lines = [f"gold {self.gold}"]
        if self.gold_articles and not self.gold_articles_in_graph:
            # Scores against the wrong gold look like bad extraction; say so first.
            lines.append(
                f"warning: no gold article is in the graph (the gold names "
                f"{self.gold_articles} articles, by file name or id); the scores below "
                "compare different texts."
            )
        lines += [
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
