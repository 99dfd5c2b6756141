"""The scorer follows shared/eval/README.md rule by rule, on tiny hand-made gold and graphs."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.namespaces import DEFAULT_BASE, ENTITIES_GRAPH_KEY, NKG_IRI, slugify
from kg.ontology import load_ontology
from kg.scoring import (
    GoldError,
    Report,
    Status,
    evaluate,
    normalize_name,
    read_gold,
)

TINY = Path(__file__).parent / "data" / "eval" / "tiny"
SHARED_EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def nkg(local: str) -> URIRef:
    return URIRef(NKG_IRI + local)


@dataclass(frozen=True)
class Ent:
    """A test entity: key under the base, class, label (None: surface forms only), aliases."""

    key: str
    kind: str
    label: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rel:
    """A test relation; asserted ones get the direct triple, all get an Assertion."""

    subject: str
    relation: str
    object: str
    sentence: str = ""
    modality: str = "Asserted"


def build_graph(
    entities: Iterable[Ent], relations: Iterable[Rel] = (), title: str = "Test article"
) -> Dataset:
    """A dataset in the real shape: one article graph plus the store-wide entities graph."""
    dataset = Dataset()
    article = URIRef(DEFAULT_BASE + "article/t1")
    named = dataset.graph(article)
    labels = dataset.graph(URIRef(DEFAULT_BASE + ENTITIES_GRAPH_KEY))
    named.add((article, RDF.type, nkg("Article")))
    named.add((article, DCTERMS.title, Literal(title)))
    for ent in entities:
        node = URIRef(DEFAULT_BASE + ent.key)
        named.add((node, RDF.type, nkg(ent.kind)))
        for form in (ent.label, *ent.aliases):
            if form is not None:
                named.add((node, nkg("surfaceForm"), Literal(form)))
        if ent.label is not None:
            labels.add((node, RDFS.label, Literal(ent.label)))
            for alias in ent.aliases:
                labels.add((node, SKOS.altLabel, Literal(alias)))
    for number, rel in enumerate(relations):
        s, p, o = (
            URIRef(DEFAULT_BASE + rel.subject),
            nkg(rel.relation),
            URIRef(DEFAULT_BASE + rel.object),
        )
        if rel.modality == "Asserted":
            named.add((s, p, o))
        node = URIRef(f"{DEFAULT_BASE}assertion/t1/{number}")
        named.add((node, RDF.type, nkg("Assertion")))
        named.add((node, RDF.subject, s))
        named.add((node, RDF.predicate, p))
        named.add((node, RDF.object, o))
        named.add((node, PROV.wasDerivedFrom, article))
        named.add((node, nkg("modality"), nkg(rel.modality)))
        if rel.sentence:
            named.add((node, nkg("evidence"), Literal(rel.sentence)))
    return dataset


def write_gold(folder: Path, entities: Sequence[str], relations: Sequence[str]) -> Path:
    """A gold folder from tab-separated lines (given with real tabs)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.tsv").write_text("\n".join(entities) + "\n", encoding="utf-8")
    (folder / "relations.tsv").write_text("\n".join(relations) + "\n", encoding="utf-8")
    return folder


def row(*fields: str) -> str:
    return "\t".join(fields)


# --- the tiny constructed case (tests/data/eval/tiny) --------------------------------

TINY_ENTITIES = (
    Ent("person/vladimir-putin", "Person", "Vladimir Putin", ("Putin",)),
    Ent("person/putin", "Person", "President Putin"),  # unresolved alias: a duplicate
    Ent("person/kim-jong-un", "Person", "Kim Jong Un"),
    Ent("country/russia", "Country", "Russia"),
    Ent("country/north-korea", "Country", "DPRK"),
    Ent("country/ukraine", "Country", "Ukraine"),
    Ent("country/china", "Country", None, ("China",)),  # surface forms only, no label
    Ent("organization/kremlin", "Place", "The Kremlin"),  # optional gold; wrong class
    Ent("place/moscow", "Place", "Moscow"),
    Ent("group/western-leaders", "Group", "Western leaders"),
)
TINY_RELATIONS = (
    Rel("person/kim-jong-un", "meetsWith", "person/vladimir-putin", "Kim and Putin met."),
    Rel("organization/kremlin", "attacks", "country/ukraine", "The Kremlin attacked Ukraine."),
    Rel("person/vladimir-putin", "leaderOf", "country/russia", "President Vladimir Putin"),
    Rel("country/russia", "providesTo", "country/north-korea", "Russia will send aid."),
    Rel(
        "country/north-korea",
        "cooperatesWith",
        "country/china",
        "North Korea and China cooperate closely.",
    ),
    Rel("country/russia", "providesTo", "country/ukraine", "Russia sent gas to Ukraine."),
    Rel("country/russia", "providesTo", "country/ukraine", "Russia will not send arms.", "Negated"),
    Rel("person/kim-jong-un", "hosts", "person/vladimir-putin", "Kim welcomed Putin."),
)


@pytest.fixture(scope="module")
def tiny_report() -> Report:
    return evaluate(TINY, build_graph(TINY_ENTITIES, TINY_RELATIONS, "Summit in Pyongyang"))


def test_relation_scores_of_the_constructed_case(tiny_report: Report) -> None:
    scores = tiny_report.relations
    # TP: the meeting (reversed, symmetric), the attack (via the Kremlin alternative), leaderOf.
    # Neutral: the optional aid row. FP: the forbidden cooperation, gas to Ukraine, hosts.
    assert (scores.tp, scores.fp, scores.neutral) == (3, 3, 1)
    # Five pooled required rows; visits and North Korea -> Russia are missed.
    assert (scores.required, scores.matched) == (5, 3)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(0.6)
    assert scores.f1 == pytest.approx(2 * 0.5 * 0.6 / 1.1)
    assert (
        "relations  precision 0.500  recall 0.600  F1 0.545  "
        "(tp 3, fp 3, neutral 1, required 5, matched 3, forbidden 1)"
    ) in tiny_report.to_text().splitlines()


def test_entity_scores_leave_optional_matches_out(tiny_report: Report) -> None:
    scores = tiny_report.entities
    # 10 predicted: the Kremlin matches only optional gold (neutral), Moscow and
    # "Western leaders" match nothing, the other 7 match required gold (both Putins count).
    assert (scores.tp, scores.fp, scores.neutral) == (7, 2, 1)
    # 7 required gold entities; Pyongyang is never predicted.
    assert (scores.required, scores.matched) == (7, 6)
    assert scores.precision == pytest.approx(7 / 9)
    assert scores.recall == pytest.approx(6 / 7)
    assert scores.f1 == pytest.approx(2 * (7 / 9) * (6 / 7) / (7 / 9 + 6 / 7))
    assert [entity.canonical for entity in tiny_report.missed_entities] == ["Pyongyang"]
    assert [entity.label for entity in tiny_report.unmatched_entities] == [
        "Moscow",
        "Western leaders",
    ]
    header = tiny_report.to_text().splitlines()[1]
    assert header.startswith("entities   precision 0.778  recall 0.857  F1 0.816  ")
    assert header.endswith("(tp 7, fp 2, neutral 1, required 7, matched 6, duplicates 1)")


def test_missed_rows_carry_their_gold_evidence(tiny_report: Report) -> None:
    missed = [(r.subject, r.relation, r.object) for r in tiny_report.missed_relations]
    assert missed == [
        ("North Korea", "providesTo", "Russia"),
        ("Vladimir Putin", "visits", "Pyongyang|North Korea"),
    ]
    assert tiny_report.missed_relations[1].evidence == ("Putin arrived in Pyongyang",)
    text = tiny_report.to_text()
    assert '      "North Korea supplies shells to Russia"' in text


def test_false_positives_carry_the_graphs_evidence(tiny_report: Report) -> None:
    listed = [
        (fp.subject.label, fp.relation, fp.object.label, [e.sentence for e in fp.evidence])
        for fp in tiny_report.false_positives
    ]
    # The negated assertion about arms is not evidence for the asserted gas triple.
    assert listed == [
        ("Kim Jong Un", "hosts", "Vladimir Putin", ["Kim welcomed Putin."]),
        ("Russia", "providesTo", "Ukraine", ["Russia sent gas to Ukraine."]),
    ]
    assert tiny_report.false_positives[1].evidence[0].article == "Summit in Pyongyang"
    assert '      "Russia sent gas to Ukraine." — Summit in Pyongyang' in tiny_report.to_text()


def test_forbidden_hits_are_false_positives_listed_apart(tiny_report: Report) -> None:
    (hit,) = tiny_report.forbidden_hits
    assert (hit.prediction.subject.label, hit.prediction.relation) == ("DPRK", "cooperatesWith")
    assert hit.prediction.object.label == "China"  # fullest surface form stands in for a label
    assert [g.status for g in hit.gold] == [Status.FORBIDDEN]
    assert hit.gold[0].evidence == ("North Korea does not cooperate with China (negated)",)
    assert hit.prediction.evidence[0].sentence == "North Korea and China cooperate closely."
    section = tiny_report.to_text().split("forbidden hits (1):\n", 1)[1]
    assert section.startswith("  DPRK  cooperatesWith  China\n")
    assert "    gold: North Korea  cooperatesWith  China  [a2]" in section


def test_duplicates_and_type_mismatches_are_reported(tiny_report: Report) -> None:
    (dup,) = tiny_report.duplicates
    assert dup.gold == "Vladimir Putin"
    assert [(e.label, e.iri) for e in dup.entities] == [
        ("President Putin", DEFAULT_BASE + "person/putin"),
        ("Vladimir Putin", DEFAULT_BASE + "person/vladimir-putin"),
    ]
    assert (
        f"  Vladimir Putin <- President Putin <{DEFAULT_BASE}person/putin>; "
        f"Vladimir Putin <{DEFAULT_BASE}person/vladimir-putin>"
    ) in tiny_report.to_text().splitlines()
    assert [(m.gold, m.gold_type, m.entity.types) for m in tiny_report.type_mismatches] == [
        ("Kremlin", "Organization", ("Place",))
    ]


def test_text_report_lists_labels_not_iris_for_relations(tiny_report: Report) -> None:
    text = tiny_report.to_text()
    lines = text.splitlines()
    assert lines[0] == f"gold {TINY}"
    for title in (
        "missed required relations (2):",
        "false positives (2):",
        "forbidden hits (1):",
        "duplicate entities (1):",
        "missed required entities (1):",
        "unmatched predicted entities (2):",
        "type mismatches (1):",
    ):
        assert title in lines
    before_duplicates = text.split("duplicate entities", 1)[0]
    assert DEFAULT_BASE not in before_duplicates


def test_json_is_stable_and_complete(tiny_report: Report) -> None:
    text = tiny_report.to_json()
    data = json.loads(text)
    assert sorted(data) == [
        "duplicates",
        "entities",
        "false_positives",
        "forbidden_hits",
        "gold",
        "gold_articles",
        "gold_articles_in_graph",
        "missed_entities",
        "missed_relations",
        "relations",
        "type_mismatches",
        "unmatched_entities",
    ]
    assert data["relations"] == {
        "f1": pytest.approx(6 / 11),
        "fp": 3,
        "matched": 3,
        "neutral": 1,
        "precision": 0.5,
        "recall": 0.6,
        "required": 5,
        "tp": 3,
    }
    assert data["forbidden_hits"][0]["gold"][0]["status"] == "forbidden"
    assert data["false_positives"][0]["evidence"] == [
        {"article": "Summit in Pyongyang", "sentence": "Kim welcomed Putin."}
    ]
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    again = evaluate(
        TINY, build_graph(reversed(TINY_ENTITIES), reversed(TINY_RELATIONS), "Summit in Pyongyang")
    )
    assert again.to_json() == text


# --- single rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gerhard Schröder", "gerhard schroder"),
        ("Hugo Chávez", "hugo chavez"),
        ("KIM Jong-Un", "kim jong un"),
        ("U.S.", "u s"),
        ("Democratic People's Republic", "democratic people s republic"),
        ("People’s Republic", "people s republic"),
        ("The Kremlin", "kremlin"),
        ("  the   West ", "west"),
        ("Theresa May", "theresa may"),  # "the" only as a whole leading word
        ("Washington, D.C.", "washington, d c"),
        ("ﬁji", "fiji"),  # NFKD unfolds the ligature
    ],
)
def test_normalize_name(name: str, expected: str) -> None:
    assert normalize_name(name) == expected


def test_names_match_after_normalisation(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold",
        [
            row("Gerhard Schroeder", "Person", "required", "Gerhard Schröder"),
            row("Kim Jong-un", "Person", "required", ""),
        ],
        [row("x", "Gerhard Schroeder", "meetsWith", "Kim Jong-un", "required", "")],
    )
    graph = build_graph(
        [
            Ent("person/schroder", "Person", "GERHARD SCHRODER"),
            Ent("person/kim", "Person", "the kim jong un"),
        ],
        [Rel("person/schroder", "meetsWith", "person/kim")],
    )
    report = evaluate(gold, graph)
    assert (report.entities.tp, report.entities.fp, report.entities.matched) == (2, 0, 2)
    assert (report.relations.tp, report.relations.fp, report.relations.matched) == (1, 0, 1)


def test_alternatives_with_a_bar(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold",
        [row("Putin", "Person", "required", ""), row("Moscow", "Place", "optional", "")],
        [row("x", "Putin", "visits", "Pyongyang|North Korea", "required", "")],
    )
    for target, tp in (("North Korea", 1), ("Pyongyang", 1), ("Seoul", 0)):
        graph = build_graph(
            [Ent("person/putin", "Person", "Putin"), Ent("place/t", "Place", target)],
            [Rel("person/putin", "visits", "place/t")],
        )
        report = evaluate(gold, graph)
        assert (report.relations.tp, report.relations.fp) == (tp, 1 - tp), target


def test_symmetric_relations_count_either_direction_directed_do_not(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold",
        [row("A", "Person", "required", ""), row("B", "Person", "required", "")],
        [
            row("x", "A", "meetsWith", "B", "required", ""),
            row("x", "A", "hosts", "B", "required", ""),
        ],
    )
    ents = [Ent("person/a", "Person", "A"), Ent("person/b", "Person", "B")]
    reversed_graph = build_graph(
        ents, [Rel("person/b", "meetsWith", "person/a"), Rel("person/b", "hosts", "person/a")]
    )
    report = evaluate(gold, reversed_graph)
    assert (report.relations.tp, report.relations.fp, report.relations.matched) == (1, 1, 1)
    assert [(r.relation, r.subject) for r in report.missed_relations] == [("hosts", "A")]
    # A symmetric fact stored both ways is one prediction, not two.
    both = build_graph(
        ents, [Rel("person/a", "meetsWith", "person/b"), Rel("person/b", "meetsWith", "person/a")]
    )
    assert (evaluate(gold, both).relations.tp, evaluate(gold, both).relations.fp) == (1, 0)


def test_optional_rows_are_neutral_and_outside_recall(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold",
        [row("A", "Country", "required", ""), row("B", "Country", "required", "")],
        [
            row("x", "A", "attacks", "B", "required", ""),
            row("x", "A", "threatens", "B", "optional", "A could strike B"),
            row("x", "B", "threatens", "A", "optional", ""),
        ],
    )
    graph = build_graph(
        [Ent("country/a", "Country", "A"), Ent("country/b", "Country", "B")],
        [Rel("country/a", "threatens", "country/b")],
    )
    report = evaluate(gold, graph)
    assert report.relations.neutral == 1
    assert (report.relations.tp, report.relations.fp, report.relations.required) == (0, 0, 1)
    assert report.relations.precision == 0.0  # nothing counted: an empty denominator scores 0
    assert [r.relation for r in report.missed_relations] == ["attacks"]


def test_required_wins_over_forbidden_and_forbidden_over_optional(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold",
        [row("A", "Country", "required", ""), row("B", "Country", "required", "")],
        [
            row("a1", "A", "supports", "B", "required", ""),
            row("a2", "A", "supports", "B", "forbidden", "A ended its support"),
            row("a1", "A", "praises", "B", "optional", ""),
            row("a2", "A", "praises", "B", "forbidden", "A did not praise B"),
        ],
    )
    graph = build_graph(
        [Ent("country/a", "Country", "A"), Ent("country/b", "Country", "B")],
        [Rel("country/a", "supports", "country/b"), Rel("country/a", "praises", "country/b")],
    )
    report = evaluate(gold, graph)
    assert (report.relations.tp, report.relations.fp, report.relations.neutral) == (1, 1, 0)
    assert [hit.prediction.relation for hit in report.forbidden_hits] == ["praises"]
    assert report.false_positives == ()


def test_gold_rows_are_pooled_over_articles(tmp_path: Path) -> None:
    gold = read_gold(
        write_gold(
            tmp_path / "gold",
            [row("A", "Person", "required", "")],
            [
                row("a1", "A", "allyOf", "B", "required", "first"),
                row("a2", "b", "allyOf", "the A", "required", "second"),  # symmetric, renamed
                row("a3", "A", "allyOf", "B", "optional", "third"),  # another status stays apart
                row("a1", "A", "leaderOf", "B", "required", "x"),
                row("a2", "B", "leaderOf", "A", "required", "y"),  # directed: not the same
                row("a3", "A|C", "leaderOf", "B", "required", "z"),  # other alternatives
            ],
        ),
        symmetric=frozenset({"allyOf"}),
    )
    pooled = [(r.relation, r.status, r.articles, r.evidence) for r in gold.relations]
    assert pooled == [
        ("allyOf", Status.REQUIRED, ("a1", "a2"), ("first", "second")),
        ("allyOf", Status.OPTIONAL, ("a3",), ("third",)),
        ("leaderOf", Status.REQUIRED, ("a1",), ("x",)),
        ("leaderOf", Status.REQUIRED, ("a2",), ("y",)),
        ("leaderOf", Status.REQUIRED, ("a3",), ("z",)),
    ]


def test_surface_forms_count_only_for_unlabelled_entities(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold", [row("North Korea", "Country", "required", "DPRK")], [])
    unlabelled = build_graph([Ent("country/nk", "Country", None, ("DPRK", "Pyongyang regime"))])
    assert evaluate(gold, unlabelled).entities.tp == 1
    # With a label, only rdfs:label and skos:altLabel are names; surface forms are not.
    labelled = build_graph([Ent("country/nk", "Country", "Pyongyang regime")])
    labelled.graph(URIRef(DEFAULT_BASE + "article/t1")).add(
        (URIRef(DEFAULT_BASE + "country/nk"), nkg("surfaceForm"), Literal("DPRK"))
    )
    assert evaluate(gold, labelled).entities.tp == 0


def test_a_graph_file_and_a_plain_graph_score_like_the_dataset(tmp_path: Path) -> None:
    dataset = build_graph(TINY_ENTITIES, TINY_RELATIONS, "Summit in Pyongyang")
    expected = evaluate(TINY, dataset)
    dataset.serialize(tmp_path / "graph.trig", format="trig")
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert evaluate(TINY, tmp_path / "graph.trig") == expected
    assert evaluate(TINY, union) == expected


# --- bad gold ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entities", "relations", "message"),
    [
        (
            [row("A", "Person", "required", "")],
            ["# header", row("x", "A", "meetsWith", "B")],
            "relations.tsv:2: expected 6 tab-separated fields (article, subject, relation, "
            "object, status, evidence) but found 4; fix the line or start it with #.",
        ),
        (
            [row("A", "Person", "maybe", "")],
            [],
            "entities.tsv:1: status 'maybe' is not one of required, optional; use one of them.",
        ),
        (
            [row("A", "Person", "forbidden", "")],
            [],
            "entities.tsv:1: status 'forbidden' is not one of required, optional; use one of them.",
        ),
        (
            [row("A", "Human", "required", "")],
            [],
            "entities.tsv:1: type 'Human' is not one of Agreement, Country, Group, "
            "Organization, Person, Place; use an ontology class name.",
        ),
        (
            [],
            [row("x", "A", "likes", "B", "required", "")],
            "relations.tsv:1: relation 'likes' is not an nkg actor relation; "
            "use a property local name such as meetsWith.",
        ),
        (
            [],
            [row("x", " | ", "meetsWith", "B", "required", "")],
            "relations.tsv:1: the subject is empty; give a name (alternatives with |).",
        ),
    ],
)
def test_malformed_gold_names_file_and_line(
    tmp_path: Path, entities: list[str], relations: list[str], message: str
) -> None:
    gold = write_gold(tmp_path / "gold", entities, relations)
    with pytest.raises(GoldError) as caught:
        read_gold(gold)
    assert str(caught.value) == f"{gold}/{message}"


def test_missing_gold_folder_and_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=r"is not a folder; give a gold folder with entities"):
        read_gold(tmp_path / "nowhere")
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "entities.tsv").write_text("", encoding="utf-8")
    with pytest.raises(GoldError) as caught:
        read_gold(tmp_path / "half")
    assert str(caught.value) == (
        f"{tmp_path}/half/relations.tsv does not exist; "
        "a gold folder needs entities.tsv and relations.tsv."
    )


def test_part_of_rows_are_read_but_not_scored(tmp_path: Path) -> None:
    gold = write_gold(
        tmp_path / "gold",
        [row("A", "Country", "required", ""), row("Pact", "Agreement", "optional", "")],
        [row("x", "A", "partyTo", "Pact", "required", "")],
    )
    assert read_gold(gold).relations == ()


# --- the ontology's symmetric properties ---------------------------------------------


def test_gold_reading_takes_symmetry_from_the_ontology(tmp_path: Path) -> None:
    # One gold row per direction of a symmetric relation pools into one row; a directed
    # relation keeps both. Which relations are symmetric is the ontology's to say.
    assert {"meetsWith", "signsAgreementWith", "cooperatesWith", "relativeOf", "allyOf"} == (
        load_ontology().symmetric
    )
    gold = write_gold(
        tmp_path / "gold",
        [row("A", "Country", "required", ""), row("B", "Country", "required", "")],
        [
            row("x", "A", "meetsWith", "B", "required", ""),
            row("y", "B", "meetsWith", "A", "required", ""),
            row("x", "A", "visits", "B", "required", ""),
            row("y", "B", "visits", "A", "required", ""),
        ],
    )
    relations = read_gold(gold).relations
    assert sorted((r.relation, r.articles) for r in relations) == [
        ("meetsWith", ("x", "y")),
        ("visits", ("x",)),
        ("visits", ("y",)),
    ]


# --- the CLI -------------------------------------------------------------------------


def test_cli_eval_prints_the_report_and_json(tmp_path: Path) -> None:
    graph = tmp_path / "graph.trig"
    build_graph(TINY_ENTITIES, TINY_RELATIONS, "Summit in Pyongyang").serialize(
        graph, format="trig"
    )
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(TINY), str(graph)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("entities   precision 0.778  recall 0.857  F1 0.816")
    assert lines[2].startswith("relations  precision 0.500  recall 0.600  F1 0.545")
    as_json = runner.invoke(app, ["eval", str(TINY), str(graph), "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["relations"]["tp"] == 3


def test_cli_eval_bad_gold_is_one_error_line(tmp_path: Path) -> None:
    graph = tmp_path / "graph.trig"
    build_graph(TINY_ENTITIES).serialize(graph, format="trig")
    gold = write_gold(tmp_path / "gold", [row("A", "Person")], [])
    result = CliRunner().invoke(app, ["eval", str(gold), str(graph)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"kg: error: {gold}/entities.tsv:1: expected 4 tab-separated fields "
        "(canonical, type, status, aliases) but found 2; fix the line or start it with #.\n"
    )
    missing = CliRunner().invoke(app, ["eval", str(tmp_path / "none"), str(graph)])
    assert missing.exit_code == 1
    assert len(missing.stderr.splitlines()) == 1
    assert missing.stderr.startswith(f"kg: error: {tmp_path}/none is not a folder")


# --- self-consistency on the shared gold ---------------------------------------------


def graph_from_gold(gold_dir: Path) -> Dataset:
    """Every gold entity with its aliases and every required row as a triple."""
    gold = read_gold(gold_dir)
    keys = {
        normalize_name(entity.canonical): f"{entity.type.lower()}/{slugify(entity.canonical)}"
        for entity in gold.entities
    }
    entities = [
        Ent(keys[normalize_name(e.canonical)], e.type, e.canonical, e.aliases)
        for e in gold.entities
    ]
    relations = [
        Rel(keys[normalize_name(r.subjects[0])], r.relation, keys[normalize_name(r.objects[0])])
        for r in gold.relations
        if r.status is Status.REQUIRED
    ]
    return build_graph(entities, relations)


@pytest.mark.parametrize("name", ["seeds", "news-dev"])
def test_gold_scores_perfectly_against_itself(name: str) -> None:
    gold_dir = SHARED_EVAL / name
    if not gold_dir.is_dir():
        pytest.skip(f"{gold_dir} is not available")
    report = evaluate(gold_dir, graph_from_gold(gold_dir))
    for scores in (report.entities, report.relations):
        assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert report.entities.neutral == sum(
        entity.status is Status.OPTIONAL for entity in read_gold(gold_dir).entities
    )
    assert report.duplicates == report.false_positives == report.forbidden_hits == ()
    assert report.type_mismatches == ()
