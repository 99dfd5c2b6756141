"""Frozen records handed from one pipeline stage to the next.

Every record is small, immutable and picklable, so a stage can run in another process
(``--jobs``) and produce exactly what it would produce in this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityKind(StrEnum):
    """The ontology class an entity belongs to; the value is the IRI path segment."""

    PERSON = "person"
    COUNTRY = "country"
    ORGANIZATION = "organization"
    PLACE = "place"
    GROUP = "group"
    AGREEMENT = "agreement"

    @property
    def class_name(self) -> str:
        """The local name of the ontology class (``Person``, ``Country`` ...)."""
        return self.value.capitalize()


class Modality(StrEnum):
    """Whether the text states a relation as fact, negates it, or only entertains it."""

    ASSERTED = "Asserted"
    NEGATED = "Negated"
    HYPOTHETICAL = "Hypothetical"


@dataclass(frozen=True)
class Article:
    """One news article as read from its source, before any language processing."""

    id: str  # stable, IRI-safe: file stem, record id, or content hash
    title: str
    body: str  # the article text without its title
    source: str  # file path, URL or "<stdin>"
    content_hash: str  # sha256 of title + body; a changed text replaces the stored article
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) or date-time when known
    url: str | None = None

    @property
    def text(self) -> str:
        """The text the parser reads: the title as its own paragraph, then the body."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body


@dataclass(frozen=True)
class Entity:
    """An actor, place or agreement of one article, already resolved within it."""

    key: str  # "<kind>/<slug>", e.g. "person/vladimir-putin"; the IRI is base + key
    kind: EntityKind
    label: str  # the fullest name seen in this article
    aliases: tuple[str, ...] = ()  # every other surface form, sorted
    mentions: int = 1  # how many times the article names or refers to it
    iso_code: str | None = None  # ISO 3166-1 alpha-2 code of a country
    geonames_id: int | None = None  # GeoNames feature id of a country or place


@dataclass(frozen=True)
class Claim:
    """One relation the article expresses between two entities, with its evidence."""

    subject: str  # Entity.key
    relation: str  # local name of an nkg: property, e.g. "signsAgreementWith"
    object: str  # Entity.key
    sentence: str  # the evidence sentence, verbatim
    trigger: str  # the word that fired the rule
    rule: str  # the construction that found it, e.g. "svo", "apposition-role"
    confidence: float  # in [0, 1]
    modality: Modality = Modality.ASSERTED
    attributed_to: str | None = None  # Entity.key of the speaker or source
    support: int = 1  # how many sentences of the article state it
    more_evidence: tuple[str, ...] = ()  # the other sentences that state it


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything one article contributes to the graph; the unit the store adds or replaces."""

    article: Article
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    claims: tuple[Claim, ...] = field(default_factory=tuple)
