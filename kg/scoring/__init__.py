"""Score a graph against hand-made gold annotations, exactly as ``shared/eval/README.md`` rules.

:mod:`kg.scoring.gold` reads a gold folder, :mod:`kg.scoring.score` matches the graph's
actors and relations (its :mod:`kg.actors` view) against it, and :mod:`kg.scoring.report`
holds the resulting :class:`Report` and its text.
"""

from __future__ import annotations

from kg.scoring.gold import (
    ENTITY_COLUMNS,
    RELATION_COLUMNS,
    Gold,
    GoldEntity,
    GoldError,
    GoldRelation,
    Status,
    read_gold,
)
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
from kg.scoring.score import evaluate
from kg.vocab import normalize_name

__all__ = [
    "ENTITY_COLUMNS",
    "RELATION_COLUMNS",
    "Duplicate",
    "Evidence",
    "ForbiddenHit",
    "Gold",
    "GoldEntity",
    "GoldError",
    "GoldRelation",
    "PredictedEntity",
    "Prediction",
    "Report",
    "Scores",
    "Status",
    "TypeMismatch",
    "evaluate",
    "normalize_name",
    "read_gold",
]
