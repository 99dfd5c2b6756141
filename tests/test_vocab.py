"""The vocabulary files: they load, speak the ontology's terms, and look countries up right."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from kg.namespaces import NKG
from kg.vocab import ONTOLOGY_DIR, Vocabulary, load_vocabulary, normalize_name

# The relations between actors in the data contract (shared/spec/ontology.md).
ACTOR_RELATIONS = frozenset(
    {
        "meetsWith", "visits", "hosts", "signsAgreementWith", "praises", "supports",
        "cooperatesWith", "providesTo", "criticizes", "rejects", "threatens", "sanctions",
        "attacks", "leaderOf", "officialOf", "relativeOf", "allyOf", "locatedIn", "partyTo",
    }
)  # fmt: skip
SYMMETRIC = frozenset({"meetsWith", "signsAgreementWith", "cooperatesWith", "relativeOf", "allyOf"})
VOCABULARY_FILES = sorted(path.name for path in ONTOLOGY_DIR.glob("*.tsv"))
COLUMNS = {
    "countries_extra.tsv": 3,
    "cues.tsv": 2,
    "given_names.tsv": 2,
    "groups.tsv": 2,
    "honorifics.tsv": 1,
    "places.tsv": 2,
    "roles.tsv": 2,
    "rules.tsv": 2,
    "seats.tsv": 2,
    "triggers.tsv": 5,
}


def rows(name: str) -> list[list[str]]:
    """The data rows of a vocabulary file, read independently of kg.vocab."""
    with (ONTOLOGY_DIR / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [row for row in reader if row and not row[0].startswith("#")]


def xfail(reason: str) -> pytest.MarkDecorator:
    """A strict expected failure naming the wrong data."""
    return pytest.mark.xfail(strict=True, reason=reason)


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    """The vocabulary, loaded once."""
    return load_vocabulary()


def test_every_vocabulary_file_has_a_known_shape() -> None:
    assert set(VOCABULARY_FILES) == set(COLUMNS)


@pytest.mark.parametrize("name", VOCABULARY_FILES)
def test_rows_have_their_columns_and_no_stray_space(name: str) -> None:
    data = rows(name)
    assert data, f"{name} has no rows"
    for row in data:
        assert len(row) == COLUMNS[name], f"{name}: {row}"
        assert all(cell and cell == cell.strip() for cell in row), f"{name}: {row}"


@pytest.mark.parametrize("name", VOCABULARY_FILES)
def test_no_duplicate_rows(name: str) -> None:
    counts = Counter(tuple(row) for row in rows(name))
    assert [row for row, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(
    ("name", "key_columns"),
    [
        ("triggers.tsv", (0, 1, 2, 4)),  # (pos, lemma, relation, needs): one rule each
        ("roles.tsv", (0,)),  # one relation per role word
        ("cues.tsv", (0, 1)),
        ("rules.tsv", (0,)),
        ("seats.tsv", (0,)),
        ("groups.tsv", (1,)),  # a form names one group
        ("honorifics.tsv", (0,)),
    ],
)
def test_no_key_is_listed_twice(name: str, key_columns: tuple[int, ...]) -> None:
    counts = Counter(tuple(row[i].lower() for i in key_columns) for row in rows(name))
    assert [key for key, n in counts.items() if n > 1] == []


def test_countries_extra_gives_each_form_one_country() -> None:
    owners: dict[tuple[str, str], set[str]] = {}
    for country, kind, value in rows("countries_extra.tsv"):
        assert kind in ("name", "alias", "demonym", "capital")
        owners.setdefault((kind, normalize_name(value)), set()).add(country)
    assert {key: c for key, c in owners.items() if len(c) > 1} == {}


def test_vocabulary_loads_once(vocab: Vocabulary) -> None:
    assert load_vocabulary() is vocab
    assert vocab.verb_triggers and vocab.noun_triggers and vocab.roles
    assert {"negation", "modal", "hedge-verb", "hedge-adj", "condition", "attribution"} <= set(
        vocab.cues
    )
    assert {"ending", "role-demote", "place-word"} <= set(vocab.cues)


def test_every_trigger_relation_is_an_actor_relation(vocab: Vocabulary) -> None:
    relations = {t.relation for ts in vocab.verb_triggers.values() for t in ts}
    relations |= {t.relation for ts in vocab.noun_triggers.values() for t in ts}
    assert relations <= ACTOR_RELATIONS
    for relation in relations:
        assert str(getattr(NKG, relation)).endswith("#" + relation)  # closed namespace


def test_every_role_relation_is_a_role_property(vocab: Vocabulary) -> None:
    assert set(vocab.roles.values()) <= {"leaderOf", "officialOf", "relativeOf"}
    for relation in set(vocab.roles.values()):
        assert str(getattr(NKG, relation)).endswith("#" + relation)


def test_symmetric_relations_are_the_contract_s(vocab: Vocabulary) -> None:
    assert vocab.symmetric == SYMMETRIC


def test_triggers_parse_prepositions_and_conditions(vocab: Vocabulary) -> None:
    needs = {t.needs for ts in (*vocab.verb_triggers.values(), *vocab.noun_triggers.values())
             for t in ts}  # fmt: skip
    # Each condition is one the relation rules implement (kg/extract/relations.py and
    # kg/extract/diplomacy.py).
    assert needs <= {
        "-", "agreement-object", "thing-object", "person-object", "person-subject",
        "prep-object", "defence-agreement-object", "joint", "thing-owner", "import",
        "ties-object", "envoy-object", "envoy-leave", "restored", "envoy-recalled",
        "envoy-summoned",
        "disapproval-object", "persona-non-grata", "agree-to",
    }  # fmt: skip
    meet = vocab.verb_triggers["meet"][0]
    assert (meet.pos, meet.relation, meet.object_preps) == ("verb", "meetsWith", {"with"})
    assert vocab.verb_triggers["visit"][0].object_preps == frozenset()  # "-" is none
    assert vocab.noun_triggers["ties"][0].object_preps == {"with", "between"}


def test_rule_confidences_are_probabilities() -> None:
    values = {rule: float(value) for rule, value in rows("rules.tsv")}
    assert "default" in values
    assert all(0.0 < v <= 1.0 for v in values.values())


def test_furniture_patterns_compile_and_match_whole_lines(vocab: Vocabulary) -> None:
    assert vocab.is_furniture("Photograph: Simon Maina/AFP/Getty Images")
    assert vocab.is_furniture("By Maria Santos")
    assert vocab.is_furniture("Modi and Macron meet in Paris – video")
    assert vocab.is_furniture("Previous Post Next Post")
    assert not vocab.is_furniture("Kenya signed a trade deal with Japan.")
    assert not vocab.is_furniture("By Friday Kenya and Japan had signed the deal.")
    for pattern in vocab.furniture:
        assert isinstance(pattern, re.Pattern)


# --- country lookups -------------------------------------------------------------------

COUNTRY_NAMES = [
    ("U.S.", "United States"),
    ("US", "United States"),
    ("USA", "United States"),
    ("America", "United States"),
    ("UK", "United Kingdom"),
    ("Britain", "United Kingdom"),
    ("DPRK", "North Korea"),
    ("Burma", "Myanmar"),
    ("Holland", "Netherlands"),
    ("the Netherlands", "Netherlands"),
    ("Côte d'Ivoire", "Ivory Coast"),
    ("Türkiye", "Turkey"),
    ("USSR", "Soviet Union"),
    ("Kenya", "Kenya"),
]


@pytest.mark.parametrize(("name", "country"), COUNTRY_NAMES, ids=[n for n, _ in COUNTRY_NAMES])
def test_country_names_and_aliases(vocab: Vocabulary, name: str, country: str) -> None:
    assert vocab.country(name) == country


@pytest.mark.parametrize("word", ["IN", "TO", "Mr", "Reuters"])
def test_words_that_are_not_countries(vocab: Vocabulary, word: str) -> None:
    # ISO codes such as "IN" and "TO" collide with ordinary words and are not aliases.
    assert vocab.country(word) is None


DEMONYMS = [
    pytest.param("Argentine", "Argentina", id="argentine"),
    pytest.param("Argentinian", "Argentina", id="argentinian"),
    pytest.param("Kenyan", "Kenya", id="kenyan"),
    pytest.param("Brazilian", "Brazil", id="brazilian"),
    pytest.param("Turkish", "Turkey", id="turkish"),
    pytest.param("French", "France", id="french"),
    pytest.param("Saudi", "Saudi Arabia", id="saudi"),
    pytest.param("Filipino", "Philippines", id="filipino"),
    pytest.param("Soviet", "Soviet Union", id="soviet"),
    pytest.param(
        "Indian", "India", id="indian",
    ),
    pytest.param(
        "American", "United States", id="american",
    ),
    pytest.param("Burmese", "Myanmar", id="burmese"),
]  # fmt: skip


@pytest.mark.parametrize(("demonym", "country"), DEMONYMS)
def test_demonyms(vocab: Vocabulary, demonym: str, country: str) -> None:
    assert vocab.demonyms.get(normalize_name(demonym)) == country


CAPITALS = [
    pytest.param("Ankara", "Turkey", id="ankara"),
    pytest.param("Nairobi", "Kenya", id="nairobi"),
    pytest.param("Brasília", "Brazil", id="brasilia-accent"),
    pytest.param("Brasilia", "Brazil", id="brasilia"),
    pytest.param("Washington", "United States", id="washington"),
    pytest.param("New Delhi", "India", id="new-delhi"),
    pytest.param(
        "Moscow", "Russia", id="moscow",
    ),
    pytest.param(
        "Delhi", "India", id="delhi",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("city", "country"), CAPITALS)
def test_capitals(vocab: Vocabulary, city: str, country: str) -> None:
    assert vocab.capitals.get(normalize_name(city)) == country


@pytest.mark.parametrize(
    ("seat", "country"),
    [
        ("Kremlin", "Russia"),
        ("the White House", "United States"),
        ("Downing Street", "United Kingdom"),
        ("Élysée", "France"),
        ("Elysee", "France"),
    ],
)
def test_seats_of_government(vocab: Vocabulary, seat: str, country: str) -> None:
    assert vocab.seats[normalize_name(seat)] == country


def test_groups_and_honorifics(vocab: Vocabulary) -> None:
    assert vocab.groups[normalize_name("Western")] == "the West"
    assert vocab.groups[normalize_name("the West")] == "the West"
    assert {"mr", "president", "sheikh"} <= vocab.honorifics


# --- normalize_name --------------------------------------------------------------------

NORMALISED = [
    pytest.param("Kim Jong-un", "kim jong un", id="hyphen-is-a-space"),
    pytest.param("Kim Jong Un", "kim jong un", id="spellings-compare-equal"),
    pytest.param("U.S.", "u s", id="full-stops-are-spaces"),
    pytest.param("Côte d'Ivoire", "cote d ivoire", id="accents-dropped-apostrophe-a-space"),
    pytest.param(
        "Côte d’Ivoire", "cote d ivoire", id="typographic-apostrophe",
    ),
    pytest.param("  The  Kremlin ", "kremlin", id="leading-article-and-spaces-dropped"),
    pytest.param("the Gambia", "gambia", id="lower-case-article"),
    pytest.param("Theatre", "theatre", id="the-only-as-a-word"),
    pytest.param("ÉLYSÉE", "elysee", id="upper-case-accents"),
    pytest.param("", "", id="empty"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "expected"), NORMALISED)
def test_normalize_name(name: str, expected: str) -> None:
    assert normalize_name(name) == expected


# Which column of a vocabulary file says what kind of row it is (files with one kind of
# row have none): every kind must be read by some code, or the rows are dead data.
KIND_COLUMNS = {
    "countries_extra.tsv": (1,),
    "cues.tsv": (0,),
    "triggers.tsv": (0, 4),  # part of speech, and the condition a rule checks
}
SOURCE = "\n".join(
    path.read_text(encoding="utf-8") for path in sorted((ONTOLOGY_DIR.parent / "kg").rglob("*.py"))
)


@pytest.mark.parametrize("name", VOCABULARY_FILES)
def test_every_kind_of_row_is_read_by_code(name: str) -> None:
    assert f'"{name}"' in SOURCE, f"no code reads {name}"
    kinds = {row[i] for row in rows(name) for i in KIND_COLUMNS.get(name, ())} - {"-"}
    unread = sorted(kind for kind in kinds if f'"{kind}"' not in SOURCE)
    assert unread == [], f"{name}: no code reads the rows of kind {unread}"
