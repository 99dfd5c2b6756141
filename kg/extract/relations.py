"""Relations between actors, read off the dependency tree.

Constructions: subject-verb-object and verb-preposition-object ("Kim welcomed Putin",
"met with"), passives with a by-agent, coordination of subjects and objects, signing
an agreement ("X and Y signed a pact", "X signed a deal with Y"), nominal events ("a
visit to X", "X's support for Y", "ties between X and Y", "talks with X", "exercises
involving X, Y and Z"), and "X provides Y with Z".
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import TYPE_CHECKING

from kg.extract import diplomacy
from kg.extract.slots import (
    OBJECT,
    PASSIVE_SUBJECT,
    SUBJECT,
    Finding,
    SlotReader,
    fits,
    passive_clause,
)
from kg.records import EntityKind
from kg.vocab import Trigger, Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Finding", "RelationReader", "fits"]

PLACE_RELATIONS = frozenset({"visits", "locatedIn"})


class RelationReader(SlotReader):
    """Reads the relations of one article's sentences against its resolved entities."""

    def verb_findings(self, verb: Token, trigger: Trigger) -> Iterator[Finding]:
        """Relations expressed by one trigger verb."""
        relation = trigger.relation
        agentive = relation not in PLACE_RELATIONS
        passive = passive_clause(verb)
        subjects = self.subjects(verb)
        objects: list[str] = []
        things: list[Token] = []
        patients = [
            c for c in verb.children if c.dep_ in OBJECT or (passive and c.dep_ in PASSIVE_SUBJECT)
        ]
        if passive and verb.dep_ == "acl":
            patients.append(verb.head)  # "Iraq's Faw peninsula, captured by Iran"
        for child in patients:
            actors = self.actors(child, agentive=agentive)
            if actors:
                objects += actors
            else:
                things.append(child)
        preps = self.prep_objects(verb, trigger.object_preps, agentive)
        special = SPECIAL_VERB_RULES.get(trigger.needs)
        if special is not None:
            yield from special(self, verb, subjects, patients, trigger)
            return
        if relation == "threatens" and not objects and not preps:
            objects = diplomacy.threat_content(self, verb)
        if relation == "signsAgreementWith" or trigger.needs == "defence-agreement-object":
            yield from self._signing(verb, subjects, things, trigger)
            return
        if trigger.needs == "import":
            # "Egypt imports Soviet coal", "bought arms from France": the supplier provides.
            suppliers = self.prep_objects(verb, trigger.object_preps, True)
            for thing in things:
                suppliers += self.owners(thing)
            for supplier in suppliers:
                for subject in subjects:
                    if supplier != subject and self._fits(supplier, relation, subject):
                        yield Finding(supplier, relation, subject, verb, "verb-import")
            return
        if relation == "providesTo":
            has_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)
            if trigger.needs == "thing-object" and not things and not has_with:
                objects = []
            recipients = preps + (objects if has_with or not things else [])
            if trigger.lemma == "exchange" and len(subjects) >= 2:
                for a, b in combinations(subjects, 2):
                    yield Finding(a, relation, b, verb, "verb-exchange")
                    yield Finding(b, relation, a, verb, "verb-exchange")
                return
            yield from self.pairs(subjects, recipients, relation, verb, "verb")
            return
        if relation == "visits" and not objects:
            # "visited the tomb of Yasser Arafat in Ramallah": the place of the thing visited.
            for thing in things:
                objects += self.prep_objects(thing, self.vocab.cues["place-prep"], False)
            if things and not objects:
                objects += self.prep_objects(verb, self.vocab.cues["place-prep"], False)
        if relation in ("attacks", "sanctions") and not objects:
            # "captured Iraq's Faw peninsula", "destroyed an Iranian oil platform": an attack
            # on what a state owns is an attack on the state.
            for thing in things:
                objects += self.owners(thing)
        if trigger.needs == "person-object":
            objects = [k for k in objects if self.table.entity_kind(k) is EntityKind.PERSON]
        if trigger.needs == "thing-owner":
            # "Beijing welcomed the EU's move": welcoming a deed praises whoever did it.
            objects = [owner for thing in things for owner in self.owners(thing)]
        if trigger.needs == "prep-object":
            objects = []  # "broke with X" is a rupture; "broke the record" is not
        if trigger.needs == "person-subject":
            # "X is in Hawaii" is a visit; "X is the senior judge in England" is not.
            if any(c.dep_ in ("attr", "acomp") for c in verb.children):
                return
            subjects = [k for k in subjects if self.table.entity_kind(k) is EntityKind.PERSON]
        objects += preps
        # "Putin and Kim met": only a plural subject of the verb itself, not one
        # borrowed from a governing clause ("they need money to make ends meet").
        explicit = [a for c in verb.children if c.dep_ in SUBJECT for a in self.actors(c)]
        if not objects and not things and len(explicit) >= 2 and relation in self.vocab.symmetric:
            for a, b in combinations(subjects, 2):
                yield Finding(a, relation, b, verb, "verb-plural-subject")
            return
        yield from self.pairs(subjects, objects, relation, verb, "verb")

    def _signing(
        self, verb: Token, subjects: list[str], things: list[Token], trigger: Trigger
    ) -> Iterator[Finding]:
        agreements = [
            t
            for t in things
            if t.lemma_.lower() in self.vocab.cues["agreement-noun"] or t.i in self.table.agreements
        ]
        if trigger.needs == "defence-agreement-object":
            # "X has a defence treaty with Y": an alliance, whoever signed it and when.
            agreements = [a for a in agreements if _is_defence(a, self.vocab)]
            partners = [
                p for a in agreements for p in self.prep_objects(a, frozenset({"with"}), True)
            ] + (self.prep_objects(verb, frozenset({"with"}), True) if agreements else [])
            for a in subjects:
                for b in partners:
                    if a != b:
                        yield Finding(a, "allyOf", b, verb, "defence-agreement")
            return
        if trigger.needs == "agreement-object" and not agreements:
            return
        partners = self.prep_objects(verb, frozenset({"with"}), True)
        for agreement in agreements:
            partners += self.prep_objects(agreement, frozenset({"with"}), True)
        pairs = (
            [(s, p) for s in subjects for p in partners]
            if partners
            else list(combinations(subjects, 2))
        )
        defence = any(_is_defence(a, self.vocab) for a in agreements)
        for a, b in pairs:
            if a != b:
                yield Finding(a, "signsAgreementWith", b, verb, "verb-sign")
                if defence:
                    yield from self._alliance(a, b, verb)

    def _alliance(self, a: str, b: str, trigger: Token) -> Iterator[Finding]:
        # A mutual-defence pact signed by leaders allies their states.
        a_state = self.table.leaders.get(a, a)
        b_state = self.table.leaders.get(b, b)
        if a_state != b_state:
            yield Finding(a_state, "allyOf", b_state, trigger, "defence-agreement")

    # --- nouns -----------------------------------------------------------------------

    def noun_findings(self, noun: Token, trigger: Trigger) -> Iterator[Finding]:
        """Relations expressed by a nominal event ("a visit to X", "X's support for Y")."""
        relation = trigger.relation
        if trigger.needs == "joint" and not any(
            c.lower_ in self.vocab.cues["joint-word"]
            or c.lemma_.lower() in self.vocab.cues["joint-word"]
            for c in noun.children
        ):
            return
        if trigger.needs == "restored" and not diplomacy.restored(noun, self.vocab):
            return  # "strained relations" state no cooperation; "restored relations" do
        agentive = relation not in PLACE_RELATIONS
        agents = self._noun_agents(noun)
        if trigger.needs == "ties-object":
            yield from diplomacy.rupture_findings(self, noun, agents, trigger, "noun-rupture")
            return
        patients: list[str] = []
        pairs_only: list[str] = []
        if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
            # "gave the Japanese government a clear warning": the light verb's recipient.
            for child in noun.head.children:
                if child.dep_ == "dative":
                    patients += self.actors(child, agentive=agentive)
        if (
            relation == "signsAgreementWith"
            and noun.dep_ == "dobj"
            and noun.head.lemma_.lower() in self.vocab.verb_triggers
        ):
            return  # "signed a pact", "has a treaty": the verb's rule reads it
        heads = [noun] + [c for c in noun.children if c.dep_ in ("acl", "relcl")]
        if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            # A light verb holds the noun's object: "imposed sanctions on Niger", "held
            # talks with Putin".
            heads.append(noun.head)
        if noun.dep_ == "conj":
            # Coordinated nouns share a trailing modifier the parser hung on the first:
            # "tests and combined exercises involving the US, South Korea and Japan".
            heads += [c for c in noun.head.children if c.dep_ == "acl" and c.i > noun.i]
        for head in heads:
            for child in head.children:
                if child.dep_ != "prep":
                    continue
                preposition = child.lower_
                if preposition not in trigger.object_preps:
                    continue
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    found = self.actors(obj, agentive=agentive)
                    if not found:
                        # "support for his war": the beneficiary is whoever wages it;
                        # "anger over the US wall": whoever builds it.
                        found += self.owners(obj)
                    if not found and relation == "sanctions":
                        # "an embargo on arms exports to China"
                        found += self.prep_objects(obj, frozenset({"to", "from"}), True)
                    if preposition == "between":
                        # "between Israeli PM Yair Lapid and President Erdogan": the parser
                        # may hang the first party on the second as a modifier.
                        for grand in obj.children:
                            if grand.dep_ in ("nmod", "conj") and grand.i in self.table.span_roots:
                                found += [k for k in self.actors(grand) if k not in found]
                        pairs_only += found
                    else:
                        patients += found
            if head is not noun and head.lemma_.lower() in self.vocab.cues["involving-verb"]:
                for child in head.children:
                    if child.dep_ == "dobj":
                        pairs_only += self.actors(child)
        if relation == "supports" and not patients and noun.dep_ == "pobj":
            # "founded in 1948 with the Soviet Union's backing": the backed one is the
            # subject of the clause the backing qualifies.
            clause = noun.head.head
            if noun.head.lower_ == "with" and clause.pos_ in ("VERB", "AUX"):
                for child in clause.children:
                    if child.dep_ in ("nsubj", "nsubjpass"):
                        relative = child.lower_ in self.vocab.cues["relative-pronoun"]
                        if relative and clause.dep_ == "relcl":
                            patients += self.actors(clause.head)
                        else:
                            patients += self.actors(child)
        rule = "noun-" + noun.lemma_.lower()
        if pairs_only and relation in self.vocab.symmetric:
            # "a deal between A and B" names its parties; an agent adds only to "between A".
            parties = pairs_only if len(set(pairs_only)) >= 2 else agents + pairs_only
            members = list(dict.fromkeys(parties))
            for a, b in combinations(members, 2):
                yield Finding(a, relation, b, noun, rule)
            if relation == "signsAgreementWith" and _is_defence(noun, self.vocab):
                for a, b in combinations(members, 2):
                    yield from self._alliance(a, b, noun)
            return
        if pairs_only and not patients:
            patients = pairs_only
        if not patients and relation in self.vocab.symmetric and len(agents) >= 2:
            for a, b in combinations(agents, 2):
                yield Finding(a, relation, b, noun, rule)
            return
        yield from self.pairs(agents, patients, relation, noun, rule)
        if relation == "signsAgreementWith" and _is_defence(noun, self.vocab):
            for a in agents:
                for p in patients:
                    yield from self._alliance(a, p, noun)

    def _noun_agents(self, noun: Token) -> list[str]:
        agents: list[str] = []
        for child in noun.children:
            if child.dep_ == "poss":
                agents += self.actors(child)
            elif child.dep_ in ("compound", "amod") and child.i in self.table.by_token:
                agents += self.actors(child, agentive=True)
            elif child.dep_ == "prep" and child.lower_ == "by":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        agents += self.actors(obj)
            elif (child.dep_ == "relcl" and not _adverbial_relative(child, self.vocab)) or (
                child.dep_ == "acl" and any(c.dep_ == "agent" for c in child.children)
            ):
                # "the war that it started", "an agreement reached by its leader"
                own = self.table.actors(noun)
                agents += [a for a in self.subjects(child) if a not in own]
        if agents:
            return agents
        head = noun.head
        if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
            return self.subjects(head)  # "He vowed full support", "held talks with"
        if noun.dep_ == "pobj" and head.pos_ == "ADP":
            governor = head.head
            if governor.pos_ == "NOUN":
                for child in governor.children:
                    if child.dep_ == "poss":
                        # "Russia's deepening of ties with", "his return from a visit to"
                        return self.actors(child)
            if governor.pos_ in ("VERB", "AUX") and head.lower_ in self.vocab.cues["event-prep"]:
                return self.subjects(governor)  # "During a summit with Putin, Kim ..."
        return []

    def adjective_findings(self, adjective: Token, trigger: Trigger) -> Iterator[Finding]:
        """ "Saudi Arabia was very supportive of the U.S. role": a predicate adjective."""
        if adjective.dep_ == "amod":
            # "a lawmaker critical of Beijing": the noun it modifies holds the attitude.
            head = adjective.head
            subjects = self.actors(head) or (self.actors(head.head) if head.dep_ == "appos" else [])
        elif adjective.dep_ in ("acomp", "attr", "oprd"):
            subjects = self.subjects(adjective.head)
        else:
            return
        objects: list[str] = []
        for child in adjective.children:
            if child.dep_ == "prep" and child.lower_ in trigger.object_preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        objects += self.actors(obj) or self.owners(obj)
        yield from self.pairs(subjects, objects, trigger.relation, adjective, "adjective")

    # --- helpers ---------------------------------------------------------------------


def _rupture(
    reader: RelationReader, verb: Token, subjects: list[str], _things: list[Token], trigger: Trigger
) -> Iterator[Finding]:
    yield from diplomacy.rupture_findings(reader, verb, subjects, trigger, "verb-rupture")


def _persona_non_grata(
    reader: RelationReader, verb: Token, subjects: list[str], _things: list[Token], _t: Trigger
) -> Iterator[Finding]:
    yield from diplomacy.persona_non_grata(reader, verb, subjects)


def _agree(
    reader: RelationReader, verb: Token, subjects: list[str], _things: list[Token], trigger: Trigger
) -> Iterator[Finding]:
    yield from diplomacy.agreed_together(reader, verb, subjects, trigger)


# Trigger conditions (the ``needs`` column of triggers.tsv) read by a rule of their own.
SPECIAL_VERB_RULES = {
    "ties-object": _rupture,
    "envoy-object": diplomacy.envoy_findings,
    "envoy-leave": diplomacy.envoy_told_to_leave,
    "envoy-recalled": diplomacy.envoy_recalled,
    "envoy-summoned": diplomacy.envoy_summoned,
    "disapproval-object": diplomacy.disapproval,
    "persona-non-grata": _persona_non_grata,
    "agree-to": _agree,
}


def _adverbial_relative(clause: Token, vocab: Vocabulary) -> bool:
    """ "a visit to X, during which Y pledged ...": the relative is a circumstance, and
    the clause's subject is no agent of the noun."""
    return any(
        child.dep_ == "prep"
        and any(o.lower_ in vocab.cues["relative-pronoun"] for o in child.children)
        for child in clause.children
    )


def _is_defence(noun: Token, vocab: Vocabulary) -> bool:
    words = {noun.lemma_.lower()} | {
        w.lemma_.lower() for c in noun.children if c.dep_ in ("amod", "compound") for w in c.subtree
    }
    documents = vocab.cues["agreement-noun"] | {"clause"}  # "a mutual-defence clause"
    return bool(words & vocab.cues["defence-word"]) and noun.lemma_.lower() in documents
