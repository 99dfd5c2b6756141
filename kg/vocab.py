"""The vocabulary the extractor reads: trigger words, roles, cues and country data.

Everything here is data kept in ``ontologies/*.tsv`` or in the ``countryinfo`` package,
loaded once per process; the code only builds lookup tables from it.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from kg.ontology import ONTOLOGY_DIR, load_ontology

_SEPARATORS = str.maketrans({"-": " ", "'": " ", "’": " ", ".": " "})


@lru_cache(maxsize=1 << 16)  # the same names recur in every article
def normalize_name(name: str) -> str:
    """Compare names as the scorer does: no accents, lower case, punctuation as spaces."""
    if name.isascii():
        stripped = name  # nothing to decompose: the common case, and ten times faster
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().translate(_SEPARATORS).split()).removeprefix("the ")


@dataclass(frozen=True)
class Trigger:
    """A word that expresses a relation, and which prepositions introduce its object."""

    pos: str
    lemma: str
    relation: str
    object_preps: frozenset[str]
    needs: str


@dataclass(frozen=True)
class Vocabulary:
    """Lookup tables for the extractor, all keyed by lower-case lemma or normalised name."""

    verb_triggers: dict[str, tuple[Trigger, ...]]
    noun_triggers: dict[str, tuple[Trigger, ...]]
    adjective_triggers: dict[str, tuple[Trigger, ...]]
    roles: dict[str, str]  # role lemma ("president", "prime minister") -> relation
    cues: dict[str, frozenset[str]]  # cue kind -> words
    furniture: tuple[re.Pattern[str], ...]
    honorifics: frozenset[str]
    countries: dict[str, str]  # normalised name or alias -> canonical country name
    demonyms: dict[str, str]  # normalised demonym -> canonical country name
    capitals: dict[str, str]  # normalised capital -> canonical country name
    seats: dict[str, str]  # normalised seat of government -> canonical country name
    groups: dict[str, str]  # normalised form -> canonical collective actor ("the West")
    symmetric: frozenset[str]  # symmetric relation local names
    given_names: dict[str, str]  # short given name ("joe") -> full form ("joseph")

    @cached_property
    def gazetteer_first_words(self) -> frozenset[str]:
        """The first word of every country and seat name (and "the", which the names drop):
        a token that is none of these starts no gazetteer name."""
        names = [*self.countries, *self.seats]
        return frozenset({"the", *(name.split()[0] for name in names if name)})

    @cached_property
    def pronouns(self) -> frozenset[str]:
        """Every pronoun the cues name: of a person, of a thing, and plural."""
        kinds = ("pronoun-person", "pronoun-neuter", "pronoun-plural")
        return frozenset().union(*(self.cues[kind] for kind in kinds))

    def country(self, name: str) -> str | None:
        """The canonical country a name or alias denotes, if any."""
        return self.countries.get(normalize_name(name))

    @cached_property
    def _any_furniture(self) -> re.Pattern[str]:
        # One pattern of the alternatives: a line is matched once, not once a pattern.
        either = "|".join(f"(?:{pattern.pattern})" for pattern in self.furniture)
        return re.compile(either, re.IGNORECASE)

    def is_furniture(self, line: str) -> bool:
        """Whether a line of an article is page furniture (bylines, captions, links)."""
        return self._any_furniture.match(line) is not None


def rows(name: str) -> list[list[str]]:
    """The data rows of one ``ontologies/*.tsv`` file (comments and blank lines skipped)."""
    return list(each_row(name))


def each_row(name: str) -> Iterator[list[str]]:
    """:func:`rows` one at a time, for a file too big to hold as a list of rows."""
    with (ONTOLOGY_DIR / name).open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield row


def _country_data() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    from countryinfo import CountryInfo

    countries: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    capitals: dict[str, str] = {}
    # Largest population first: where a demonym, capital or spelling is shared ("American",
    # "Indian"), news means the sovereign state, not a territory named after it.
    entries = sorted(
        CountryInfo.all().values(), key=lambda e: (-(e.get("population") or 0), e["name"])
    )
    for entry in entries:
        name = entry["name"]
        countries[normalize_name(name)] = name
        for spelling in entry.get("altSpellings") or []:
            # ISO codes ("IN", "TO", "RUS") collide with ordinary words; news short forms
            # that are codes ("US", "UK") are listed in countries_extra.tsv instead.
            if (
                spelling.isascii()
                and normalize_name(spelling)
                and not (spelling.isupper() and len(spelling) <= 3)
            ):
                countries.setdefault(normalize_name(spelling), name)
        if entry.get("demonym"):
            demonyms.setdefault(normalize_name(entry["demonym"]), name)
        capital: str | list[str] = entry.get("capital") or []
        for city in [capital] if isinstance(capital, str) else capital:
            capitals.setdefault(normalize_name(city), name)
    for country, kind, value in rows("countries_extra.tsv"):
        key = normalize_name(value)
        if kind in ("name", "alias"):
            countries[key] = country
        elif kind == "demonym":
            demonyms[key] = country
        elif kind == "capital":
            capitals.setdefault(key, country)  # a former state yields its capital
    return countries, demonyms, capitals


@cache
def load_vocabulary() -> Vocabulary:
    """Read the vocabulary files once per process."""
    by_pos: dict[str, dict[str, list[Trigger]]] = {"verb": {}, "noun": {}, "adj": {}}
    for pos, lemma, relation, preps, needs in rows("triggers.tsv"):
        trigger = Trigger(
            pos, lemma, relation, frozenset(p for p in preps.split("|") if p != "-"), needs
        )
        by_pos[pos].setdefault(lemma, []).append(trigger)
    cues: dict[str, set[str]] = {}
    furniture: list[re.Pattern[str]] = []
    for kind, value in rows("cues.tsv"):
        if kind == "furniture":
            furniture.append(re.compile(value, re.IGNORECASE))
        else:
            cues.setdefault(kind, set()).add(value.lower())
    countries, demonyms, capitals = _country_data()
    return Vocabulary(
        verb_triggers={k: tuple(v) for k, v in by_pos["verb"].items()},
        noun_triggers={k: tuple(v) for k, v in by_pos["noun"].items()},
        adjective_triggers={k: tuple(v) for k, v in by_pos["adj"].items()},
        roles={lemma.lower(): relation for lemma, relation in rows("roles.tsv")},
        cues={k: frozenset(v) for k, v in cues.items()},
        furniture=tuple(furniture),
        honorifics=frozenset(row[0].lower() for row in rows("honorifics.tsv")),
        countries=countries,
        demonyms=demonyms,
        capitals=capitals,
        seats={normalize_name(n): c for n, c in rows("seats.tsv")},
        groups={normalize_name(form): name for name, form in rows("groups.tsv")},
        symmetric=load_ontology().symmetric,
        given_names={short: full for short, full in rows("given_names.tsv")},
    )
