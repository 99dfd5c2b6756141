"""Who fills a relation's slots: the actors of a noun phrase, the subjects of a verb
(inherited through control, coordination and relative clauses), prepositional objects,
owners of things, and which endpoint classes the ontology lets a relation join.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.ontology import load_ontology
from kg.records import EntityKind
from kg.resolve import ArticleEntities
from kg.resolve.table import event_actor_kinds
from kg.vocab import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT = frozenset({"nsubj"})
PASSIVE_SUBJECT = frozenset({"nsubjpass"})
OBJECT = frozenset({"dobj", "dative", "attr", "oprd"})
INHERITS_SUBJECT = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp"})


@dataclass(frozen=True)
class Finding:
    """One relation found in one sentence, before modality and merging."""

    subject: str
    relation: str
    object: str
    trigger: Token
    rule: str


class SlotReader:
    """Finds the actors that fill relation slots in one article's sentences."""

    def __init__(self, table: ArticleEntities, vocab: Vocabulary) -> None:
        self.table = table
        self.vocab = vocab

    # --- who fills a slot ------------------------------------------------------------

    def actors(self, token: Token, *, agentive: bool = True) -> list[str]:
        """Actors of a noun phrase, with institutions of a country standing for it."""
        found = self.table.actors(token, agentive=agentive)
        if found:
            return found
        # A state's institutions act for it: "US officials", "the Japanese government".
        institutions = self.vocab.cues["institution-noun"]
        if token.lemma_.lower() in institutions or token.lower_ in institutions:
            for child in token.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod"):
                    country = self.table.modifier_country(child)
                    if country:
                        return [country]
                    found = self.table.actors(child, expand=False)
                    if found:
                        return found
            for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    # "the government of Colombia"
                    found = [
                        k
                        for k in self.table.actors(obj, expand=False)
                        if self.table.entity_kind(k) is EntityKind.COUNTRY
                    ]
                    if found:
                        return found
        return []

    def subjects(self, verb: Token, depth: int = 0) -> list[str]:
        """The actors doing what a verb says, inherited from a governing verb if needed."""
        passive = passive_clause(verb)
        found: list[str] = []
        for child in verb.children:
            if passive and child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found += self.actors(obj)
            elif not passive and child.dep_ in SUBJECT:
                if child.lower_ in self.vocab.cues["relative-pronoun"] and verb.dep_ == "relcl":
                    found += self.actors(verb.head)
                else:
                    found += self.actors(child)
        if found or depth > 3:
            return found
        if any(c.dep_ in SUBJECT | PASSIVE_SUBJECT for c in verb.children):
            return []  # a subject we cannot resolve is still not the governing clause's
        if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            # Control: "X was summoned to confer" -> X; "asked Y to attend" -> Y.
            head = verb.head
            for child in head.children:
                if child.dep_ in ("nsubjpass", "dobj") and (found := self.actors(child)):
                    return found
        if verb.dep_ == "pcomp" and verb.head.head.pos_ in ("VERB", "AUX"):
            # "accused Mr Brown of missing ...": the object of the governing verb does it.
            for child in verb.head.head.children:
                if child.dep_ == "dobj" and (found := self.actors(child)):
                    return found
        if verb.dep_ in INHERITS_SUBJECT and verb.head.i != verb.i:
            head = verb.head
            if head.pos_ == "ADP" and head.head.i != head.i:  # "after presenting ..."
                head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return self.subjects(head, depth + 1)
        if verb.dep_ == "relcl" and not passive:
            return self.actors(verb.head)
        if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "attr") and not passive:
            # "Argentina signed an agreement to import fuel": who signed, imports.
            governor = verb.head.head
            if governor.pos_ in ("VERB", "AUX"):
                return self.subjects(governor, depth + 1)
        return []

    def prep_objects(self, head: Token, preps: frozenset[str], agentive: bool) -> list[str]:
        found: list[str] = []
        for child in head.children:
            # The parser sometimes labels "to" before a recipient as dative.
            if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found += self.actors(obj, agentive=agentive)
        return found

    # --- verbs -----------------------------------------------------------------------

    def owners(self, thing: Token) -> list[str]:
        """Who a thing belongs to: "the EU's move", "Soviet coal", "Iranian oil"."""
        owners: list[str] = []
        for child in thing.children:
            if child.dep_ == "poss":
                owners += self.actors(child)
            elif child.dep_ in ("amod", "compound") and (
                country := self.table.modifier_country(child)
            ):
                owners.append(country)
        for conj in (c for c in thing.children if c.dep_ == "conj"):
            owners += [o for o in self.owners(conj) if o not in owners]
        return owners

    # --- adjectives --------------------------------------------------------------------

    def pairs(
        self, subjects: list[str], objects: list[str], relation: str, trigger: Token, rule: str
    ) -> Iterator[Finding]:
        for subject in subjects:
            for obj in objects:
                if subject != obj and self._fits(subject, relation, obj):
                    yield Finding(subject, relation, obj, trigger, rule)

    def _fits(self, subject: str, relation: str, obj: str) -> bool:
        """Endpoint classes the ontology allows for the relation, under the actor policy."""
        return fits(relation, self.table.entity_kind(subject), self.table.entity_kind(obj))


def fits(relation: str, subject: EntityKind, obj: EntityKind) -> bool:
    """Whether extraction may state the relation between entities of these kinds: the
    ontology's domain and range, with places kept out of actor slots (see
    ``kg.resolve.table.event_actor_kinds``, where that policy is stated)."""
    allowed = load_ontology().relation(relation)
    if not allowed.allows(subject, obj):
        return False
    actors = event_actor_kinds()
    # Where a slot admits any actor (nkg:Actor expanded: the event actors and Place), only
    # event actors fill it; where the ontology names Place on its own (the place visited,
    # a location's container), places do.
    if allowed.domain > actors and subject not in actors:
        return False
    return not (allowed.range > actors and obj not in actors)


def passive_clause(verb: Token) -> bool:
    """A passive clause, or a passive participle modifying a noun ("captured by Iran")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)
    )
