"""Roles and titles: who leads, serves or is related to whom.

Constructions: a title before a name ("Russian President Vladimir Putin", "its leader
Kim Jong Un", "UK Foreign Secretary Jack Straw"), and an apposition around a role noun
("the US secretary of state, Antony Blinken", "Kim's influential sister, Kim Yo-jong").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.records import EntityKind
from kg.resolve import ArticleEntities
from kg.vocab import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Tokens scanned left of a name for its title: "Kuwait's Crown Prince and Prime Minister Sheikh".
TITLE_WINDOW = 9
WINDOW_POS = frozenset({"PROPN", "NOUN", "ADJ", "PART", "PRON", "DET", "ADP", "PUNCT", "CCONJ"})
EMPLOYERS = frozenset({EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.GROUP})
QUALIFIER_TYPES = frozenset({"NORP", "ORG", "FAC", "GPE", "LOC", "PERSON"})


def _title_phrase(window: list[Token], head: Token, vocab: Vocabulary) -> str:
    """The role words of a title: "prime minister", not just "minister"."""
    before = [t for t in window if t.i == head.i - 1]
    phrase = f"{before[0].lemma_.lower()} {head.lemma_.lower()}" if before else ""
    if phrase in vocab.roles:  # two-word titles of roles.tsv
        return phrase
    return head.lemma_.lower()


@dataclass(frozen=True)
class RoleFinding:
    """A person's role in a country, organisation or family, with what showed it."""

    person: str
    relation: str
    target: str
    trigger: Token
    rule: str


def _role_of(tokens: list[Token], vocab: Vocabulary) -> tuple[str, Token, bool] | None:
    """The role a run of tokens names: (relation, head word, demoted?)."""
    lemmas = [t.lemma_.lower() for t in tokens]
    for index in range(len(tokens) - 1, -1, -1):
        for width in (2, 1):
            if index - width + 1 < 0:
                continue
            phrase = " ".join(lemmas[index - width + 1 : index + 1])
            relation = vocab.roles.get(phrase)
            if relation:
                before = lemmas[max(0, index - width - 1) : index - width + 1]
                demoted = any(
                    word.split("-")[0] in vocab.cues["role-demote"]
                    for word in [*before, phrase.split()[0]]
                )
                return relation, tokens[index], demoted
    return None


def _employer(tokens: list[Token], table: ArticleEntities, stop: int) -> str | None:
    """The country or organisation named among modifiers left of the role word, nearest
    first ("US Federal Reserve chairman" heads the Federal Reserve)."""
    for token in reversed([t for t in tokens if t.i < stop]):
        if token.lower_ in ("its", "their") and token.pos_ == "PRON":
            found = table.antecedent(token, EMPLOYERS, accept=lambda key: not _media(key, table))
            if found:
                return found[0]
            continue
        if token.i in table.by_token:
            key = table.by_token[token.i]
            key = table.metonyms.get(key, key)
            kind = table.entity_kind(key)
            if kind is EntityKind.ORGANIZATION and _department(token, stop):
                continue  # "Secretary of State", "Defense Secretary": part of the title
            if kind is EntityKind.ORGANIZATION and _portfolio(key, token, stop, table):
                # "Belgian Foreign Trade Minister": the portfolio may name the country.
                if country := table.modifier_country(token, lexical=True):
                    return country
                continue
            if kind in EMPLOYERS:
                return key
            if table.entity_kind(key) is EntityKind.PERSON and key in table.leaders:
                return table.leaders[key]
            continue
        country = table.modifier_country(token)
        if country:
            return country
    return None


def _media(key: str, table: ArticleEntities) -> bool:
    """A news outlet: it reports on leaders, it is not what "its leader" leads."""
    words = set(key.rsplit("/", 1)[-1].split("-"))
    return table.entity_kind(key) is EntityKind.ORGANIZATION and bool(
        words & table.vocab.cues["media-word"]
    )


def _portfolio(key: str, token: Token, role_head: int, table: ArticleEntities) -> bool:
    """An organisation name right before the title that names no body ("Foreign Trade",
    "Social Affairs") is the minister's portfolio, not an employer."""
    span = [i for i in range(token.i - 7, token.i + 8) if table.by_token.get(i) == key]
    last = token.doc[max(span)]
    return max(span) == role_head - 1 and last.lower_ not in table.vocab.cues["org-noun"]


def _department(token: Token, role_head: int) -> bool:
    """A one-word organisation right beside the role word names a department of it."""
    doc = token.doc
    one_word = token.ent_iob_ == "B" and (
        token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I"
    )
    return one_word and abs(token.i - role_head) <= 2


def _title_window(
    name_start: int, doc_tokens: Doc, sent_start: int, table: ArticleEntities
) -> list[Token]:
    window: list[Token] = []
    index = name_start - 1
    units = 0  # a multi-word name counts once: "Prime Minister of the United Kingdom of ..."
    while index >= sent_start and units < TITLE_WINDOW:
        token = doc_tokens[index]
        other = table.by_token.get(token.i)
        if other is None or table.by_token.get(token.i - 1) != other:
            units += 1
        if other and table.entity_kind(other) is EntityKind.PERSON:
            break  # another person's name: their title is theirs
        temporary = token.lower_ in table.vocab.cues["temporary"]  # "then-president"
        if (token.pos_ not in WINDOW_POS and not temporary) or token.text in (
            ",",
            "(",
            ")",
            ":",
            ";",
            "—",
            "–",
        ):
            break
        if token.pos_ == "ADP" and token.lower_ not in table.vocab.cues["title-prep"]:
            break
        if token.pos_ == "CCONJ" and token.lower_ != "and":
            break  # "Crown Prince and Prime Minister Sheikh Saad": two titles, one person
        if token.pos_ == "DET" and token.lower_ not in ("the",):
            break
        window.insert(0, token)
        index -= 1
    # "its support of opposition leader X": a title ends at "of" after a noun that is no
    # role; what that noun's modifiers name is not the title's employer.
    for position in range(len(window) - 1, 0, -1):
        token = window[position]
        before = window[position - 1]
        if (
            token.lower_ == "of"
            and before.pos_ == "NOUN"
            and before.lemma_.lower() not in table.vocab.roles
            and before.i not in table.by_token
        ):
            return window[position + 1 :]
    return window


def find_roles(
    sentence_tokens: list[Token], table: ArticleEntities, vocab: Vocabulary
) -> Iterator[RoleFinding]:
    """Yield the roles stated in one sentence, updating the article's role table."""
    if not sentence_tokens:
        return
    doc_tokens = sentence_tokens[0].doc  # indexed in place: copying it per sentence is quadratic
    sent_start = sentence_tokens[0].i
    plural: tuple[str, Token, bool] | None = None
    for token in sentence_tokens:
        key = table.span_roots.get(token.i)
        if key is None or table.entity_kind(key) is not EntityKind.PERSON:
            continue
        # The name's first token: only the 15 around this one can be it (not the whole text).
        name_start = min(i for i in range(token.i - 7, token.i + 8) if table.by_token.get(i) == key)
        # Title before the name.
        window = _title_window(name_start, doc_tokens, sent_start, table)
        window = [t for t in window if t.i not in table.by_token or table.by_token[t.i] != key]
        role = _role_of([t for t in window if t.i not in table.by_token], vocab) if window else None
        if role and role[1].tag_ in ("NNS", "NNPS"):
            plural = role  # "Presidents X of A and Y of B": the title heads both names
        elif not role and plural and name_start > 0 and doc_tokens[name_start - 1].lower_ == "and":
            relation, head, demoted = plural
            target = _of_target([token], token, table)
            if target and target != key:
                yield record_role(table, key, relation, target, head, demoted, "title")
            continue
        if role:
            relation, head, demoted = role
            # "Venezuelan opposition leader": a not-state word makes it no office of the
            # state, so nothing left of it is the employer.
            not_state = [
                t.i
                for t in window
                if t.i < head.i
                and t.lemma_.lower() in vocab.cues["not-state"]
                and t.i not in table.by_token  # "Conservative Party member": the party employs
            ]
            scope = [t for t in window if not not_state or t.i > max(not_state)]
            target = (
                _employer(scope, table, stop=head.i)
                or _of_target(window, head, table)
                or _of_target([token], token, table)  # "President Xi Jinping of China"
            )
            if target and target != key:
                yield record_role(table, key, relation, target, head, demoted, "title")
            else:
                # A qualifier we could not place ("Tory leader", "Liberal Democrat
                # chairman") says the office is not the state's.
                qualified = any(
                    (t.ent_type_ in QUALIFIER_TYPES and not _department(t, head.i))
                    or t.lemma_.lower() in vocab.cues["not-state"]
                    for t in window
                    if t.i < head.i
                )
                table.titles.setdefault(head.lemma_.lower(), set()).add(key)
                # "acting", "former", "then-": not the one current head of the state.
                temporary = any(
                    part in vocab.cues["temporary"] for t in window for part in t.lower_.split("-")
                )
                table.bare_roles.append(
                    (
                        key,
                        relation,
                        _title_phrase(window, head, vocab),
                        demoted,
                        qualified,
                        temporary,
                    )
                )
            continue
        # Apposition: "the Russian president, Vladimir Putin" / "Putin, the Russian president".
        nouns = _apposed_nouns(token)
        if token.i in table.apposed:
            nouns.append(token.doc[table.apposed[token.i]])
        for noun in nouns:
            role = _role_of([noun], vocab)
            if not role:
                continue
            relation, head, demoted = role
            modifiers = sorted(
                (c for c in noun.children if c.dep_ in ("amod", "compound", "poss", "nmod")),
                key=lambda t: t.i,
            )
            target = None
            if noun.lemma_.lower() == "counterpart":
                # "his Israeli counterpart, Ariel Sharon": the possessor's role, elsewhere.
                owners = [c for c in noun.children if c.dep_ == "poss"]
                people = [k for o in owners for k in table.actors(o, expand=False)]
                if not any(p in table.leaders for p in people):
                    continue  # whose counterpart is not known (yet)
                relation = "leaderOf"
            if relation == "relativeOf":
                for child in modifiers:
                    if child.dep_ == "poss":
                        found = table.actors(child, expand=False)
                        people = [k for k in found if table.entity_kind(k) is EntityKind.PERSON]
                        target = people[0] if people else None
            else:
                flat: list[Token] = []
                for child in modifiers:
                    flat.extend(child.subtree)
                target = (
                    _employer(flat, table, stop=noun.i)
                    or _of_target([noun, *noun.subtree], noun, table)
                    or _governing_leader(noun, table)
                )
            if target and target != key:
                yield record_role(table, key, relation, target, noun, demoted, "apposition")
                break


def _apposed_nouns(name: Token) -> list[Token]:
    # A capitalised title is tagged PROPN: "Somali Information Minister, Osman Dube".
    nouns = [c for c in name.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")]
    if name.dep_ == "appos" and name.head.pos_ in ("NOUN", "PROPN"):
        nouns.append(name.head)
    return nouns


def _of_target(tokens: list[Token], head: Token, table: ArticleEntities) -> str | None:
    """ "minister of Egypt", "deputy prime minister of Saudi Arabia"."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    if head.lemma_.lower() in table.vocab.roles and _department(obj, head.i):
                        continue  # "Secretary of State": part of the title
                    for key in table.actors(obj, expand=False):
                        if table.entity_kind(key) in EMPLOYERS:
                            return key
    return None


def _governing_leader(noun: Token, table: ArticleEntities) -> str | None:
    """ "members of Kim's inner circle, including the foreign minister": Kim's country."""
    for ancestor in noun.ancestors:
        # "to meet members of Kim's inner circle, including the foreign minister": the
        # owner may hang on the governing word, its object, or one "of" further down.
        holders = [ancestor] + [c for c in ancestor.children if c.dep_ in ("dobj", "nsubj")]
        owners = [c for h in holders for c in h.children if c.dep_ == "poss"]
        for holder in holders:
            for prep in (c for c in holder.children if c.dep_ == "prep" and c.lower_ == "of"):
                for obj in prep.children:
                    owners += [c for c in obj.children if c.dep_ == "poss"]
        for owner in owners:
            for key in table.actors(owner, expand=False):
                if key in table.leaders:
                    return table.leaders[key]
    return None


def record_role(
    table: ArticleEntities,
    person: str,
    relation: str,
    target: str,
    trigger: Token,
    demoted: bool,
    rule: str,
) -> RoleFinding:
    """Note a person's role in the article's role tables and return it as a finding."""
    if relation == "leaderOf" and demoted:
        relation = "officialOf"
    if relation == "relativeOf" and table.entity_kind(target) is not EntityKind.PERSON:
        relation = "officialOf"
    table.titles.setdefault(trigger.lemma_.lower(), set()).add(person)
    if relation == "officialOf" and table.entity_kind(target) is EntityKind.COUNTRY:
        table.affiliations.setdefault(person, target)
    if relation == "leaderOf" and table.entity_kind(target) is EntityKind.COUNTRY:
        table.roles.setdefault(("leaderOf", target), person)
        table.leaders.setdefault(person, target)
    return RoleFinding(person, relation, target, trigger, rule)
