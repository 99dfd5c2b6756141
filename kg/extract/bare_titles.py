"""Titles that name no country ("President Hosni Mubarak", "Foreign Minister X said"):
the country comes from a description of the same role elsewhere ("the Egyptian
president"), from what the title holder reports on, or from the article's home country.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.roles import RoleFinding, record_role
from kg.records import EntityKind
from kg.resolve import ArticleEntities
from kg.vocab import Vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

HOME_DOMINANCE = 2  # the home country acts at least twice as often as any other country


def bare_role_findings(
    sentences: list[list[Token]], table: ArticleEntities, vocab: Vocabulary
) -> Iterator[tuple[RoleFinding, int]]:
    """A title without a country ("Prime Minister Tony Blair") takes the country of a
    description of the same role elsewhere ("the British prime minister"), when only
    one person of the article holds that title. Yields findings with their sentence."""
    holders: dict[str, list[tuple[str, str, bool]]] = {}
    for person, relation, phrase, demoted, _qualified, _temporary in table.bare_roles:
        word = phrase.split()[-1]
        if (person, relation, demoted) not in holders.setdefault(word, []):
            holders[word].append((person, relation, demoted))
    if not holders:
        return  # most articles: no bare title to look for
    for index, sentence in enumerate(sentences):
        for token in sentence:
            word = token.lemma_.lower()
            if word not in holders or len(holders[word]) != 1 or token.i in table.by_token:
                continue
            if len(table.titles.get(word, ())) != 1:
                continue  # "the French president" may be a titled president named in full
            if any(c.dep_ == "appos" for c in token.children) or token.dep_ == "compound":
                continue  # a title beside a name was read as such already
            if not any(c.lower_ == "the" for c in token.children):
                continue
            person, relation, demoted = holders[word][0]
            for child in token.children:
                if child.dep_ in ("amod", "compound"):
                    country = table.modifier_country(child)
                    if country:
                        yield (
                            record_role(
                                table,
                                person,
                                relation,
                                country,
                                token,
                                demoted,
                                "title-description",
                            ),
                            index,
                        )
                        break


def home_country_findings(
    table: ArticleEntities, assigned: set[str]
) -> Iterator[tuple[str, str, str, bool]]:
    """A bare title ("President Hosni Mubarak") with no country anywhere in the article
    belongs to the article's home country: the one it names most, when one clearly
    leads. Yields (person, relation, country, demoted)."""
    # The country the article names most often as a subject: in "New Zealand has imposed
    # sanctions against Fiji" the home country acts, the other one is acted upon.
    tally: dict[str, int] = {}
    for _position, key, is_subject in table.events:
        key = table.metonyms.get(key, key)
        if is_subject and table.entity_kind(key) is EntityKind.COUNTRY:
            tally[key] = tally.get(key, 0) + 1
    counts = sorted(((n, key) for key, n in tally.items()), reverse=True)
    if not counts:
        return
    if len(counts) > 1 and counts[0][0] < HOME_DOMINANCE * counts[1][0]:
        return
    home = counts[0][1]
    seen: set[str] = set()
    state_titles = table.vocab.cues["state-title"]
    home_leader = any(country == home for country in table.leaders.values())
    for person, relation, phrase, demoted, qualified, temporary in table.bare_roles:
        if person in assigned or person in seen or qualified or phrase not in state_titles:
            continue
        seen.add(person)
        if relation == "leaderOf" and not demoted and not temporary:
            # A state has one head at a time: a second bare "President X" in the article
            # leads somewhere else.
            if home_leader:
                continue
            home_leader = True
        yield person, relation, home, demoted


def speaker_country_findings(
    doc: Doc, table: ArticleEntities, assigned: set[str]
) -> Iterator[tuple[str, str, str, bool, Token]]:
    """A bare state title whose holder reports what one country does ("Algeria is cutting
    ties, Foreign Minister X said") speaks for that country. Yields (person, relation,
    country, demoted, title word)."""
    speech = table.vocab.cues["attribution"]
    state_titles = table.vocab.cues["state-title"]
    for person, relation, phrase, demoted, qualified, _temporary in table.bare_roles:
        if person in assigned or qualified or phrase not in state_titles:
            continue
        for index, key in sorted(table.span_roots.items()):
            if key != person:
                continue
            token = doc[index]
            verb = token.head
            if token.dep_ != "nsubj" or verb.lemma_.lower() not in speech:
                continue
            countries = {
                table.metonyms.get(actor, actor)
                for clause in verb.children
                if clause.dep_ == "ccomp"
                for subject in clause.children
                if subject.dep_ in ("nsubj", "nsubjpass")
                for actor in table.actors(subject)
            }
            countries = {c for c in countries if table.entity_kind(c) is EntityKind.COUNTRY}
            if len(countries) == 1:
                word = phrase.split()[-1]
                title = next(
                    (t for t in doc[max(0, index - 6) : index] if t.lemma_.lower() == word), token
                )
                yield person, relation, countries.pop(), demoted, title
                break
