"""Diplomatic constructions: ruptures of ties, envoys sent home, persona non grata,
threats whose content is a hostile act, and agreeing to do something together.

"Algeria cut diplomatic ties with Morocco", "the severance of relations with Colombia",
"Kenya recalled its ambassador from Uganda", "both countries kicked out their respective
ambassadors", "declared Mr X persona non grata", "Washington warned it could impose
sanctions on Caracas", "Chile and Peru agreed to restore ties". A rupture is never
cooperation: the ties it names are stated as ended (see ``ruptured``).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, permutations
from typing import TYPE_CHECKING

from kg.extract.modality import attribution_of
from kg.vocab import Trigger, Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.slots import Finding, SlotReader

# Relations a rupture of ties undoes: "cut ties with X" states they have ended.
UNDONE_BY_RUPTURE = frozenset({"cooperatesWith", "allyOf"})
HOSTILE_CONTENT = frozenset({"sanctions", "attacks"})  # what a threat threatens to do


def _is_tie(token: Token, vocab: Vocabulary) -> bool:
    return token.lemma_.lower() in vocab.cues["tie-noun"] or token.lower_ in vocab.cues["tie-noun"]


def severed_ties(head: Token, vocab: Vocabulary) -> list[Token]:
    """The tie nouns a rupture word governs: "cut [ties]", "severance of [relations]"."""
    found = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and _is_tie(c, vocab)]
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
        found += [o for o in prep.children if o.dep_ == "pobj" and _is_tie(o, vocab)]
    for tie in list(found):
        found += [c for c in tie.children if c.dep_ == "conj" and _is_tie(c, vocab)]
    # "severed ties with X and re-established relations with Y": the parser may hang the
    # second object on the first verb; a restoring word between them keeps it apart.
    restoring = vocab.cues["restore-word"]
    return [
        tie
        for tie in found
        if not any(
            t.lemma_.lower() in restoring or t.lower_ in restoring
            for t in head.doc[min(head.i, tie.i) + 1 : max(head.i, tie.i)]
        )
    ]


def restored(noun: Token, vocab: Vocabulary) -> bool:
    """ "re-established diplomatic relations", "restored relations": ties stated as renewed."""
    restoring = vocab.cues["restore-word"]
    head = noun.head
    words = [head, *noun.children, *noun.doc[min(head.i, noun.i) + 1 : noun.i]]
    return any(t.lemma_.lower() in restoring or t.lower_ in restoring for t in words)


def _rupture_triggers(token: Token, vocab: Vocabulary) -> tuple[Trigger, ...]:
    lemma = token.lemma_.lower()
    table = vocab.verb_triggers if token.pos_ in ("VERB", "AUX") else vocab.noun_triggers
    return tuple(t for t in table.get(lemma, ()) if t.needs == "ties-object")


def ruptured(trigger: Token, vocab: Vocabulary) -> bool:
    """Whether a tie noun is the object of a rupture ("severed [ties] with")."""
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    if head.i == trigger.i or not _rupture_triggers(head, vocab):
        return False
    return any(t.i == trigger.i for t in severed_ties(head, vocab))


def rupture_findings(
    reader: SlotReader, head: Token, agents: list[str], trigger: Trigger, rule: str
) -> Iterator[Finding]:
    """ "X cut ties with Y", "X's severance of relations with Y": X sanctions Y."""
    ties = severed_ties(head, reader.vocab)
    if not ties:
        return
    partners: list[str] = []
    for holder in [head, *ties]:
        partners += reader.prep_objects(holder, reader.vocab.cues["partner-prep"], True)
    partners = list(dict.fromkeys(partners))
    if agents and partners:
        yield from reader.pairs(agents, partners, trigger.relation, head, rule)
    elif len(partners) >= 2 or len(agents) >= 2:
        # "ties between X and Y were cut", "X and Y cut ties": each ends them with the other.
        members = list(dict.fromkeys(agents + partners))
        for a, b in permutations(members, 2):
            yield from reader.pairs([a], [b], trigger.relation, head, rule)


def envoy_findings(
    reader: SlotReader,
    verb: Token,
    subjects: list[str],
    patients: list[Token],
    trigger: Trigger,
) -> Iterator[Finding]:
    """ "X recalled its ambassador from Y", "X and Y expelled their respective envoys"."""
    envoys_words = reader.vocab.cues["envoy-noun"]
    envoys = [t for t in patients if t.lemma_.lower() in envoys_words]
    if not envoys:
        return
    envoy_preps = reader.vocab.cues["envoy-prep"]
    targets: list[str] = reader.prep_objects(verb, envoy_preps, True)
    owners: list[str] = []
    for envoy in envoys:
        targets += reader.prep_objects(envoy, envoy_preps, True)
        owners += reader.owners(envoy)
    respective = any(c.lower_ == "respective" for e in envoys for c in e.children)
    if len(subjects) >= 2 and (respective or set(owners) == set(subjects)) and not targets:
        for a, b in permutations(subjects, 2):
            yield from reader.pairs([a], [b], trigger.relation, verb, "verb-envoy")
        return
    targets += [o for o in owners if o not in subjects]
    yield from reader.pairs(
        subjects, list(dict.fromkeys(targets)), trigger.relation, verb, "verb-envoy"
    )


def envoy_told_to_leave(
    reader: SlotReader,
    verb: Token,
    subjects: list[str],
    patients: list[Token],
    trigger: Trigger,
) -> Iterator[Finding]:
    """ "gave the French ambassador 48 hours to leave", "ordered Kenyan diplomats to leave"."""
    leaving = reader.vocab.cues["leave-verb"]
    if any(t.lemma_.lower() in leaving for t in verb.subtree if t.i != verb.i):
        yield from envoy_findings(reader, verb, subjects, patients, trigger)


def disapproval(
    reader: SlotReader,
    verb: Token,
    subjects: list[str],
    patients: list[Token],
    trigger: Trigger,
) -> Iterator[Finding]:
    """ "Washington expressed strong concern over Seoul's decision": criticism of its maker."""
    nouns = reader.vocab.cues["disapproval-noun"]
    if not any(p.lemma_.lower() in nouns for p in patients):
        return
    targets: list[str] = []
    holders = [verb, *patients]
    holders += [c for p in patients for c in p.children if c.dep_ == "conj"]
    for holder in holders:
        for prep in (c for c in holder.children if c.dep_ == "prep"):
            if prep.lower_ in trigger.object_preps:
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    targets += reader.actors(obj) or reader.owners(obj)
    yield from reader.pairs(subjects, list(dict.fromkeys(targets)), trigger.relation, verb, "verb")


def _recalled(verb: Token, vocab: Vocabulary) -> bool:
    particles = vocab.cues["recall-particle"]
    return any(c.dep_ in ("prt", "advmod") and c.lower_ in particles for c in verb.children)


def envoy_recalled(
    reader: SlotReader, verb: Token, subjects: list[str], patients: list[Token], trigger: Trigger
) -> Iterator[Finding]:
    """ "Somalia calls back all its diplomats from Kenya": a recall."""
    if _recalled(verb, reader.vocab):
        yield from envoy_findings(reader, verb, subjects, patients, trigger)


def envoy_summoned(
    reader: SlotReader, verb: Token, subjects: list[str], patients: list[Token], trigger: Trigger
) -> Iterator[Finding]:
    """ "The ministry called in Japan's envoy": a summons, a meeting with the envoy's state."""
    if not _recalled(verb, reader.vocab):
        yield from envoy_findings(reader, verb, subjects, patients, trigger)


def persona_non_grata(reader: SlotReader, verb: Token, subjects: list[str]) -> Iterator[Finding]:
    """ "Canada declared the diplomat X persona non grata": Canada sanctions X."""
    words = {t.lower_ for t in verb.subtree}
    if not {"persona", "grata"} <= words:
        return
    named = [t for t in verb.subtree if t.i != verb.i and t.dep_ not in ("nsubj", "nsubjpass")]
    declared: list[str] = []
    for token in named:
        if token.i in reader.table.span_roots or token.dep_ == "nsubjpass":
            declared += [a for a in reader.actors(token) if a not in subjects]
    for child in verb.children:
        if child.dep_ == "nsubjpass":
            declared += reader.actors(child)
    yield from reader.pairs(
        subjects, list(dict.fromkeys(declared)), "sanctions", verb, "verb-envoy"
    )


def threat_content(reader: SlotReader, verb: Token) -> list[str]:
    """Who a warning threatens: the target of the hostile act it announces
    ("warned it could impose sanctions on Y", "threatened to strike Y")."""
    targets: list[str] = []
    vocab = reader.vocab
    for token in verb.subtree:
        if token.i == verb.i or token.dep_ in ("nsubj", "nsubjpass"):
            continue
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX"):
            triggers = vocab.verb_triggers.get(lemma, ())
        elif token.pos_ == "NOUN":
            triggers = vocab.noun_triggers.get(lemma, ())
        else:
            continue
        for hostile in (t for t in triggers if t.relation in HOSTILE_CONTENT):
            targets += reader.prep_objects(token, hostile.object_preps, True)
            if token.dep_ == "dobj":  # "impose sanctions on Y": the light verb holds "on"
                targets += reader.prep_objects(token.head, hostile.object_preps, True)
            if token.pos_ != "NOUN":
                for child in token.children:
                    if child.dep_ == "dobj":
                        targets += reader.actors(child)
    return list(dict.fromkeys(targets))


def epithet_findings(reader: SlotReader, adjective: Token) -> Iterator[Finding]:
    """ "'... ties with the fascist government of Colombia,' Maduro told a rally": whoever
    calls an actor so criticises it."""
    pejorative = reader.vocab.cues["pejorative"]
    if adjective.dep_ not in ("amod", "compound") or adjective.lemma_.lower() not in pejorative:
        return
    speaker = attribution_of(adjective, reader.vocab, reader.actors)
    if speaker is not None:
        yield from reader.pairs(
            [speaker], reader.actors(adjective.head), "criticizes", adjective, "epithet"
        )


def agreed_together(
    reader: SlotReader, verb: Token, subjects: list[str], trigger: Trigger
) -> Iterator[Finding]:
    """ "X and Y agreed to restore ties", "X agreed with Y to ...": an agreement between them."""
    if not any(
        c.dep_ == "xcomp" or (c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children))
        for c in verb.children
    ):
        return  # "agreed with the critics" is an opinion shared, not an agreement
    partners = reader.prep_objects(verb, trigger.object_preps, True)
    explicit = [a for c in verb.children if c.dep_ == "nsubj" for a in reader.actors(c)]
    if partners:
        yield from reader.pairs(subjects, partners, trigger.relation, verb, "verb-agree")
    elif len(explicit) >= 2:
        for a, b in combinations(explicit, 2):
            yield from reader.pairs([a], [b], trigger.relation, verb, "verb-agree")
