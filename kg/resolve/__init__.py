"""Who each mention of an article denotes: entities, aliases, coreference and metonymy.

The extractor asks one question of this package: which actors does this token stand
for? The answer folds in named-entity spans, short names ("Putin" for Vladimir Putin),
demonyms ("Russian" for Russia), pronouns and definite descriptions ("the North Korean
leader"), and metonymy (a capital or seat of government acting is its country).

Modules: ``names`` (one span), ``aliases`` (names of names, in and across articles),
``table`` (the article's entities and what a token denotes), ``mentions`` (the pass
over a parsed article).
"""

from __future__ import annotations

from kg.resolve.aliases import fold_names, spells_acronym
from kg.resolve.mentions import resolve_mentions
from kg.resolve.table import ArticleEntities

__all__ = ["ArticleEntities", "fold_names", "resolve_mentions", "spells_acronym"]
