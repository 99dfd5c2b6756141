"""The extractor as a specification: one table of news sentences per construction.

Each row parses a short article with the real pipeline and compares the claims on
entity labels. ``present`` lists (subject, relation, object, modality) that must be
extracted (symmetric relations in either direction); ``absent`` lists (subject,
relation, object) that must not be extracted as Asserted. Known gaps are strict
xfails whose reason names the missing rule, so a fix turns them red.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from kg.extract import extract_article
from kg.extract.relations import fits
from kg.ingest import content_hash
from kg.namespaces import slugify
from kg.nlp import load_pipeline
from kg.records import Article, ArticleExtraction, EntityKind, Modality
from kg.vocab import load_vocabulary

if TYPE_CHECKING:
    from spacy.language import Language

A = Modality.ASSERTED
N = Modality.NEGATED
H = Modality.HYPOTHETICAL

Claimed = tuple[str, str, str, Modality]  # (subject label, relation, object label, modality)
Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Case:
    """One sentence (or short article) and what the extractor must and must not find."""

    text: str
    present: frozenset[Claimed] = frozenset()
    absent: frozenset[Triple] = frozenset()
    kinds: tuple[tuple[str, EntityKind], ...] = ()  # labels that must exist with this class
    not_entities: frozenset[str] = frozenset()  # surface forms no entity may carry


def row(
    row_id: str,
    text: str,
    present: Iterable[Claimed] = (),
    absent: Iterable[Triple] = (),
    *,
    kinds: Iterable[tuple[str, EntityKind]] = (),
    not_entities: Iterable[str] = (),
    xfail: str | None = None,
) -> object:
    """A table row; ``xfail`` names the rule the extractor lacks (a strict expected failure)."""
    case = Case(text, frozenset(present), frozenset(absent), tuple(kinds), frozenset(not_entities))
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(case, id=row_id, marks=marks)


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The default pipeline, loaded once for the whole file."""
    return load_pipeline()


def extract(nlp: Language, text: str) -> ArticleExtraction:
    """Parse one body text as an untitled article and extract it."""
    article = Article(
        id=slugify(text[:40]),
        title="",
        body=text,
        source="tests/test_extract.py",
        content_hash=content_hash("", text),
    )
    return extract_article(article, nlp(article.text))


def labelled(extraction: ArticleExtraction) -> set[Claimed]:
    """The claims as label tuples, symmetric ones in both directions."""
    labels = {entity.key: entity.label for entity in extraction.entities}
    symmetric = load_vocabulary().symmetric
    found: set[Claimed] = set()
    for claim in extraction.claims:
        subject, obj = labels[claim.subject], labels[claim.object]
        found.add((subject, claim.relation, obj, claim.modality))
        if claim.relation in symmetric:
            found.add((obj, claim.relation, subject, claim.modality))
    return found


def check(nlp: Language, case: Case) -> None:
    """Assert every expectation of one row, reporting all mismatches at once."""
    extraction = extract(nlp, case.text)
    found = labelled(extraction)
    problems: list[str] = []
    missing = sorted(case.present - found)
    if missing:
        problems.append(f"missing {missing}")
    wrong = sorted(t for t in case.absent if (*t, A) in found)
    if wrong:
        problems.append(f"asserted but must not be {wrong}")
    kinds = {entity.label: entity.kind for entity in extraction.entities}
    for label, kind in case.kinds:
        if kinds.get(label) is not kind:
            problems.append(f"{label!r} should be a {kind.value}, got {kinds.get(label)}")
    forms = {f for e in extraction.entities for f in (e.label, *e.aliases)}
    furniture = sorted(case.not_entities & forms)
    if furniture:
        problems.append(f"entities from page furniture {furniture}")
    for claim in extraction.claims:
        # Every claim, whatever the row is about, is a well-formed record.
        if not 0.0 <= claim.confidence <= 1.0 or claim.support < 1:
            problems.append(f"bad confidence or support in {claim}")
    assert not problems, f"{'; '.join(problems)}\n  extracted: {sorted(found)}"


# --- 1. roles and titles ---------------------------------------------------------------

ROLES = [
    row(
        "title-before-name",
        "French President Emmanuel Macron arrived in Nairobi on Tuesday.",
        [
            ("Emmanuel Macron", "leaderOf", "France", A),
            ("Emmanuel Macron", "visits", "Nairobi", A),
        ],
    ),
    row(
        "apposition-demonym-chancellor",
        "The German chancellor, Olaf Scholz, arrived in Delhi on Sunday.",
        [("Olaf Scholz", "leaderOf", "Germany", A), ("Olaf Scholz", "visits", "Delhi", A)],
        kinds=[("Olaf Scholz", EntityKind.PERSON)],
    ),
    row(
        "possessive-apposition-minister",
        "Brazil's foreign minister, Mauro Vieira, held talks with his Kenyan counterpart.",
        [("Mauro Vieira", "officialOf", "Brazil", A)],
    ),
    row(
        "possessive-apposition-meeting",
        "Kenya's foreign minister, Musalia Mudavadi, met Chinese officials.",
        [
            ("Musalia Mudavadi", "officialOf", "Kenya", A),
            ("Musalia Mudavadi", "meetsWith", "China", A),
        ],
    ),
    row(
        "its-leader",
        "Turkey opened the new airport, and its leader Recep Tayyip Erdogan praised Azerbaijan.",
        [
            ("Recep Tayyip Erdogan", "leaderOf", "Turkey", A),
            ("Recep Tayyip Erdogan", "praises", "Azerbaijan", A),
        ],
    ),
    row(
        "his-wife",
        "Kenyan President William Ruto arrived in Tokyo with his wife, Rachel Ruto.",
        [
            ("Rachel Ruto", "relativeOf", "William Ruto", A),
            ("William Ruto", "leaderOf", "Kenya", A),
        ],
        kinds=[("Rachel Ruto", EntityKind.PERSON), ("William Ruto", EntityKind.PERSON)],
    ),
    row(
        "possessive-brother",
        "Prime Minister Narendra Modi's brother, Prahlad Modi, met reporters in Ahmedabad.",
        [("Prahlad Modi", "relativeOf", "Narendra Modi", A)],
    ),
    row(
        "vice-president-demoted",
        "US Vice President Kamala Harris arrived in Accra.",
        [("Kamala Harris", "officialOf", "United States", A)],
        [("Kamala Harris", "leaderOf", "United States")],
    ),
    row(
        "vice-president-demonym-demoted",
        "Brazilian Vice President Geraldo Alckmin visited Beijing.",
        [("Geraldo Alckmin", "officialOf", "Brazil", A)],
        [("Geraldo Alckmin", "leaderOf", "Brazil")],
    ),
    row(
        "title-with-of-country-after-name",
        "Vice President Geraldo Alckmin of Brazil met Chinese officials.",
        [("Geraldo Alckmin", "officialOf", "Brazil", A)],
        [("Geraldo Alckmin", "leaderOf", "Brazil")],
    ),
    row(
        "demonym-indian",
        "Indian Prime Minister Narendra Modi met Argentine President Javier Milei.",
        [
            ("Narendra Modi", "leaderOf", "India", A),
            ("Javier Milei", "leaderOf", "Argentina", A),
            ("Narendra Modi", "meetsWith", "Javier Milei", A),
        ],
    ),
    row(
        "demonym-indian-minister",
        "Indian Foreign Minister Subrahmanyam Jaishankar met Japanese officials.",
        [
            ("Subrahmanyam Jaishankar", "officialOf", "India", A),
            ("Subrahmanyam Jaishankar", "meetsWith", "Japan", A),
        ],
    ),
    row(
        "crown-prince-and-president",
        "Saudi Crown Prince Mohammed bin Salman met Egyptian President Abdel Fattah el-Sisi.",
        [
            ("Mohammed bin Salman", "officialOf", "Saudi Arabia", A),
            ("Abdel Fattah el-Sisi", "leaderOf", "Egypt", A),
            ("Mohammed bin Salman", "meetsWith", "Abdel Fattah el-Sisi", A),
        ],
    ),
    row(
        "king-title",
        "Spanish King Felipe VI met Moroccan King Mohammed VI in Rabat.",
        [("Felipe VI", "leaderOf", "Spain", A), ("Mohammed VI", "leaderOf", "Morocco", A)],
        xfail="NER reads 'King Felipe VI' as ORG and misses 'Mohammed VI'; honorific stripping "
        "runs for PERSON spans only, and regnal numerals need a name pattern",
    ),
    row(
        "demonym-without-role-negative",
        "The Kenyan runner Eliud Kipchoge met French President Emmanuel Macron.",
        [("Eliud Kipchoge", "meetsWith", "Emmanuel Macron", A)],
        [("Eliud Kipchoge", "leaderOf", "Kenya"), ("Eliud Kipchoge", "officialOf", "Kenya")],
    ),
]


@pytest.mark.parametrize("case", ROLES)
def test_roles_and_titles(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- 2. coreference --------------------------------------------------------------------

COREFERENCE = [
    row(
        "he-next-sentence",
        "French President Emmanuel Macron arrived in Nairobi on Monday. "
        "He met Kenyan President William Ruto at State House.",
        [("Emmanuel Macron", "meetsWith", "William Ruto", A)],
    ),
    row(
        "the-german-chancellor",
        "German Chancellor Olaf Scholz flew to Brasilia. "
        "The German chancellor praised Brazil for its climate policy.",
        [("Olaf Scholz", "praises", "Brazil", A), ("Olaf Scholz", "visits", "Brasilia", A)],
    ),
    row(
        "the-two-leaders",
        "French President Emmanuel Macron met Kenyan President William Ruto in Paris. "
        "The two leaders signed a defence agreement.",
        [
            ("Emmanuel Macron", "signsAgreementWith", "William Ruto", A),
            ("France", "allyOf", "Kenya", A),
        ],
    ),
    row(
        "both-countries",
        "Kenya and Ethiopia opened a new border crossing. "
        "Both countries pledged cooperation with Somalia.",
        [("Kenya", "cooperatesWith", "Somalia", A), ("Ethiopia", "cooperatesWith", "Somalia", A)],
    ),
    row(
        "it-country",
        "Kenya signed a trade deal with Japan. It also criticised Uganda.",
        [("Kenya", "criticizes", "Uganda", A)],
        [("Japan", "criticizes", "Uganda")],
    ),
    row(
        "its-possessive",
        "Germany has sent engineers to Namibia. Its support for Namibia has grown.",
        [("Germany", "supports", "Namibia", A), ("Germany", "providesTo", "Namibia", A)],
    ),
    row(
        "they-coordinated-subject",
        "Argentina and Chile held talks in Santiago. They signed an energy agreement.",
        [("Argentina", "signsAgreementWith", "Chile", A), ("Argentina", "meetsWith", "Chile", A)],
    ),
    row(
        "shared-surname-two-people",
        "Turkish President Recep Tayyip Erdogan arrived in Baku with his wife, Emine Erdogan. "
        "Erdogan criticised Armenia.",
        [("Recep Tayyip Erdogan", "criticizes", "Armenia", A)],
        [("Emine Erdogan", "criticizes", "Armenia")],
        kinds=[("Recep Tayyip Erdogan", EntityKind.PERSON), ("Emine Erdogan", EntityKind.PERSON)],
    ),
    row(
        "short-name-unlabelled",
        "Brazilian President Luiz Inacio Lula da Silva travelled to Beijing. Lula praised China.",
        [("Luiz Inacio Lula da Silva", "praises", "China", A)],
        xfail="NER leaves the second 'Lula' unlabelled; short names are only aliased when NER "
        "tags them, so a PROPN equal to a word of an article person's name needs matching",
    ),
    row(
        "two-word-short-name",
        "Mexico's president, Andres Manuel Lopez Obrador, criticised Spain. "
        "Lopez Obrador also criticised Peru.",
        [("Andres Manuel Lopez Obrador", "criticizes", "Peru", A)],
    ),
    row(
        "short-name-tagged-place",
        "Prime Minister Narendra Modi met French President Emmanuel Macron. "
        "Macron later visited Mumbai, where he praised Modi.",
        [("Emmanuel Macron", "praises", "Narendra Modi", A)],
    ),
    row(
        "short-name-tagged-norp",
        "Indonesia hosted Australian Prime Minister Anthony Albanese. Albanese praised Indonesia.",
        [("Anthony Albanese", "praises", "Indonesia", A)],
    ),
    row(
        "she-gender-agreement",
        "Kenyan President William Ruto met German Foreign Minister Annalena Baerbock in Nairobi. "
        "She praised Kenya for its leadership.",
        [("Annalena Baerbock", "praises", "Kenya", A)],
        [("William Ruto", "praises", "Kenya")],
        xfail="pronouns carry no gender: 'she' takes the preferred subject Ruto; persons need a "
        "gender from the pronouns/honorifics already attached to them (or first-name data)",
    ),
    row(
        "the-country-as-subject",
        "Turkey hosted Swedish Prime Minister Ulf Kristersson. "
        "The Turkish president, Recep Tayyip Erdogan, said the country would back Sweden.",
        [("Turkey", "supports", "Sweden", H)],
        xfail="the parser attaches 'Sweden' to 'back' as npadvmod, not dobj; a proper-noun "
        "npadvmod of a transitive trigger verb should count as its object",
    ),
]


@pytest.mark.parametrize("case", COREFERENCE)
def test_coreference(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- 3. metonymy -----------------------------------------------------------------------

METONYMY = [
    row(
        "capital-criticises",
        "Ankara criticised Sweden over the protests.",
        [("Turkey", "criticizes", "Sweden", A)],
        [("Ankara", "criticizes", "Sweden")],
    ),
    row(
        "capital-accuses-capital",
        "Brasilia accused Caracas of meddling.",
        [("Brazil", "criticizes", "Venezuela", A)],
    ),
    row(
        "paris-acting",
        "Paris criticised Rwanda over the violence.",
        [("France", "criticizes", "Rwanda", A)],
    ),
    row(
        "kremlin",
        "The Kremlin praised Hungary for its neutrality.",
        [("Russia", "praises", "Hungary", A)],
    ),
    row(
        "white-house",
        "The White House warned Venezuela on Tuesday.",
        [("United States", "threatens", "Venezuela", A)],
    ),
    row(
        "capitals-coordinated",
        "Nairobi and Addis Ababa signed a water agreement.",
        [("Kenya", "signsAgreementWith", "Ethiopia", A)],
    ),
    row(
        "downing-street",
        "Downing Street praised Qatar for its mediation.",
        [("United Kingdom", "praises", "Qatar", A)],
    ),
    row(
        "capital-sends",
        "Berlin sent tanks to Ukraine.",
        [("Germany", "providesTo", "Ukraine", A)],
    ),
    row(
        "moscow-is-russia",
        "Moscow warned Finland against joining the alliance.",
        [("Russia", "threatens", "Finland", A)],
    ),
    row(
        "capital-visited-stays-place",
        "Emmanuel Macron visited Ankara in March.",
        [("Emmanuel Macron", "visits", "Ankara", A)],
        [("Emmanuel Macron", "visits", "Turkey")],
        kinds=[("Ankara", EntityKind.PLACE)],
    ),
    row(
        "capital-arrived-in-stays-place",
        "Narendra Modi arrived in Tokyo for a summit.",
        [("Narendra Modi", "visits", "Tokyo", A)],
        [("Narendra Modi", "visits", "Japan")],
        kinds=[("Tokyo", EntityKind.PLACE)],
    ),
]


@pytest.mark.parametrize("case", METONYMY)
def test_metonymy(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- 4. nominal events -----------------------------------------------------------------

NOMINAL = [
    row(
        "a-visit-to",
        "Kenyan President William Ruto began a state visit to Japan on Monday.",
        [("William Ruto", "visits", "Japan", A)],
    ),
    row(
        "possessive-visit-to",
        "French President Emmanuel Macron's visit to Algeria drew large crowds.",
        [("Emmanuel Macron", "visits", "Algeria", A)],
    ),
    row(
        "its-support-for",
        "Brazil reaffirmed its support for Argentina during the crisis.",
        [("Brazil", "supports", "Argentina", A)],
    ),
    row(
        "possessive-backing-for",
        "Poland's backing for Ukraine has grown since 2022.",
        [("Poland", "supports", "Ukraine", A)],
    ),
    row(
        "with-backing",
        "With Brazil's backing, Argentina won the vote.",
        [("Brazil", "supports", "Argentina", A)],
    ),
    row(
        "war-against",
        "Russia's war against Ukraine entered its third year.",
        [("Russia", "attacks", "Ukraine", A)],
    ),
    row(
        "war-in",
        "Russia's war in Ukraine dominated the summit.",
        [("Russia", "attacks", "Ukraine", A)],
    ),
    row(
        "ties-between",
        "Ties between India and Japan have deepened.",
        [("India", "cooperatesWith", "Japan", A)],
    ),
    row(
        "cooperation-between",
        "Cooperation between Kenya and Ethiopia has improved.",
        [("Kenya", "cooperatesWith", "Ethiopia", A)],
    ),
    row(
        "partnership-with",
        "Japan's partnership with the Philippines has expanded.",
        [("Japan", "cooperatesWith", "Philippines", A)],
    ),
    row(
        "held-talks-with",
        "Egyptian President Abdel Fattah el-Sisi held talks with Turkish President "
        "Recep Tayyip Erdogan in Cairo.",
        [("Abdel Fattah el-Sisi", "meetsWith", "Recep Tayyip Erdogan", A)],
    ),
    row(
        "welcomed-talks-with",
        "Morocco welcomed talks with Spain on fisheries.",
        [("Morocco", "meetsWith", "Spain", A)],
    ),
    row(
        "agreement-between-as-subject",
        "An agreement between Chile and Bolivia ended the dispute.",
        [("Chile", "signsAgreementWith", "Bolivia", A)],
        [],
    ),
    row(
        "provides-with",
        "Qatar provides Lebanon with fuel.",
        [("Qatar", "providesTo", "Lebanon", A)],
        [("Lebanon", "providesTo", "Qatar")],
    ),
    row(
        "provided-with-plural-thing",
        "Germany provided Ukraine with air defence systems.",
        [("Germany", "providesTo", "Ukraine", A)],
    ),
    row(
        "cancelled-visit-negative",
        "Brazil's planned visit to Argentina was cancelled.",
        [],
        [("Brazil", "visits", "Argentina")],
    ),
]


@pytest.mark.parametrize("case", NOMINAL)
def test_nominal_events(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- 5. coordination and plurals ---------------------------------------------------------

COORDINATION = [
    row(
        "three-way-joint-exercises",
        "Turkey, Azerbaijan and Pakistan held joint exercises in the Caspian Sea.",
        [
            ("Turkey", "cooperatesWith", "Azerbaijan", A),
            ("Turkey", "cooperatesWith", "Pakistan", A),
            ("Azerbaijan", "cooperatesWith", "Pakistan", A),
        ],
    ),
    row(
        "three-way-naval-exercises",
        "India, Japan and Australia held joint naval exercises.",
        [
            ("India", "cooperatesWith", "Japan", A),
            ("India", "cooperatesWith", "Australia", A),
            ("Japan", "cooperatesWith", "Australia", A),
        ],
    ),
    row(
        "pair-signed",
        "Kenya and Tanzania signed a border agreement.",
        [("Kenya", "signsAgreementWith", "Tanzania", A)],
    ),
    row(
        "three-signed",
        "Chile, Peru and Colombia signed a trade pact.",
        [
            ("Chile", "signsAgreementWith", "Peru", A),
            ("Chile", "signsAgreementWith", "Colombia", A),
            ("Peru", "signsAgreementWith", "Colombia", A),
        ],
    ),
    row(
        "coordinated-subject-each-acts",
        "Egypt, Jordan and Qatar criticised Israel.",
        [
            ("Egypt", "criticizes", "Israel", A),
            ("Jordan", "criticizes", "Israel", A),
            ("Qatar", "criticizes", "Israel", A),
        ],
        [("Egypt", "criticizes", "Jordan")],
    ),
    row(
        "coordinated-subject-not-each-other",
        "Brazil and Argentina condemned Venezuela.",
        [("Brazil", "criticizes", "Venezuela", A), ("Argentina", "criticizes", "Venezuela", A)],
        [("Brazil", "criticizes", "Argentina"), ("Argentina", "criticizes", "Brazil")],
    ),
    row(
        "leaders-met-plural-subject",
        "Kenyan President William Ruto and Ethiopian Prime Minister Abiy Ahmed met in Addis Ababa.",
        [
            ("William Ruto", "meetsWith", "Abiy Ahmed", A),
            ("William Ruto", "leaderOf", "Kenya", A),
            ("Abiy Ahmed", "leaderOf", "Ethiopia", A),
        ],
    ),
    row(
        "coordinated-senders",
        "Germany and France sent weapons to Ukraine.",
        [("Germany", "providesTo", "Ukraine", A), ("France", "providesTo", "Ukraine", A)],
    ),
    row(
        "coordinated-both-sides",
        "Brazil and Argentina met with Chile and Uruguay in Montevideo.",
        [
            ("Brazil", "meetsWith", "Chile", A),
            ("Argentina", "meetsWith", "Chile", A),
            ("Brazil", "meetsWith", "Uruguay", A),
            ("Argentina", "meetsWith", "Uruguay", A),
        ],
    ),
]


@pytest.mark.parametrize("case", COORDINATION)
def test_coordination_and_plurals(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- 6. negation and modality ------------------------------------------------------------

MODALITY = [
    row(
        "did-not-sign",
        "Brazil did not sign the agreement with Paraguay.",
        [("Brazil", "signsAgreementWith", "Paraguay", N)],
        [("Brazil", "signsAgreementWith", "Paraguay")],
    ),
    row(
        "never-supplied",
        "India has never supplied weapons to Myanmar.",
        [("India", "providesTo", "Myanmar", N)],
        [("India", "providesTo", "Myanmar")],
    ),
    row(
        "does-not-cooperate",
        "Qatar does not cooperate with Iran on security.",
        [("Qatar", "cooperatesWith", "Iran", N)],
        [("Qatar", "cooperatesWith", "Iran")],
    ),
    row(
        "could",
        "Japan could send troops to the Philippines.",
        [("Japan", "providesTo", "Philippines", H)],
        [("Japan", "providesTo", "Philippines")],
    ),
    row(
        "would-not-rule-out",
        "Turkey would not rule out a meeting with Syria.",
        [("Turkey", "meetsWith", "Syria", H)],
        [("Turkey", "meetsWith", "Syria")],
    ),
    row(
        "a-possible-deal",
        "Egypt and Ethiopia discussed a possible deal on the dam.",
        [("Egypt", "signsAgreementWith", "Ethiopia", H)],
        [("Egypt", "signsAgreementWith", "Ethiopia")],
    ),
    row(
        "is-believed-to",
        "Iran is believed to provide drones to Sudan.",
        [("Iran", "providesTo", "Sudan", H)],
        [("Iran", "providesTo", "Sudan")],
    ),
    row(
        "is-expected-to",
        "Colombia is expected to sign a trade deal with Ecuador.",
        [("Colombia", "signsAgreementWith", "Ecuador", H)],
        [("Colombia", "signsAgreementWith", "Ecuador")],
    ),
    row(
        "if-clause",
        "If Kenya attacks Somalia, Uganda will respond.",
        [("Kenya", "attacks", "Somalia", H)],
        [("Kenya", "attacks", "Somalia")],
    ),
    row(
        "may-visit",
        "Germany may visit Namibia next year.",
        [("Germany", "visits", "Namibia", H)],
        [("Germany", "visits", "Namibia")],
    ),
    row(
        "refused-to",
        "Mexico refused to criticise Cuba.",
        [("Mexico", "criticizes", "Cuba", N)],
        [("Mexico", "criticizes", "Cuba")],
    ),
    row(
        "denied-that",
        "Indonesia denied that it had supplied coal to Russia.",
        [("Indonesia", "providesTo", "Russia", N)],
        [("Indonesia", "providesTo", "Russia")],
    ),
    row(
        "no-plans-to",
        "Poland has no plans to send troops to Belarus.",
        [("Poland", "providesTo", "Belarus", N)],
        [("Poland", "providesTo", "Belarus")],
        xfail="two gaps: 'send' is an acl of the noun 'plans', so subjects() finds no subject "
        "(it inherits only through verbs), and 'to Belarus' is parsed dative, not prep",
    ),
]


@pytest.mark.parametrize("case", MODALITY)
def test_negation_and_modality(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- 7. attribution ----------------------------------------------------------------------


def attributed(
    row_id: str, text: str, claim: Triple, speaker: str | None, *, xfail: str | None = None
) -> object:
    """A row of the attribution table: the claim and the label of who is said to state it."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, claim, speaker, id=row_id, marks=marks)


ATTRIBUTION = [
    attributed(
        "said-that",
        "Kenyan President William Ruto said Kenya would send police officers to Haiti.",
        ("Kenya", "providesTo", "Haiti"),
        "William Ruto",
    ),
    attributed(
        "according-to-person",
        "According to Brazilian President Luiz Inacio Lula da Silva, China backs Brazil.",
        ("China", "supports", "Brazil"),
        "Luiz Inacio Lula da Silva",
    ),
    attributed(
        "according-to-agency",
        "According to Reuters, Egypt criticised Ethiopia over the dam.",
        ("Egypt", "criticizes", "Ethiopia"),
        "Reuters",
    ),
    attributed(
        "quoted-as-saying-by-agency",
        "Indian Prime Minister Narendra Modi was quoted as saying by Reuters that India "
        "supports Ukraine.",
        ("India", "supports", "Ukraine"),
        "Narendra Modi",
    ),
    attributed(
        "sentence-final-said",
        "Turkey criticised Sweden, Turkish Foreign Minister Hakan Fidan said.",
        ("Turkey", "criticizes", "Sweden"),
        "Hakan Fidan",
    ),
    attributed(
        "told-reporters",
        "French President Emmanuel Macron told reporters that France backs Armenia.",
        ("France", "supports", "Armenia"),
        "Emmanuel Macron",
    ),
    attributed(
        "seat-said",
        "The Kremlin said Russia backs Serbia.",
        ("Russia", "supports", "Serbia"),
        "Russia",
    ),
    attributed(
        "state-media-reported",
        "Iranian state media reported that Iran had supplied drones to Venezuela.",
        ("Iran", "providesTo", "Venezuela"),
        "Iran",
    ),
    attributed(
        "state-media-reported-sent-to",
        "Chinese state media reported that China had sent aid to Nepal.",
        ("China", "providesTo", "Nepal"),
        "China",
    ),
    attributed(
        "unattributed",
        "Kenya praised Haiti for its cooperation in June.",
        ("Kenya", "praises", "Haiti"),
        None,
    ),
]


@pytest.mark.parametrize(("text", "claim", "speaker"), ATTRIBUTION)
def test_attribution(nlp: Language, text: str, claim: Triple, speaker: str | None) -> None:
    extraction = extract(nlp, text)
    labels = {entity.key: entity.label for entity in extraction.entities}
    speakers = {
        (labels[c.subject], c.relation, labels[c.object]): (
            labels[c.attributed_to] if c.attributed_to else None
        )
        for c in extraction.claims
    }
    assert claim in speakers, f"missing {claim}; extracted {sorted(speakers)}"
    assert speakers[claim] == speaker


# --- 8. page furniture -------------------------------------------------------------------

FURNITURE = [
    row(
        "byline",
        "By Maria Santos\nKenya signed a trade deal with Japan.",
        [("Kenya", "signsAgreementWith", "Japan", A)],
        not_entities=["Maria Santos"],
    ),
    row(
        "photograph-credit",
        "Kenya signed a trade deal with Japan.\nPhotograph: Simon Maina/AFP/Getty Images",
        [("Kenya", "signsAgreementWith", "Japan", A)],
        not_entities=["Simon Maina", "AFP", "Getty Images"],
    ),
    row(
        "photo-caption-with-credit",
        "William Ruto greets Emmanuel Macron in Nairobi. Photo: Reuters/Thomas Mukoya\n"
        "Kenya praised France.",
        [("Kenya", "praises", "France", A)],
        [("William Ruto", "hosts", "Emmanuel Macron")],
        not_entities=["William Ruto", "Emmanuel Macron", "Thomas Mukoya", "Reuters"],
    ),
    row(
        "video-caption",
        "Modi and Macron meet in Paris – video\nFrance praised India.",
        [("France", "praises", "India", A)],
        [("Modi", "meetsWith", "Macron")],
        not_entities=["Modi", "Macron", "Paris"],
    ),
    row(
        "must-read-link",
        "Must read: Lula hails Chinese investment in Brazil\nKenya praised Ghana.",
        [("Kenya", "praises", "Ghana", A)],
        [("Lula", "praises", "China")],
        not_entities=["Lula", "Brazil"],
    ),
    row(
        "previous-next-post",
        "Kenya praised Ghana.\nLula meets Macron in Brasilia Next Post\nPrevious Post Next Post",
        [("Kenya", "praises", "Ghana", A)],
        [("Lula", "meetsWith", "Macron")],
        not_entities=["Lula", "Macron", "Brasilia"],
    ),
    row(
        "reporting-and-editing-credits",
        "Reporting by Ana Silva\nBrazil praised Chile.\nEditing by John Smith",
        [("Brazil", "praises", "Chile", A)],
        not_entities=["Ana Silva", "John Smith"],
    ),
]


@pytest.mark.parametrize("case", FURNITURE)
def test_page_furniture(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- 9. confidence and support -----------------------------------------------------------


def repeated(
    row_id: str, once: str, again: str, claim: Triple, *, xfail: str | None = None
) -> object:
    """A row of the support table: a sentence, a second one restating the same claim."""
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(once, again, claim, id=row_id, marks=marks)


SUPPORT = [
    repeated(
        "signed-twice",
        "Kenya signed a trade deal with Japan.",
        "Kenya and Japan signed the deal in Tokyo.",
        ("Kenya", "signsAgreementWith", "Japan"),
    ),
    repeated(
        "backs-twice",
        "Brazil backs Argentina.",
        "Brazil has backed Argentina for years.",
        ("Brazil", "supports", "Argentina"),
    ),
    repeated(
        "criticised-twice",
        "Germany criticised Hungary.",
        "Germany also criticised Hungary over its veto.",
        ("Germany", "criticizes", "Hungary"),
    ),
    repeated(
        "supplied-twice",
        "France supplied weapons to Ukraine.",
        "France also supplied fuel to Ukraine.",
        ("France", "providesTo", "Ukraine"),
    ),
    repeated(
        "verb-then-noun",
        "Japan supports the Philippines.",
        "Japan's support for the Philippines is long-standing.",
        ("Japan", "supports", "Philippines"),
    ),
    repeated(
        "met-again-short-names",
        "Kenyan President William Ruto met Japanese Prime Minister Fumio Kishida in Tokyo.",
        "Ruto and Kishida met again in Nairobi.",
        ("Fumio Kishida", "meetsWith", "William Ruto"),
    ),
]


@pytest.mark.parametrize(("once", "again", "claim"), SUPPORT)
def test_support_and_confidence(nlp: Language, once: str, again: str, claim: Triple) -> None:
    def find(text: str) -> tuple[int, float, int]:
        extraction = extract(nlp, text)
        labels = {entity.key: entity.label for entity in extraction.entities}
        for c in extraction.claims:
            assert 0.0 <= c.confidence <= 1.0
            forward = (labels[c.subject], c.relation, labels[c.object])
            backward = (labels[c.object], c.relation, labels[c.subject])
            symmetric = c.relation in load_vocabulary().symmetric
            if c.modality is A and (claim == forward or (symmetric and claim == backward)):
                return c.support, c.confidence, len(c.more_evidence)
        raise AssertionError(f"{claim} not extracted from {text!r}")

    support_once, confidence_once, more_once = find(once)
    support_twice, confidence_twice, more_twice = find(f"{once} {again}")
    assert (support_once, more_once) == (1, 0)
    assert (support_twice, more_twice) == (2, 1)
    assert confidence_once < confidence_twice <= 1.0


def test_claims_are_sorted_and_unique(nlp: Language) -> None:
    extraction = extract(
        nlp,
        "Kenya signed a trade deal with Japan. Japan and Kenya signed the deal again. "
        "Kenya praised Japan. Japan did not praise Kenya.",
    )
    keys = [(c.subject, c.relation, c.object, c.modality) for c in extraction.claims]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))
    signed = [c for c in extraction.claims if c.relation == "signsAgreementWith"]
    assert len(signed) == 1  # one symmetric claim, whichever order the sentences used


# A bare title ("President X", no country) belongs to the article's home country: the one
# that clearly acts most. Party, shadow and foreign titles must not be read that way.
HOME_TITLES = [
    row(
        "bare-chancellor-home",
        "Germany criticised Austria over the border. Germany later warned Austria again. "
        "Chancellor Olaf Scholz said the talks would go on.",
        [("Olaf Scholz", "leaderOf", "Germany", A)],
    ),
    row(
        "party-leader-is-not-the-state",
        "Britain warned Iran on Monday. Britain also criticised Iran on Tuesday. "
        "Tory leader Michael Howard backed the move.",
        [("United Kingdom", "threatens", "Iran", A)],
        [("Michael Howard", "leaderOf", "United Kingdom")],
    ),
    row(
        "shadow-minister-is-not-the-state",
        "Britain warned Syria on Monday. Britain also criticised Syria on Tuesday. "
        "Shadow foreign secretary Liam Fox called for more.",
        [("United Kingdom", "criticizes", "Syria", A)],
        [("Liam Fox", "officialOf", "United Kingdom")],
    ),
    row(
        "one-head-of-state",
        "France praised Chad for the talks. France also thanked Chad. "
        "President Emmanuel Macron later met President Idriss Deby.",
        [("Emmanuel Macron", "leaderOf", "France", A)],
        [("Idriss Deby", "leaderOf", "France")],
    ),
    row(
        "acting-and-elected-heads",
        "Japan criticised China on Friday. Japan also warned China. Acting prime minister "
        "Taro Aso said Prime Minister Fumio Kishida would return on Monday.",
        [("Taro Aso", "leaderOf", "Japan", A), ("Fumio Kishida", "leaderOf", "Japan", A)],
    ),
    row(
        "no-clear-home",
        "Spain criticised Portugal. Portugal criticised Spain. President Marcelo Rebelo spoke.",
        [("Spain", "criticizes", "Portugal", A)],
        [("Marcelo Rebelo", "leaderOf", "Spain"), ("Marcelo Rebelo", "leaderOf", "Portugal")],
    ),
]


@pytest.mark.parametrize("case", HOME_TITLES)
def test_bare_titles_and_the_home_country(nlp: Language, case: Case) -> None:
    check(nlp, case)


# Predicate adjectives, imports, welcoming a deed, light verbs with a recipient, passive
# participles, plans, "his country", and portfolios named before a title.
MORE_CONSTRUCTIONS = [
    row(
        "supportive-of",
        "Norway was very supportive of the Danish proposal.",
        [("Norway", "supports", "Denmark", A)],
    ),
    row(
        "critical-of",
        "Chile has been critical of Peru for years.",
        [("Chile", "criticizes", "Peru", A)],
    ),
    row(
        "imports-demonym-goods",
        "Egypt already imports Soviet coal and Romanian timber.",
        [("Soviet Union", "providesTo", "Egypt", A), ("Romania", "providesTo", "Egypt", A)],
    ),
    row(
        "bought-from",
        "Indonesia bought fighter jets from France last year.",
        [("France", "providesTo", "Indonesia", A)],
    ),
    row(
        "welcomed-a-deed",
        "The African Union's decision was welcomed by Kenya.",
        [("Kenya", "praises", "African Union", A)],
        [("Kenya", "hosts", "African Union")],
    ),
    row(
        "gave-a-warning",
        "Turkey gave the Swedish government a clear warning on Monday.",
        [("Turkey", "threatens", "Sweden", A)],
    ),
    row(
        "captured-by",
        "Armenia's border town, captured by Azerbaijan last year, stays closed.",
        [("Azerbaijan", "attacks", "Armenia", A)],
    ),
    row(
        "a-plan-to-attack",
        "Officials described a plan by Serbia to attack Kosovo.",
        [],
        [("Serbia", "attacks", "Kosovo")],
    ),
    row(
        "his-country-welcomed",
        "U.S. Secretary of State Marco Rubio said his country welcomed Vietnam's reforms.",
        [("United States", "praises", "Vietnam", A)],
        [("Marco Rubio", "praises", "Vietnam")],
    ),
    row(
        "portfolio-names-the-country",
        "Belgian Foreign Trade Minister Herman De Croo criticised Japan.",
        [("Herman De Croo", "officialOf", "Belgium", A)],
        [("Herman De Croo", "officialOf", "Belgian Foreign Trade")],
    ),
]


@pytest.mark.parametrize("case", MORE_CONSTRUCTIONS)
def test_more_constructions(nlp: Language, case: Case) -> None:
    check(nlp, case)


# --- ruptures, envoys, threats and agreements (kg/extract/diplomacy.py) -----------------

RUPTURES = [
    row(
        "cut-ties-with",
        "Ecuador cut diplomatic ties with Mexico on Friday.",
        [("Ecuador", "sanctions", "Mexico", A)],
        [("Ecuador", "cooperatesWith", "Mexico")],
    ),
    row(
        "severed-relations",
        "Nicaragua severed relations with Taiwan last year.",
        [("Nicaragua", "sanctions", "Taiwan", A)],
        [("Nicaragua", "cooperatesWith", "Taiwan")],
    ),
    row(
        "broke-off-relations",
        "Bolivia broke off diplomatic relations with Israel.",
        [("Bolivia", "sanctions", "Israel", A)],
        [("Bolivia", "cooperatesWith", "Israel")],
    ),
    row(
        "suspended-ties-present-tense-headline",
        "Mali suspends ties with Ukraine\n\nThe junta said the move was final.",
        [("Mali", "sanctions", "Ukraine", A)],
        [("Mali", "cooperatesWith", "Ukraine")],
    ),
    row(
        "severance-of-relations",
        "Guyana announced the severance of diplomatic relations with Suriname.",
        [("Guyana", "sanctions", "Suriname", A)],
        [("Guyana", "cooperatesWith", "Suriname")],
    ),
    row(
        "ties-severed-are-negated",
        "Iran severed ties with Saudi Arabia in 2016.",
        [("Iran", "cooperatesWith", "Saudi Arabia", N)],
        [("Iran", "cooperatesWith", "Saudi Arabia")],
    ),
    row(
        "restored-ties-are-cooperation",
        "Iran restored ties with Saudi Arabia in 2023.",
        [("Iran", "cooperatesWith", "Saudi Arabia", A)],
        [("Iran", "sanctions", "Saudi Arabia")],
    ),
]


@pytest.mark.parametrize("case", RUPTURES)
def test_ruptures_of_ties(nlp: Language, case: Case) -> None:
    check(nlp, case)


ENVOYS = [
    row(
        "recalled-ambassador-from",
        "Kenya recalled its ambassador from Uganda on Monday.",
        [("Kenya", "sanctions", "Uganda", A)],
    ),
    row(
        "withdrew-envoy-to",
        "Nigeria withdrew its envoy to Ghana after the vote.",
        [("Nigeria", "sanctions", "Ghana", A)],
    ),
    row(
        "expelled-demonym-ambassador",
        "Peru expelled the Bolivian ambassador.",
        [("Peru", "sanctions", "Bolivia", A)],
    ),
    row(
        "respective-ambassadors",
        "Chile and Peru met in May. In June both countries kicked out their respective"
        " ambassadors.",
        [("Chile", "sanctions", "Peru", A), ("Peru", "sanctions", "Chile", A)],
    ),
    row(
        "persona-non-grata",
        "Ghana has decided to declare persona non grata Mr. Tom Baker.",
        [("Ghana", "sanctions", "Tom Baker", A)],
    ),
    row(
        "recall-is-not-remembering",
        "Kenya recalled the talks with Uganda fondly.",
        [],
        [("Kenya", "sanctions", "Uganda")],
    ),
]


@pytest.mark.parametrize("case", ENVOYS)
def test_envoys_recalled_and_expelled(nlp: Language, case: Case) -> None:
    check(nlp, case)


THREATS_AND_AGREEMENTS = [
    row(
        "warned-of-sanctions-on",
        "Washington has warned it could impose new sanctions on Nicaragua.",
        [("United States", "threatens", "Nicaragua", A)],
    ),
    row(
        "threatened-to-strike",
        "Israel threatened to strike Lebanon.",
        [("Israel", "threatens", "Lebanon", A)],
    ),
    row(
        "warned-of-an-attack-on",
        "Russia warned of an attack on Poland.",
        [("Russia", "threatens", "Poland", A)],
    ),
    row(
        "vowed-sanctions-against",
        "Greece warned that it would impose sanctions against Turkey.",
        [("Greece", "threatens", "Turkey", A)],
    ),
    row(
        "a-warning-about-weather-threatens-nobody",
        "Japan warned of heavy rain in Tokyo.",
        [],
        [("Japan", "threatens", "Tokyo")],
    ),
    row(
        "agreed-to-restore-ties",
        "Egypt and Qatar agreed to restore full diplomatic ties.",
        [("Egypt", "signsAgreementWith", "Qatar", A)],
    ),
    row(
        "agreed-with-to",
        "Serbia agreed with Hungary to open the border.",
        [("Serbia", "signsAgreementWith", "Hungary", A)],
    ),
    row(
        "agreed-on-a-truce",
        "Armenia and Azerbaijan agreed to end the fighting.",
        [("Armenia", "signsAgreementWith", "Azerbaijan", A)],
    ),
    row(
        "agreed-with-an-opinion-is-no-agreement",
        "Sweden agreed with Finland on most points.",
        [],
        [("Sweden", "signsAgreementWith", "Finland")],
    ),
    row(
        "one-agreeing-party-is-no-agreement",
        "Iran agreed to release the prisoners.",
        [],
        [("Iran", "signsAgreementWith", "Iran")],
    ),
]


@pytest.mark.parametrize("case", THREATS_AND_AGREEMENTS)
def test_threats_and_agreements(nlp: Language, case: Case) -> None:
    check(nlp, case)


CALLS = [
    row(
        "telephone-conversation-with",
        "During a telephone conversation with Emmanuel Macron, Olaf Scholz spoke of gas.",
        [("Olaf Scholz", "meetsWith", "Emmanuel Macron", A)],
    ),
    row(
        "conversation-between",
        "The deal followed a conversation between Joe Biden and Xi Jinping.",
        [("Joe Biden", "meetsWith", "Xi Jinping", A)],
    ),
    row(
        "phone-call-with",
        "Narendra Modi held a phone call with Vladimir Putin on Friday.",
        [("Narendra Modi", "meetsWith", "Vladimir Putin", A)],
    ),
    row(
        "spoke-together-is-no-meeting",
        "Narendra Modi and Shehbaz Sharif spoke at the United Nations.",
        [],
        [("Narendra Modi", "meetsWith", "Shehbaz Sharif")],
    ),
    row(
        "between-titled-leaders",
        "It came after a call between French President Emmanuel Macron and Chinese"
        " President Xi Jinping.",
        [("Emmanuel Macron", "meetsWith", "Xi Jinping", A)],
    ),
]


@pytest.mark.parametrize("case", CALLS)
def test_calls_and_conversations(nlp: Language, case: Case) -> None:
    check(nlp, case)


REGIONS_AND_HEADLINES = [
    row(
        "country-possessive-region",
        "The rebels seek autonomy in Algeria's Kabylie region.",
        [("Kabylie", "locatedIn", "Algeria", A)],
        kinds=[("Kabylie", EntityKind.PLACE)],
    ),
    row(
        "region-of-name",
        "Ruto arrived in Ethiopia's northern region of Tigray.",
        [("Tigray", "locatedIn", "Ethiopia", A)],
        kinds=[("Tigray", EntityKind.PLACE)],
    ),
    row(
        "breakaway-region-of",
        "Russia backs Georgia's breakaway region of Abkhazia.",
        [("Abkhazia", "locatedIn", "Georgia", A)],
    ),
    row(
        "province-of",
        "Troops entered Pakistan's province of Balochistan.",
        [("Balochistan", "locatedIn", "Pakistan", A)],
    ),
    row(
        "state-media-is-no-region",
        "Kim state media said Putin left.",
        [],
        not_entities=["Kim state"],
    ),
    row(
        "movement-after-a-name",
        "Morocco backs the Zawiya movement in the south.",
        [("Morocco", "supports", "Zawiya", A)],
        kinds=[("Zawiya", EntityKind.ORGANIZATION)],
    ),
    row(
        "headline-verb-cut-from-name",
        "Algeria Cuts Diplomatic Ties With Morocco\n\nThe decision was announced on Tuesday.",
        [("Algeria", "sanctions", "Morocco", A)],
        not_entities=["Algeria Cuts Diplomatic"],
    ),
    row(
        "headline-verb-before-name",
        "Meet Joe Biden At The Summit\n\nJoe Biden arrived in Hanoi.",
        [("Joe Biden", "visits", "Hanoi", A)],
        not_entities=["Meet Joe Biden"],
    ),
    row(
        "capitals-headline-says",
        "SUBROTO SAYS OPEC WILL MEET\n\nSubroto said prices would rise.",
        [],
        not_entities=["SUBROTO SAYS"],
    ),
    row(
        "headline-name-with-a-verb-word-in-a-sentence-stays",
        "Kenya hosted the Meeting Point festival on Sunday.",
        [],
    ),
    row(
        "propn-title-apposed-to-name",
        '"We will leave," Somali Information Minister, Osman Dube, told reporters.',
        [("Osman Dube", "officialOf", "Somalia", A)],
    ),
    row(
        "propn-title-apposed-to-name-leader",
        "Kenyan President, William Ruto, arrived in Addis Ababa.",
        [("William Ruto", "leaderOf", "Kenya", A)],
    ),
]


@pytest.mark.parametrize("case", REGIONS_AND_HEADLINES)
def test_regions_titles_and_headlines(nlp: Language, case: Case) -> None:
    check(nlp, case)


TITLE_SCOPE = [
    row(
        "support-of-opposition-leader",
        "Peru cut ties with Chile, citing its support of opposition leader Jose Kast.",
        [],
        [("Jose Kast", "leaderOf", "Peru"), ("Jose Kast", "leaderOf", "Chile")],
    ),
    row(
        "opposition-leader-is-no-state-office",
        "Russian opposition leader Alexei Navalny spoke in Berlin.",
        [],
        [("Alexei Navalny", "leaderOf", "Russia")],
    ),
    row(
        "criticism-of-party-chairman",
        "Brazil rejected the criticism of party chairman Carlos Lupi.",
        [],
        [("Carlos Lupi", "leaderOf", "Brazil")],
    ),
    row(
        "criticism-of-opposition-leader",
        "Turkey rejected the criticism of Greek opposition leader Stefanos Kasselakis.",
        [],
        [
            ("Stefanos Kasselakis", "leaderOf", "Greece"),
            ("Stefanos Kasselakis", "leaderOf", "Turkey"),
        ],
    ),
    row(
        "title-of-country-before-name",
        "President of France Emmanuel Macron arrived in Rome.",
        [("Emmanuel Macron", "leaderOf", "France", A)],
        xfail="the parser makes the name the object of 'of' ('President of [France Emmanuel"
        " Macron]'), and the title window is not read across a name it contains",
    ),
    row(
        "official-name-whole",
        "Prime Minister of the United Kingdom of Great Britain and Northern Ireland Rishi"
        " Sunak, speaking in Kyiv, praised Poland.",
        [("Rishi Sunak", "leaderOf", "United Kingdom", A)],
        not_entities=["United Kingdom of Great Britain"],
    ),
    row(
        "official-name-people-s-republic",
        "The People's Republic of China condemned the vote.",
        [],
        kinds=[("China", EntityKind.COUNTRY)],
    ),
    row(
        "official-name-democratic-republic",
        "Rwanda accused the Democratic Republic of the Congo of shelling.",
        [("Rwanda", "criticizes", "Democratic Republic of the Congo", A)],
        kinds=[("Democratic Republic of the Congo", EntityKind.COUNTRY)],
    ),
    row(
        "official-name-socialist-republic",
        "The Socialist Republic of Viet Nam hosted Joe Biden.",
        [],
        kinds=[("Vietnam", EntityKind.COUNTRY)],
    ),
    row(
        "demonym-side-is-the-country",
        "Russia will supply the tanks to the Ukrainian side.",
        [],
        not_entities=["Ukrainian"],
    ),
]


@pytest.mark.parametrize("case", TITLE_SCOPE)
def test_title_scope_and_official_names(nlp: Language, case: Case) -> None:
    check(nlp, case)


SPEAKERS_AND_ATTITUDES = [
    row(
        "speaker-title-takes-the-reported-country",
        "Kenya and Uganda met. Peru is cutting ties with Chile, Foreign Minister Ana Gervasi"
        " said on Tuesday.",
        [("Ana Gervasi", "officialOf", "Peru", A)],
    ),
    row(
        "speaker-minister-reports-a-rupture",
        "Ghana and Togo met. Niger is expelling the French envoy, Prime Minister Ali Zeine said.",
        [("Ali Zeine", "leaderOf", "Niger", A)],
    ),
    row(
        "speaker-reports-two-countries-no-title-country",
        "Chile and Peru signed a deal, Foreign Minister Alberto van Klaveren said.",
        [],
        [
            ("Alberto van Klaveren", "officialOf", "Peru"),
        ],
    ),
    row(
        "speaker-of-an-opposition-title",
        "Ghana and Togo met. Mali is leaving the bloc, opposition leader Ismael Sacko said.",
        [],
        [("Ismael Sacko", "leaderOf", "Mali")],
    ),
    row(
        "speaker-with-own-country-stays",
        "Kenya and Uganda met. Sudan is cutting ties with Chad, Egyptian Foreign Minister"
        " Sameh Shoukry said.",
        [("Sameh Shoukry", "officialOf", "Egypt", A)],
        [("Sameh Shoukry", "officialOf", "Sudan")],
    ),
    row(
        "modifier-adjective-critical-of",
        "Michael Chong, a Canadian lawmaker critical of Beijing, spoke.",
        [("Michael Chong", "criticizes", "China", A), ("Michael Chong", "officialOf", "Canada", A)],
    ),
    row(
        "modifier-adjective-supportive-of",
        "Ghana, a country supportive of Morocco, abstained.",
        [("Ghana", "supports", "Morocco", A)],
    ),
    row(
        "modifier-adjective-hostile-to",
        "Belarus, a state hostile to Lithuania, closed the border.",
        [("Belarus", "criticizes", "Lithuania", A)],
        xfail="the parser tags 'hostile' as a noun in apposition, so no adjective rule runs",
    ),
    row(
        "modifier-adjective-grateful-to",
        "Zelensky, grateful to Poland for its help, spoke.",
        [],
        [("Poland", "praises", "Zelensky")],
    ),
    row(
        "modifier-adjective-critical-of-policy",
        "Hungary, a member critical of the EU's policy, voted no.",
        [("Hungary", "criticizes", "European Union", A)],
        xfail="'critical of the EU's policy': the owner of a criticised policy is not read",
    ),
    row(
        "coordinated-verb-outside-a-denial",
        "Maduro denies the claim and accuses Juan Guaido of lying.",
        [("Maduro", "criticizes", "Juan Guaido", A)],
        xfail="the parser coordinates 'accuses' with the noun 'claim', so it has no subject",
    ),
    row(
        "coordinated-verb-outside-a-refusal",
        "Iran refused the offer and condemned Israel.",
        [("Iran", "criticizes", "Israel", A)],
    ),
    row(
        "denial-still-negates-its-object",
        "Iran denied attacking Israel.",
        [],
        [("Iran", "attacks", "Israel")],
    ),
    row(
        "end-still-negates-its-object",
        "Mali ended its cooperation with France.",
        [("Mali", "cooperatesWith", "France", N)],
    ),
    row(
        "coordinated-verb-outside-an-ending",
        "Chad ended the talks and praised Sudan.",
        [("Chad", "praises", "Sudan", A)],
    ),
    row(
        "visit-during-which-others-met",
        "It follows a visit to Kenya by Emmanuel Macron, during which Macron and President"
        " William Ruto signed a pact.",
        [("Emmanuel Macron", "visits", "Kenya", A)],
        [("William Ruto", "visits", "Kenya")],
    ),
    row(
        "party-member-title",
        "Conservative Party member Michael Chong spoke in Ottawa.",
        [("Michael Chong", "officialOf", "Conservative Party", A)],
    ),
    row(
        "lawmaker-title",
        "Canadian lawmaker Michael Chong spoke in Ottawa.",
        [("Michael Chong", "officialOf", "Canada", A)],
    ),
    row(
        "adviser-title",
        "U.S. National Security Adviser Jake Sullivan met Wang Yi.",
        [("Jake Sullivan", "officialOf", "United States", A)],
    ),
    row(
        "representative-title",
        "Chinese representative Zhang Jun spoke at the council.",
        [("Zhang Jun", "officialOf", "China", A)],
    ),
    row(
        "mediator-title",
        "Qatari mediator Mohammed Al-Khulaifi arrived in Cairo.",
        [("Mohammed Al-Khulaifi", "officialOf", "Qatar", A)],
    ),
]


@pytest.mark.parametrize("case", SPEAKERS_AND_ATTITUDES)
def test_speakers_attitudes_and_scope(nlp: Language, case: Case) -> None:
    check(nlp, case)


NAME_THEN_COUNTRY = [
    row(
        "president-name-of-country",
        "President Lula of Brazil arrived in Lisbon.",
        [("Lula", "leaderOf", "Brazil", A)],
    ),
    row(
        "king-name-of-country",
        "Prime Minister Kristersson of Sweden arrived in Oslo.",
        [("Kristersson", "leaderOf", "Sweden", A)],
    ),
    row(
        "plural-title-name-of-country",
        "Presidents Xi Jinping of China and Joseph Biden of the United States met in Bali.",
        [("Joseph Biden", "leaderOf", "United States", A)],
    ),
    row(
        "minister-name-of-country",
        "Foreign Minister Wang Yi of China met Antony Blinken.",
        [("Wang Yi", "officialOf", "China", A)],
    ),
    row(
        "name-of-a-place-is-no-employer",
        "President Joe Biden of Delaware spoke.",
        [],
        [("Joe Biden", "leaderOf", "Delaware")],
    ),
]


@pytest.mark.parametrize("case", NAME_THEN_COUNTRY)
def test_title_name_of_country(nlp: Language, case: Case) -> None:
    check(nlp, case)


RESTORED_AND_ULTIMATUMS = [
    row(
        "restored-relations",
        "Egypt restored relations with Qatar.",
        [("Egypt", "cooperatesWith", "Qatar", A)],
    ),
    row(
        "re-established-relations-after-a-rupture",
        "Honduras severed ties with Taiwan and re-established diplomatic relations with China.",
        [("Honduras", "cooperatesWith", "China", A), ("Honduras", "sanctions", "Taiwan", A)],
        [("Honduras", "sanctions", "China")],
    ),
    row(
        "strained-relations-are-no-cooperation",
        "Chile and Peru have had strained relations for decades.",
        [],
        [("Chile", "cooperatesWith", "Peru")],
    ),
    row(
        "relations-between-soured",
        "Relations between Chile and Peru have soured.",
        [],
        [("Chile", "cooperatesWith", "Peru")],
    ),
    row(
        "resumed-relations",
        "Saudi Arabia resumed diplomatic relations with Iran in March.",
        [("Saudi Arabia", "cooperatesWith", "Iran", A)],
    ),
    row(
        "gave-the-ambassador-hours-to-leave",
        "Mali's junta gave the French ambassador 72 hours to leave the country.",
        [("Mali", "sanctions", "France", A)],
    ),
    row(
        "told-diplomats-to-leave",
        "Burkina Faso told three French diplomats to leave the country.",
        [("Burkina Faso", "sanctions", "France", A)],
    ),
    row(
        "asked-the-envoy-to-depart",
        "Guinea asked the Ghanaian envoy to depart within a week.",
        [("Guinea", "sanctions", "Ghana", A)],
    ),
    row(
        "gave-a-country-hours-to-answer-is-no-expulsion",
        "Peru gave Chile 48 hours to answer.",
        [],
        [("Peru", "sanctions", "Chile")],
    ),
    row(
        "gave-the-ambassador-a-medal",
        "Kenya gave the French ambassador a medal.",
        [],
        [("Kenya", "sanctions", "France")],
    ),
]


@pytest.mark.parametrize("case", RESTORED_AND_ULTIMATUMS)
def test_restored_relations_and_ultimatums(nlp: Language, case: Case) -> None:
    check(nlp, case)


PROTESTS_AND_AGREEMENT_NAMES = [
    row(
        "expressed-concern-over",
        "Japan expressed strong concern over China's decision.",
        [("Japan", "criticizes", "China", A)],
    ),
    row(
        "expressed-concern-and-disappointment-over",
        'Washington expressed "concern" and "disappointment" over Seoul’s move.',
        [("United States", "criticizes", "South Korea", A)],
    ),
    row(
        "expressed-regret-at",
        "Germany expressed regret at Hungary's veto.",
        [("Germany", "criticizes", "Hungary", A)],
    ),
    row(
        "expressed-thanks-is-no-criticism",
        "Ukraine expressed its gratitude to Poland.",
        [],
        [("Ukraine", "criticizes", "Poland")],
    ),
    row(
        "expressed-concern-about-a-storm",
        "Cuba expressed concern about the storm.",
        [],
    ),
    row(
        "filed-a-protest-against",
        "The Philippine government filed a diplomatic protest against China.",
        [("Philippines", "criticizes", "China", A)],
    ),
    row(
        "lodged-a-complaint-with",
        "Greece lodged a formal complaint with the Turkish government.",
        [("Greece", "criticizes", "Turkey", A)],
    ),
    row(
        "protest-over",
        "Serbia delivered a protest to Croatia over the arrests.",
        [("Serbia", "criticizes", "Croatia", A)],
    ),
    row(
        "condemnation-of",
        "Egypt issued a condemnation of Israel.",
        [("Egypt", "criticizes", "Israel", A)],
    ),
    row(
        "a-rebuke-of",
        "The vote was a rebuke of Russia by Kenya.",
        [("Kenya", "criticizes", "Russia", A)],
    ),
    row(
        "agreement-name-is-no-actor",
        "Japan and South Korea revived the General Security of Military Information"
        " Agreement on Monday.",
        [],
        not_entities=["General Security of Military Information Agreement"],
    ),
    row(
        "signed-an-agreement-by-its-acronym",
        "Seoul wants to end the General Security of Military Information Agreement"
        " (GSOMIA). Seoul and Tokyo signed GSOMIA in 2016.",
        [("South Korea", "signsAgreementWith", "Japan", A)],
        not_entities=["GSOMIA"],
    ),
    row(
        "named-treaty-is-no-actor",
        "The Comprehensive Nuclear Test Ban Treaty was praised by Chile.",
        [],
        not_entities=["Comprehensive Nuclear Test Ban Treaty"],
    ),
    row(
        "named-accord-signed",
        "Israel and Bahrain signed the Abraham Accords in 2020.",
        [("Israel", "signsAgreementWith", "Bahrain", A)],
    ),
    row(
        "a-body-named-for-a-treaty-stays",
        "The North Atlantic Treaty Organization praised Finland.",
        [("North Atlantic Treaty Organization", "praises", "Finland", A)],
    ),
]


@pytest.mark.parametrize("case", PROTESTS_AND_AGREEMENT_NAMES)
def test_protests_and_agreement_names(nlp: Language, case: Case) -> None:
    check(nlp, case)


UNTAGGED_TITLED_NAMES = [
    row(
        "plural-title-untagged-name-of-country",
        "Presidents Xi Jinping of China and Joseph Biden of the United States met in Bali.",
        [("Xi Jinping", "leaderOf", "China", A)],
        kinds=[("Xi Jinping", EntityKind.PERSON)],
    ),
    row(
        "title-then-two-proper-nouns",
        "Spain welcomed President Gustavo Petro on Monday.",
        [],
        kinds=[("Gustavo Petro", EntityKind.PERSON)],
    ),
    row(
        "title-of-rank-is-no-name",
        "He met the Crown Prince and Deputy Supreme Commander of the Armed Forces.",
        [],
        not_entities=["Supreme Commander"],
    ),
    row(
        "secretary-of-state-is-no-employer",
        "Deputy Secretary of State John Whitehead met Saudi officials.",
        [],
        [("John Whitehead", "officialOf", "State")],
    ),
    row(
        "minister-of-a-country-is-the-employer",
        "Minister of Defence of Kenya Aden Duale arrived in Mogadishu.",
        [],
        [("Aden Duale", "officialOf", "Defence")],
    ),
]


@pytest.mark.parametrize("case", UNTAGGED_TITLED_NAMES)
def test_untagged_titled_names(nlp: Language, case: Case) -> None:
    check(nlp, case)


LIGHT_VERBS_EPITHETS_AND_REFERENCES = [
    row(
        "imposed-sanctions-on",
        "The African Union imposed heavy sanctions on Mali after the coup.",
        [("African Union", "sanctions", "Mali", A)],
    ),
    row(
        "launched-an-attack-on",
        "Russia launched an attack on Ukraine in February.",
        [("Russia", "attacks", "Ukraine", A)],
    ),
    row(
        "held-talks-with",
        "Egypt held talks with Qatar on Sunday.",
        [("Egypt", "meetsWith", "Qatar", A)],
    ),
    row(
        "gave-support-to",
        "Turkey pledged full support to Azerbaijan.",
        [("Turkey", "supports", "Azerbaijan", A)],
    ),
    row(
        "imposed-restrictions-is-no-sanction-on-a-place",
        "Chile imposed sanctions in Santiago.",
        [],
        [("Chile", "sanctions", "Santiago")],
    ),
    row(
        "epithet-in-a-quote",
        '"We will not talk to the fascist government of Peru," Nicolas Maduro told reporters.',
        [("Nicolas Maduro", "criticizes", "Peru", A)],
    ),
    row(
        "epithet-corrupt-regime",
        '"The corrupt regime in Minsk must go," Sviatlana Tsikhanouskaya said.',
        [],
        [("Sviatlana Tsikhanouskaya", "praises", "Belarus")],
    ),
    row(
        "epithet-puppet-government",
        "Putin said the puppet government of Ukraine would fall.",
        [("Putin", "criticizes", "Ukraine", A)],
    ),
    row(
        "epithet-without-a-speaker",
        "The fascist government of Italy fell in 1943.",
        [],
        [("Italy", "criticizes", "Italy")],
    ),
    row(
        "epithet-terrorist-state",
        'Zelensky said Russia was "a terrorist state".',
        [],
        [("Zelensky", "praises", "Russia")],
    ),
    row(
        "the-latter",
        "Somalia cut ties with Kenya, accusing the latter of meddling.",
        [("Somalia", "criticizes", "Kenya", A)],
    ),
    row(
        "its-neighbour",
        "Algeria cut ties with Morocco, accusing its neighbour of hostile acts.",
        [("Algeria", "criticizes", "Morocco", A)],
    ),
    row(
        "its-neighbour-with-two-others-is-unknown",
        "Peru met Chile and Bolivia, accusing its neighbour of spying.",
        [],
        [("Peru", "criticizes", "Chile"), ("Peru", "criticizes", "Bolivia")],
    ),
    row(
        "the-latter-needs-two",
        "Kenya spoke, and the latter was praised.",
        [],
    ),
    row(
        "the-government-of-a-country",
        "The government of Chile condemned Peru.",
        [("Chile", "criticizes", "Peru", A)],
    ),
]


@pytest.mark.parametrize("case", LIGHT_VERBS_EPITHETS_AND_REFERENCES)
def test_light_verbs_epithets_and_references(nlp: Language, case: Case) -> None:
    check(nlp, case)


NAMES_THAT_ARE_NO_ACTORS = [
    row(
        "spaced-dash-ends-a-name",
        "Jihadists roam the Sahel - for years now.",
        [],
        not_entities=["Sahel - for years"],
    ),
    row(
        "spaced-dash-ends-a-place",
        "Troops crossed the Sahara - a vast desert - on foot.",
        [],
        not_entities=["Sahara - a vast desert"],
    ),
    row(
        "product-tanks",
        "Britain will send Challenger 2 tanks to Ukraine.",
        [("United Kingdom", "providesTo", "Ukraine", H)],
        not_entities=["Challenger 2"],
    ),
    row(
        "product-leopard-tanks",
        "Poland offered Leopard tanks to Ukraine.",
        [],
        not_entities=["Leopard"],
    ),
    row(
        "product-patriot-missiles",
        "Germany sent Patriot missiles to Kyiv.",
        [],
        not_entities=["Patriot"],
    ),
    row(
        "product-himars-systems",
        "The US delivered HIMARS systems to Ukraine.",
        [],
        not_entities=["HIMARS"],
    ),
    row("product-f-16-jets", "Denmark will give F-16 jets to Ukraine.", [], not_entities=["F-16"]),
    row("title-alone-pm", "The PM met Joe Biden in Washington.", [], not_entities=["PM"]),
    row(
        "institution-alone-govt",
        "Gov't files protest against China\n\nManila acted.",
        [],
        not_entities=["Gov't"],
    ),
    row(
        "title-alone-prince",
        "Isaias met the Crown Prince in Abu Dhabi.",
        [],
        not_entities=["Prince", "Crown Prince"],
    ),
    row(
        "portfolio-state",
        "Deputy Secretary of State John Whitehead met Saudi officials.",
        [],
        not_entities=["State"],
    ),
    row(
        "portfolio-defense",
        "Defense Secretary Lloyd Austin met Japanese officials.",
        [],
        not_entities=["Defense"],
    ),
    row(
        "portfolio-treasury",
        "Treasury Secretary Janet Yellen flew to Beijing.",
        [],
        not_entities=["Treasury"],
    ),
    row(
        "a-named-body-stays",
        "The Federal Reserve raised rates.",
        [],
        kinds=[("Federal Reserve", EntityKind.ORGANIZATION)],
    ),
    row(
        "a-body-called-state-stays",
        "Islamic State claimed the attack.",
        [],
        kinds=[("Islamic State", EntityKind.ORGANIZATION)],
        xfail="the tagger does not tag 'Islamic State' here",
    ),
]


@pytest.mark.parametrize("case", NAMES_THAT_ARE_NO_ACTORS)
def test_names_that_are_no_actors(nlp: Language, case: Case) -> None:
    check(nlp, case)


P_, C_, O_, L_ = EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.PLACE


@pytest.mark.parametrize(
    ("relation", "subject", "obj", "allowed"),
    [
        ("leaderOf", P_, C_, True),
        ("leaderOf", P_, L_, False),  # the ontology's range: no leader of a place
        ("leaderOf", C_, C_, False),
        ("visits", P_, L_, True),  # Place named on its own in the range
        ("visits", L_, C_, False),  # a place visits nothing: actor slot
        ("locatedIn", L_, C_, True),
        ("locatedIn", P_, C_, False),
        ("meetsWith", C_, O_, True),
        ("meetsWith", P_, L_, False),  # policy: places stay out of actor slots
        ("sanctions", L_, C_, False),
        ("relativeOf", P_, P_, True),
        ("relativeOf", P_, C_, False),
    ],
)
def test_fits_derives_from_the_ontology(
    relation: str, subject: EntityKind, obj: EntityKind, allowed: bool
) -> None:
    assert fits(relation, subject, obj) is allowed


PEOPLES_AND_KILLINGS = [
    row(
        "palestinian-leader-leads-the-palestinians",
        "The Palestinian leader, Mahmoud Abbas, met Tony Blair.",
        [("Mahmoud Abbas", "leaderOf", "Palestinians", A)],
        not_entities=["Palestine"],
    ),
    row(
        "kurdish-leader",
        "Kurdish leader Masoud Barzani met Turkish officials.",
        [("Masoud Barzani", "leaderOf", "Kurds", A)],
    ),
    row(
        "palestinians-as-a-noun",
        "Egypt praised the Palestinians.",
        [("Egypt", "praises", "Palestinians", A)],
    ),
    row(
        "uighurs-spelt-two-ways",
        "Canada criticised China over the Uighurs. The Uyghurs were detained.",
        [],
        kinds=[("Uyghurs", EntityKind.GROUP)],
    ),
    row(
        "a-demonym-of-a-state-is-still-the-state",
        "The Israeli leader, Benjamin Netanyahu, met Joe Biden.",
        [("Benjamin Netanyahu", "leaderOf", "Israel", A)],
    ),
    row(
        "forces-killed",
        "Israeli forces killed 60 Palestinians.",
        [("Israel", "attacks", "Palestinians", A)],
    ),
    row(
        "the-killing-of",
        "Turkey protested the Israeli forces' killing of 60 Palestinians.",
        [("Israel", "attacks", "Palestinians", A)],
    ),
    row(
        "a-bomb-killed-is-no-actor",
        "A bomb killed five people in Kabul.",
        [],
    ),
    row(
        "killed-in-a-crash-is-no-attack",
        "Two Kenyans were killed in a crash in Nairobi.",
        [],
        [("Kenya", "attacks", "Nairobi")],
    ),
    row(
        "denied-killing",
        "Russia denied killing Ukrainian civilians.",
        [],
        [("Russia", "attacks", "Ukraine")],
    ),
]


@pytest.mark.parametrize("case", PEOPLES_AND_KILLINGS)
def test_peoples_and_killings(nlp: Language, case: Case) -> None:
    check(nlp, case)


SUMMONS_AND_ANGER = [
    row(
        "summoned-the-ambassador",
        "The Philippines summoned the Chinese ambassador on Monday.",
        [("Philippines", "meetsWith", "China", A)],
        [("Philippines", "sanctions", "China")],
    ),
    row(
        "summoned-a-states-envoy",
        "Poland summoned Russia's envoy over the drones.",
        [("Poland", "meetsWith", "Russia", A)],
    ),
    row(
        "called-back-its-diplomats-from",
        "Somalia calls back all its diplomats from Kenya.",
        [("Somalia", "sanctions", "Kenya", A)],
        [("Somalia", "meetsWith", "Kenya")],
    ),
    row(
        "called-the-envoy-home",
        "Chad called its ambassador home from Sudan.",
        [("Chad", "sanctions", "Sudan", A)],
    ),
    row(
        "called-a-minister-is-no-summons",
        "Kenya called the minister a liar.",
        [],
    ),
    row(
        "anger-over",
        "Kuwait became a target of Iranian anger over the emirate's backing for Iraq.",
        [("Iran", "criticizes", "Kuwait", A)],
    ),
    row(
        "outrage-at",
        "There was Chinese outrage at Japan's decision.",
        [("China", "criticizes", "Japan", A)],
    ),
    row(
        "fury-over",
        "Mexican fury over the US wall grew.",
        [("Mexico", "criticizes", "United States", A)],
    ),
    row(
        "anger-over-prices-is-no-criticism-of-an-actor",
        "Kenyan anger over prices grew.",
        [],
    ),
    row(
        "outrage-against",
        "The outrage of Brazil against Israel was loud.",
        [("Brazil", "criticizes", "Israel", A)],
        xfail="an 'of' agent of an attitude noun is not read (only possessives and modifiers)",
    ),
]


@pytest.mark.parametrize("case", SUMMONS_AND_ANGER)
def test_summons_and_anger(nlp: Language, case: Case) -> None:
    check(nlp, case)


PLURAL_TITLES = [
    row(
        "presidents-of-two-countries",
        "Presidents Xi Jinping of China and Joseph Biden of the United States met in Bali.",
        [
            ("Xi Jinping", "leaderOf", "China", A),
            ("Joseph Biden", "leaderOf", "United States", A),
        ],
    ),
    row(
        "foreign-ministers-of-two-countries",
        "Foreign Ministers Sergey Lavrov of Russia and Wang Yi of China met in Moscow.",
        [("Sergey Lavrov", "officialOf", "Russia", A)],
        xfail="the tagger leaves 'Sergey Lavrov' untagged and 'Ministers' is tagged PROPN with"
        " lemma 'Ministers', so no role word is seen before the name",
    ),
    row(
        "plural-title-second-name-without-country",
        "Presidents Emmanuel Macron of France and Lula spoke.",
        [],
        [("Lula", "leaderOf", "France")],
    ),
    row(
        "singular-title-is-not-shared",
        "President Emmanuel Macron of France and Olaf Scholz of Germany met.",
        [],
        [("Olaf Scholz", "leaderOf", "Germany")],
    ),
    row(
        "plural-title-over-or-is-not-shared",
        "Presidents Xi Jinping of China or Joseph Biden of the United States will go.",
        [],
        [("Joseph Biden", "leaderOf", "United States")],
    ),
]


@pytest.mark.parametrize("case", PLURAL_TITLES)
def test_plural_titles(nlp: Language, case: Case) -> None:
    check(nlp, case)
