"""Doc -> claims: the relations one parsed article states, with modality and evidence.

A pure function of one article and its parse, so it can run in any process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from kg.extract.bare_titles import (
    bare_role_findings,
    home_country_findings,
    speaker_country_findings,
)
from kg.extract.diplomacy import UNDONE_BY_RUPTURE, epithet_findings, ruptured
from kg.extract.modality import attribution_of, modality_of
from kg.extract.relations import Finding, RelationReader
from kg.extract.roles import find_roles
from kg.nlp import doc_text, doc_tokens, token_lemmas, token_strings
from kg.records import Article, ArticleExtraction, Claim, EntityKind, Modality
from kg.resolve import ArticleEntities, resolve_mentions
from kg.vocab import Vocabulary, load_vocabulary, rows

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["extract_article", "furniture_tokens"]

STATE_RELATIONS = frozenset({"cooperatesWith", "allyOf", "attacks"})
PRESUPPOSED_RULES = frozenset(
    {
        "title",
        "apposition",
        "title-description",
        "title-home",
        "title-speaker",
        "located-in",
        "epithet",  # an epithet is said, whatever the clause around it does
    }
)


@cache
def rule_confidence() -> dict[str, float]:
    """Measured precision of each rule, from ontologies/rules.tsv."""
    return {rule: float(value) for rule, value in rows("rules.tsv")}


def _confidence(rule: str) -> float:
    table = rule_confidence()
    return table.get(rule, table.get(rule.split("-")[0], table["default"]))


def furniture_tokens(doc: Doc, vocab: Vocabulary) -> set[int]:
    """Tokens on lines that are page furniture: bylines, captions, credits, links."""
    ignored: set[int] = set()
    offset = 0
    spans: list[tuple[int, int]] = []
    for line in doc_text(doc).split("\n"):
        if line.strip() and vocab.is_furniture(line.strip()):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    if not spans:
        return ignored
    for token in doc_tokens(doc):
        if any(start <= token.idx < end for start, end in spans):
            ignored.add(token.i)
    return ignored


@dataclass
class _Merged:
    finding: Finding
    modality: Modality
    attributed_to: str | None
    sentences: list[str] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)


def _sentence_text(sent: Span) -> str:
    return " ".join(sent.text.split())


def extract_article(
    article: Article, doc: Doc, vocab: Vocabulary | None = None
) -> ArticleExtraction:
    """Every entity and relation one parsed article states."""
    vocab = vocab or load_vocabulary()
    ignored = furniture_tokens(doc, vocab)
    table = resolve_mentions(doc, vocab, ignored)
    reader = RelationReader(table, vocab)
    merged: dict[tuple[str, str, str, Modality], _Merged] = {}

    def add(finding: Finding, sent: Span) -> None:
        subject, obj = finding.subject, finding.object
        if finding.relation in STATE_RELATIONS:
            # Leaders' ties, alliances and wars are their states' ("their partnership").
            subject = table.leaders.get(subject, subject)
            obj = table.leaders.get(obj, obj)
            finding = Finding(subject, finding.relation, obj, finding.trigger, finding.rule)
        if subject == obj:
            return
        if finding.relation in vocab.symmetric and obj < subject:
            subject, obj = obj, subject
            finding = Finding(subject, finding.relation, obj, finding.trigger, finding.rule)
        # A title or a location is presupposed, not stated by the clause around it:
        # "Chancellor Schroeder has called for ..." does not hedge that he is chancellor.
        modality = (
            Modality.ASSERTED
            if finding.rule in PRESUPPOSED_RULES
            else modality_of(finding.trigger, vocab)[0]
        )
        if finding.relation in UNDONE_BY_RUPTURE and ruptured(finding.trigger, vocab):
            modality = Modality.NEGATED  # polarity: "severed ties with" ends cooperation
        speaker = (
            None
            if finding.rule in PRESUPPOSED_RULES
            else attribution_of(finding.trigger, vocab, reader.actors)
        )
        key = (subject, finding.relation, obj, modality)
        entry = merged.get(key)
        if entry is None:
            entry = merged[key] = _Merged(finding, modality, speaker)
        text = _sentence_text(sent)
        if text not in entry.sentences:
            entry.sentences.append(text)
            entry.confidences.append(_confidence(finding.rule))

    tokens = doc_tokens(doc)
    sentences = [s for s in doc.sents if not all(i in ignored for i in range(s.start, s.end))]
    words = [tokens[sent.start : sent.end] for sent in sentences]
    # Roles first: "the Russian president" and "the two leaders" need them.
    for sent, sent_words in zip(sentences, words, strict=True):
        for role in find_roles(sent_words, table, vocab):
            add(Finding(role.person, role.relation, role.target, role.trigger, role.rule), sent)
    for role, index in bare_role_findings(words, table, vocab):
        add(
            Finding(role.person, role.relation, role.target, role.trigger, role.rule),
            sentences[index],
        )
    with_role = {key[0] for key in merged if key[1] in ("leaderOf", "officialOf")}
    for person, relation, country, demoted in home_country_findings(table, with_role):
        trigger = _title_token(doc, table, person, _title_word(table, person))
        if trigger is not None:
            if relation == "leaderOf" and demoted:
                relation = "officialOf"
            add(Finding(person, relation, country, trigger, "title-home"), trigger.sent)
            if relation == "leaderOf":
                table.leaders.setdefault(person, country)
                table.roles.setdefault(("leaderOf", country), person)
    with_role = {key[0] for key in merged if key[1] in ("leaderOf", "officialOf")}
    for person, relation, country, demoted, title in speaker_country_findings(
        doc, table, with_role
    ):
        if relation == "leaderOf" and demoted:
            relation = "officialOf"
        add(Finding(person, relation, country, title, "title-speaker"), title.sent)
    # Once every leader is known, "his Israeli counterpart" can be read.
    for sent, sent_words in zip(sentences, words, strict=True):
        for role in find_roles(sent_words, table, vocab):
            add(Finding(role.person, role.relation, role.target, role.trigger, role.rule), sent)
    for sent, sent_words in zip(sentences, words, strict=True):
        for finding in _sentence_findings(doc, sent_words, reader, vocab, ignored):
            add(finding, sent)
    claims = _claims(merged.values())
    used = frozenset(k for c in claims for k in (c.subject, c.object))
    return ArticleExtraction(article, table.records(used), claims)


def _title_word(table: ArticleEntities, person: str) -> str:
    """The head word of a person's bare title ("minister" of "prime minister")."""
    for holder, _relation, phrase, *_flags in table.bare_roles:
        if holder == person:
            return phrase.split()[-1]
    return ""


def _title_token(doc: Doc, table: ArticleEntities, person: str, word: str) -> Token | None:
    for index, key in sorted(table.span_roots.items()):
        if key == person:
            for token in doc[max(0, index - 6) : index]:
                if token.lemma_.lower() == word:
                    return token
    return None


def _sentence_findings(
    doc: Doc,
    sent: Sequence[Token],
    reader: RelationReader,
    vocab: Vocabulary,
    ignored: set[int],
) -> Iterable[Finding]:
    lemmas, tags, deps = token_lemmas(doc), token_strings(doc, "pos_"), token_strings(doc, "dep_")
    names = reader.table.span_roots  # the root words of names: all a place can be
    for token in sent:  # the article's cached Token objects: iterating a Span makes new ones
        index = token.i
        if index in ignored:
            continue
        lemma, tag = lemmas[index], tags[index]
        if tag in ("VERB", "AUX") and lemma in vocab.verb_triggers:
            for trigger in vocab.verb_triggers[lemma]:
                yield from reader.verb_findings(token, trigger)
        elif tag == "ADJ" and lemma in vocab.adjective_triggers:
            for trigger in vocab.adjective_triggers[lemma]:
                yield from reader.adjective_findings(token, trigger)
        elif tag in ("NOUN", "PROPN") and (
            lemma in vocab.noun_triggers or token.lower_ in vocab.noun_triggers
        ):
            for trigger in vocab.noun_triggers.get(lemma) or vocab.noun_triggers[token.lower_]:
                yield from reader.noun_findings(token, trigger)
        if deps[index] in ("amod", "compound"):
            yield from epithet_findings(reader, token)
        if index in names:
            yield from _located_in(token, reader)


def _located_in(token: Token, reader: RelationReader) -> Iterable[Finding]:
    """ "Basra in southern Iraq", "the North Korean capital, Pyongyang"."""
    table = reader.table
    key = table.span_roots.get(token.i)
    if key is None or table.entity_kind(key) is not EntityKind.PLACE:
        return
    containers: list[str] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "in":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    containers += table.actors(obj, agentive=False, expand=False)
        if child.dep_ == "appos":
            containers += table.actors(child, agentive=False, expand=False)
    if token.dep_ == "appos" and token.head.lemma_.lower() in ("capital", "city", "port"):
        for child in token.head.children:
            if child.dep_ in ("amod", "compound", "poss"):
                country = table.modifier_country(child)
                if country:
                    containers.append(country)
    containers += _region_owner(token, reader)
    for container in containers:
        kind = table.entity_kind(container)
        if container != key and kind in (EntityKind.PLACE, EntityKind.COUNTRY):
            yield Finding(key, "locatedIn", container, token, "located-in")


def _region_owner(token: Token, reader: RelationReader) -> list[str]:
    """ "Algeria's Kabylie region", "Somalia's breakaway region of Somaliland", "Jubbaland,
    one of the five Somali states": the state a region noun beside the name belongs to."""
    table = reader.table
    regions = reader.vocab.cues["region-noun"]
    nouns: list[Token] = []
    head = token.head
    if token.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in regions:
        nouns.append(head)  # "Kabylie region"
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in regions:
        nouns.append(head.head)  # "region of Somaliland"
    for child in token.children:
        if child.dep_ == "appos":
            nouns += [child] if child.lemma_.lower() in regions else []
            for prep in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
                nouns += [o for o in prep.children if o.lemma_.lower() in regions]
    owners: list[str] = []
    for noun in nouns:
        for child in noun.children:
            if child.dep_ == "poss":
                owners += table.actors(child, agentive=False, expand=False)
            elif child.dep_ in ("amod", "compound") and (country := table.modifier_country(child)):
                owners.append(country)
    return owners


def _claims(entries: Iterable[_Merged]) -> tuple[Claim, ...]:
    claims = []
    for entry in entries:
        doubt = 1.0
        for confidence in entry.confidences:
            doubt *= 1.0 - confidence
        finding = entry.finding
        claims.append(
            Claim(
                subject=finding.subject,
                relation=finding.relation,
                object=finding.object,
                sentence=entry.sentences[0],
                trigger=finding.trigger.text,
                rule=finding.rule,
                confidence=round(1.0 - doubt, 3),
                modality=entry.modality,
                attributed_to=entry.attributed_to,
                support=len(entry.sentences),
                more_evidence=tuple(entry.sentences[1:]),
            )
        )
    return tuple(sorted(claims, key=lambda c: (c.subject, c.relation, c.object, c.modality)))
