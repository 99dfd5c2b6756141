"""Names that denote another name of the article: short names ("Putin"), acronyms
("KCNA", "ECOWAS"), "also known as", bodies named without their country, short place
names ("Addis"), "the Koreas"; and the same folding across articles (``fold_names``)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.nlp import doc_tokens, token_strings
from kg.records import EntityKind
from kg.resolve.table import ArticleEntities
from kg.vocab import Vocabulary, normalize_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def person_aliases(names: list[tuple[str, int]]) -> dict[str, str]:
    """Map short names ("Putin", "Kim") to the fullest name they abbreviate in the article."""
    full: dict[str, tuple[int, int]] = {}  # name -> (mention count, first position)
    for name, position in names:
        count, first = full.get(name, (0, position))
        full[name] = (count + 1, min(first, position))
    mapping: dict[str, str] = {}
    parts = {name: normalize_name(name).split() for name in full}
    for name, words in parts.items():
        candidates = [other for other, fuller in parts.items() if abbreviates(words, fuller)]
        if candidates:
            # Two people may share a surname (Kim Jong-un, Kim Yo-jong): the short name
            # means the one the article is about, i.e. the most mentioned, then the first.
            mapping[name] = min(candidates, key=lambda c: (-full[c][0], full[c][1], c))
    return mapping


def abbreviates(words: list[str], fuller: list[str]) -> bool:
    """Whether a short name's words begin or end a longer name: "Putin" for Vladimir
    Putin, "Lopez Obrador" for Andres Manuel Lopez Obrador, "Xi" for Xi Jinping."""
    size = len(words)
    return len(fuller) > size and words in (fuller[:size], fuller[-size:])


def fold_names(entities: Mapping[str, tuple[EntityKind, str]], vocab: Vocabulary) -> dict[str, str]:
    """Across articles: which entity keys fold into which, by the rules resolution uses
    inside one article. A short person name folds into the one person whose fuller name
    it abbreviates; a body named without its country ("Senate") into the one named with
    it ("U.S. Senate"). A short name that fits two (Kim Jong-un, Kim Yo-jong) folds into
    neither: across articles there is no "most mentioned" to prefer. Pure and independent
    of the order of ``entities``."""
    merges: dict[str, str] = {}
    people = {
        key: normalize_name(name).split()
        for key, (kind, name) in entities.items()
        if kind is EntityKind.PERSON
    }
    # Indexes instead of comparing every pair: a store holds tens of thousands of people.
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_part: dict[tuple[str, ...], set[str]] = defaultdict(set)  # leading or trailing words
    for key, words in people.items():
        by_words[tuple(words)].append(key)
        for size in range(1, len(words)):
            by_part[tuple(words[:size])].add(key)
            by_part[tuple(words[-size:])].add(key)
    # "Joe Biden" and "Joseph Biden": a short given name folds into its full form.
    for key, words in sorted(people.items()):
        if len(words) < 2 or words[0] not in vocab.given_names:
            continue
        full_form = (vocab.given_names[words[0]], *words[1:])
        same = sorted(o for o in by_words.get(full_form, ()) if o != key)
        if len(same) == 1:
            merges[key] = same[0]
    # "Biden" for either of them is then one person.
    for key, words in sorted(people.items()):
        if key in merges:
            continue
        fuller = {merges.get(o, o) for o in by_part.get(tuple(words), ())}
        if len(fuller) == 1:
            merges[key] = fuller.pop()
    bodies = {
        key: name for key, (kind, name) in entities.items() if kind is EntityKind.ORGANIZATION
    }
    by_name: dict[str, list[str]] = {}
    for key, name in sorted(bodies.items()):
        by_name.setdefault(name, []).append(key)
    for short, full in sorted(short_organisations(sorted(bodies.values()), vocab).items()):
        if len(by_name[full]) == 1:
            for key in by_name[short]:
                merges[key] = by_name[full][0]
    return merges


def person_fold_frontier(names: Iterable[str], vocab: Vocabulary, *, parts: bool) -> set[str]:
    """The person names :func:`fold_names` must see, with every person whose name begins
    or ends with them, to decide the folds of ``names``: each name, its given-name full
    form ("joseph biden" for "joe biden") and, with ``parts``, the short names it (or a
    nickname form of it) begins or ends with, which may fold into it."""
    nicknames: dict[str, list[str]] = defaultdict(list)
    for short, full in vocab.given_names.items():
        nicknames[full].append(short)
    frontier: set[str] = set()
    for name in names:
        words = normalize_name(name).split()
        if not words:
            continue
        forms = [words]
        if parts:
            forms += [[nickname, *words[1:]] for nickname in nicknames.get(words[0], ())]
        for form in forms:
            sizes = range(1, len(form) + 1) if parts else (len(form),)
            for size in sizes:
                frontier.update((" ".join(form[:size]), " ".join(form[-size:])))
    for name in list(frontier):
        first, _, rest = name.partition(" ")
        if first in vocab.given_names:
            frontier.add(f"{vocab.given_names[first]} {rest}".strip())
    return frontier


def body_fold_frontier(names: Iterable[str], vocab: Vocabulary) -> set[str]:
    """The body names :func:`fold_names` must see, with every body whose name ends with
    them, to decide the folds of ``names``: each name, and the name left once a leading
    country or demonym is cut ("senate" for "u s senate"), which may fold into it."""
    frontier: set[str] = set()
    for name in names:
        words = normalize_name(name).split()
        frontier.add(" ".join(words))
        for cut in range(1, len(words)):
            country = " ".join(words[:cut])
            if country in vocab.countries or country in vocab.demonyms:
                frontier.add(" ".join(words[cut:]))
    frontier.discard("")
    return frontier


def parenthetical_aliases(
    doc: Doc, spans: list[tuple[Span, EntityKind, str, str]]
) -> list[tuple[Span, EntityKind, str, str]]:
    """ "Bajo de Masinloc (Scarborough Shoal)": a place or body named again in brackets
    right after its name is the same one."""
    by_start = {span.start: (span, kind, canonical) for span, kind, canonical, _ in spans}
    renamed: dict[int, tuple[EntityKind, str]] = {}
    added: list[tuple[Span, EntityKind, str, str]] = []
    for span, kind, canonical, _ in spans:
        if kind not in (EntityKind.PLACE, EntityKind.ORGANIZATION) or span.end >= len(doc):
            continue
        if doc[span.end].text != "(":
            continue
        inner = by_start.get(span.end + 1)
        if inner is None:
            # The tagger may leave the bracketed name untagged: read it from its words.
            end = span.end + 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
                end += 1
            if end > span.end + 1 and end < len(doc) and doc[end].text == ")":
                bracketed = doc[span.end + 1 : end]
                added.append((bracketed, kind, bracketed.text, bracketed.text))
                by_start[bracketed.start] = (bracketed, kind, bracketed.text)
                inner = by_start[bracketed.start]
        if (
            inner is not None
            and inner[1] in (EntityKind.PLACE, EntityKind.ORGANIZATION)
            and inner[0].end < len(doc)
            and doc[inner[0].end].text == ")"
        ):
            renamed[inner[0].start] = (kind, renamed.get(span.start, (kind, canonical))[1])
    # Every mention of the bracketed name is the same one, not only the bracketed one.
    spans = spans + added
    by_name = {by_start[start][2]: target for start, target in renamed.items()}
    return [
        (span, *by_name[c], name) if c in by_name else (span, k, c, name)
        for span, k, c, name in spans
    ]


def known_as(
    doc: Doc, spans: list[tuple[Span, EntityKind, str, str]], vocab: Vocabulary
) -> list[tuple[Span, EntityKind, str, str]]:
    """ "Mahmoud Abbas, also known as Abu Mazen": the second name is an alias of the first."""
    by_start = {span.start: (span, kind, canonical) for span, kind, canonical, _ in spans}
    renamed: dict[int, str] = {}
    for span, kind, canonical, _ in spans:
        if kind is not EntityKind.PERSON:
            continue
        index = span.end + (1 if span.end < len(doc) and doc[span.end].text in (",", "(") else 0)
        # Longest phrase first: "also known as" before "known as".
        for phrase in sorted(vocab.cues["alias-phrase"], key=lambda p: (-len(p), p)):
            words = phrase.split()
            if [t.lower_ for t in doc[index : index + len(words)]] == words:
                target = by_start.get(index + len(words))
                # The alias is the person's whatever the tagger called it ("El Chapo": ORG).
                if target and target[1] not in (EntityKind.COUNTRY, EntityKind.PLACE):
                    renamed[target[0].start] = canonical
                break
    return [
        (span, EntityKind.PERSON, renamed[span.start], name)
        if span.start in renamed
        else (span, kind, canonical, name)
        for span, kind, canonical, name in spans
    ]


def short_organisations(names: list[str], vocab: Vocabulary) -> dict[str, str]:
    """Map an acronym ("KCNA") to the organisation whose initials it spells, and a name
    without its country ("Senate") to the one with it ("U.S. Senate")."""
    mapping: dict[str, str] = {}
    long_names = sorted({n for n in names if " " in n})
    # Each long name under every ending that follows a country or demonym ("U.S. Senate"
    # under "senate"): one lookup per name instead of a comparison with every other.
    by_ending: dict[str, set[str]] = defaultdict(set)
    for other in long_names:
        words = normalize_name(other).split()
        for cut in range(1, len(words)):
            country = " ".join(words[:cut])
            if country in vocab.countries or country in vocab.demonyms:
                by_ending[" ".join(words[cut:])].add(other)
    for name in sorted(set(names)):
        fuller = by_ending.get(normalize_name(name), set()) - {name}
        if len(fuller) == 1:
            mapping[name] = fuller.pop()
    for name in set(names):
        if ACRONYM.match(name):
            for other in long_names:
                if spells_acronym(name, other):
                    mapping[name] = other
                    break
    return mapping


def short_places(names: list[str]) -> dict[str, str]:
    """ "Addis" for Addis Ababa: a one-word place name that begins the one longer place
    name of the article."""
    mapping: dict[str, str] = {}
    long_names = sorted({n for n in names if " " in n})
    for name in sorted({n for n in names if " " not in n}):
        fuller = [o for o in long_names if normalize_name(o).split()[0] == normalize_name(name)]
        if len(fuller) == 1:
            mapping[name] = fuller[0]
    for name in long_names:
        fuller = [o for o in long_names if o != name and abbreviated_word(name, o)]
        if len(fuller) == 1:
            mapping[name] = fuller[0]
    return mapping


def abbreviated_word(short: str, full: str) -> bool:
    """ "West PH Sea" for West Philippine Sea: the names differ in one word, which the
    short one abbreviates in capitals."""
    a, b = short.split(), full.split()
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differ) == 1 and (
        2 <= len(differ[0][0]) <= 3
        and differ[0][0].isupper()
        and differ[0][1].lower().startswith(differ[0][0].lower())
        and len(differ[0][1]) > len(differ[0][0])
    )


@lru_cache(maxsize=1 << 14)  # a headline's capitals are tried on every body of the article
def spells_acronym(acronym: str, name: str) -> bool:
    """Whether an acronym spells a name: each capitalised word gives its first letter or
    a few more, small words may give one or none ("ECOWAS": Economic COmmunity of West
    African States; "KCNA": Korean Central News Agency)."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isalpha()]
    if len(words) < 2:
        return False

    def match(letters: str, index: int) -> bool:
        if index == len(words):
            return not letters
        word = words[index].upper()
        if not word[:1].isalpha():
            return match(letters, index + 1)
        required = words[index][:1].isupper()
        if not required and match(letters, index + 1):
            return True
        for size in range(1, min(len(word), len(letters), ACRONYM_PREFIX) + 1):
            if word[:size] == letters[:size] and match(letters[size:], index + 1):
                return True
        return False

    return match(acronym.upper(), 0)


ACRONYM_PREFIX = 2  # letters one word may give an acronym ("COmmunity" in ECOWAS)


def untagged_acronyms(
    doc: Doc, spans: list[tuple[Span, EntityKind, str, str]], ignored: set[int]
) -> list[tuple[Span, EntityKind, str, str]]:
    """An all-capitals word the tagger left untagged ("WHO officials") that spells an
    organisation of the article is that organisation."""
    taken = {t.i for span, *_ in spans for t in span}
    bodies = sorted({c for _, kind, c, _ in spans if kind is EntityKind.ORGANIZATION and " " in c})
    found = []
    for index, word in enumerate(token_strings(doc, "text")):
        if index in taken or index in ignored or not ACRONYM.match(word):
            continue
        token = doc_tokens(doc)[index]
        for body in bodies:
            if spells_acronym(token.text, body):
                found.append(
                    (doc[token.i : token.i + 1], EntityKind.ORGANIZATION, body, token.text)
                )
                break
    return found


def untagged_short_names(
    doc: Doc,
    spans: list[tuple[Span, EntityKind, str, str]],
    full_people: dict[str, str],
    ignored: set[int],
) -> list[tuple[Span, EntityKind, str, str]]:
    """A surname the tagger left untagged ("Lula said") is the person named so before."""
    taken = {t.i for span, *_ in spans for t in span}
    found = []
    for index, tag in enumerate(token_strings(doc, "pos_")):
        if tag != "PROPN" or index in taken or index in ignored:
            continue
        token = doc_tokens(doc)[index]
        canonical = full_people.get(normalize_name(token.text))
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if canonical and not any(n.pos_ == "PROPN" and n.i not in taken for n in neighbours):
            found.append((doc[token.i : token.i + 1], EntityKind.PERSON, canonical, token.text))
    return found


def plural_countries(
    spans: list[tuple[Span, EntityKind, str, str]], table: ArticleEntities
) -> list[tuple[Span, EntityKind, str, str]]:
    """ "the Koreas" names the article's countries called "... Korea", not a place."""
    countries = sorted({c for _, k, c, _ in spans if k is EntityKind.COUNTRY})
    kept = []
    for span, kind, canonical, name in spans:
        words = normalize_name(name).split()
        if kind is not EntityKind.COUNTRY and len(words) == 1 and words[0].endswith("s"):
            members = [c for c in countries if normalize_name(c).split()[-1] == words[0][:-1]]
            if len(members) >= 2:
                keys = tuple(table.country(c, span.start) for c in members)
                for token in span:
                    table.plurals[token.i] = keys
                continue
        kept.append((span, kind, canonical, name))
    return kept
