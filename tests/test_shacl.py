"""SHACL validation: the sample graph conforms, and each way of breaking it is reported."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import sample_dataset
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import GraphError
from kg.namespaces import ENTITIES_GRAPH_KEY, NKG_IRI, iri_for
from kg.ontology import ONTOLOGY_DIR, find_ontology_dir, ontology_graph, read_ontology
from kg.shacl import ValidationReport, shapes_graph, validate

SHAPES = "https://w3id.org/newskg/shapes#"
PUTIN = URIRef(iri_for("person/vladimir-putin"))
KIM = URIRef(iri_for("person/kim-jong-un"))
RUSSIA = URIRef(iri_for("country/russia"))
NORTH_KOREA = URIRef(iri_for("country/north-korea"))
CHINA = URIRef(iri_for("country/china"))
PYONGYANG = URIRef(iri_for("place/pyongyang"))
SUMMIT = URIRef(iri_for("article/summit"))
TREATY = URIRef(iri_for("article/treaty"))
ENTITIES = URIRef(iri_for(ENTITIES_GRAPH_KEY))


def nkg(name: str) -> URIRef:
    return URIRef(NKG_IRI + name)


def assertion_of(dataset: Dataset, subject: URIRef, relation: str, obj: URIRef) -> URIRef:
    """The one nkg:Assertion node stating subject-relation-object."""
    union = _union(dataset)
    found = {
        node
        for node in union.subjects(RDF.subject, subject)
        if (node, RDF.predicate, nkg(relation)) in union and (node, RDF.object, obj) in union
    }
    assert len(found) == 1
    return found.pop()  # type: ignore[return-value]


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def found(report: ValidationReport) -> set[tuple[str, str, str | None]]:
    """Each violation as (shape local name, focus IRI, path IRI)."""
    return {
        (v.shape.removeprefix(SHAPES), v.focus, v.path)
        for v in report.violations
        if v.severity == "Violation"
    }


# --- the hand-broken variants -----------------------------------------------------------


def two_labels(ds: Dataset) -> None:
    ds.graph(ENTITIES).add((PUTIN, RDFS.label, Literal("Putin")))


def missing_evidence(ds: Dataset) -> None:
    node = assertion_of(ds, PUTIN, "visits", PYONGYANG)
    ds.graph(SUMMIT).remove((node, nkg("evidence"), None))


def confidence_too_high(ds: Dataset) -> None:
    node = assertion_of(ds, PUTIN, "visits", PYONGYANG)
    ds.graph(SUMMIT).set((node, nkg("confidence"), Literal(Decimal("1.5"))))


def direct_triple_without_assertion(ds: Dataset) -> None:
    ds.graph(SUMMIT).add((PUTIN, nkg("meetsWith"), KIM))


def negated_with_direct_triple(ds: Dataset) -> None:
    ds.graph(TREATY).add((NORTH_KOREA, nkg("cooperatesWith"), CHINA))


def negated_with_reversed_direct_triple(ds: Dataset) -> None:
    ds.graph(TREATY).add((CHINA, nkg("cooperatesWith"), NORTH_KOREA))


def leader_is_a_place(ds: Dataset) -> None:
    node = assertion_of(ds, PUTIN, "leaderOf", RUSSIA)
    graph = ds.graph(SUMMIT)
    graph.remove((PUTIN, nkg("leaderOf"), RUSSIA))
    graph.add((PYONGYANG, nkg("leaderOf"), RUSSIA))
    graph.set((node, RDF.subject, PYONGYANG))


def non_symmetric_relation_reversed(ds: Dataset) -> None:
    hostile = URIRef(iri_for("person/script-alert-1-script"))
    graph = ds.graph(TREATY)
    graph.remove((hostile, nkg("praises"), KIM))
    graph.add((KIM, nkg("praises"), hostile))


def unknown_modality(ds: Dataset) -> None:
    node = assertion_of(ds, NORTH_KOREA, "cooperatesWith", CHINA)
    ds.graph(TREATY).set((node, nkg("modality"), URIRef(NKG_IRI + "Rumoured")))


def two_titles_no_source(ds: Dataset) -> None:
    graph = ds.graph(SUMMIT)
    graph.add((SUMMIT, DCTERMS.title, Literal("Another title")))
    graph.remove((SUMMIT, DCTERMS.source, None))


def derived_from_nothing(ds: Dataset) -> None:
    node = assertion_of(ds, PUTIN, "visits", PYONGYANG)
    ds.graph(SUMMIT).set((node, PROV.wasDerivedFrom, PUTIN))


BROKEN: list[tuple[Callable[[Dataset], None], set[tuple[str, str, str | None]]]] = [
    (two_labels, {("Entity-label", str(PUTIN), str(RDFS.label))}),
    (
        missing_evidence,
        {("Assertion-evidence", "ASSERTION", NKG_IRI + "evidence")},
    ),
    (
        confidence_too_high,
        {("Assertion-confidence", "ASSERTION", NKG_IRI + "confidence")},
    ),
    (
        direct_triple_without_assertion,
        {("DirectTripleShape", str(PUTIN), NKG_IRI + "meetsWith")},
    ),
    (
        negated_with_direct_triple,
        {
            ("DirectTripleShape", str(NORTH_KOREA), NKG_IRI + "cooperatesWith"),
            ("AssertionShape", "NEGATED", None),
        },
    ),
    (
        negated_with_reversed_direct_triple,
        {
            ("DirectTripleShape", str(CHINA), NKG_IRI + "cooperatesWith"),
            ("AssertionShape", "NEGATED", None),
        },
    ),
    (leader_is_a_place, {("RoleShape", str(PYONGYANG), None)}),
    (
        non_symmetric_relation_reversed,
        {("DirectTripleShape", str(KIM), NKG_IRI + "praises")},
    ),
    (unknown_modality, {("Assertion-modality", "NEGATED", NKG_IRI + "modality")}),
    (
        two_titles_no_source,
        {
            ("Article-title", str(SUMMIT), str(DCTERMS.title)),
            ("Article-source", str(SUMMIT), str(DCTERMS.source)),
        },
    ),
    (
        derived_from_nothing,
        {("Assertion-wasDerivedFrom", "ASSERTION", str(PROV.wasDerivedFrom))},
    ),
]


def test_the_sample_dataset_conforms() -> None:
    dataset = sample_dataset()
    report = validate(dataset)
    assert report.violations == ()
    assert report.conforms
    triples = len({(s, p, o) for s, p, o, _g in dataset.quads((None, None, None, None))})
    assert report.to_text() == f"conforms: {triples} triples, 0 violations"


@pytest.mark.parametrize(("breaker", "expected"), BROKEN, ids=[b.__name__ for b, _ in BROKEN])
def test_each_broken_variant_gives_exactly_its_violations(
    breaker: Callable[[Dataset], None], expected: set[tuple[str, str, str | None]]
) -> None:
    dataset = sample_dataset()
    placeholders = {
        "ASSERTION": str(assertion_of(dataset, PUTIN, "visits", PYONGYANG)),
        "NEGATED": str(assertion_of(dataset, NORTH_KOREA, "cooperatesWith", CHINA)),
    }
    breaker(dataset)
    report = validate(dataset)
    assert not report.conforms
    assert found(report) == {
        (shape, placeholders.get(focus, focus), path) for shape, focus, path in expected
    }


def test_a_symmetric_relation_may_be_stored_against_its_assertion() -> None:
    dataset = sample_dataset()
    graph = dataset.graph(SUMMIT)
    graph.remove((PUTIN, nkg("signsAgreementWith"), KIM))
    graph.add((KIM, nkg("signsAgreementWith"), PUTIN))
    assert validate(dataset).conforms


def test_a_relation_negated_in_one_article_may_be_asserted_in_another() -> None:
    dataset = sample_dataset()
    negated = assertion_of(dataset, NORTH_KOREA, "cooperatesWith", CHINA)
    other = URIRef(iri_for("article/other"))
    graph = dataset.graph(other)
    union = _union(dataset)
    for p, o in union.predicate_objects(TREATY):
        graph.add((other, p, o))
    asserted = URIRef(iri_for("assertion/other/1"))
    for p, o in union.predicate_objects(negated):
        graph.add((asserted, p, o))
    graph.set((asserted, nkg("modality"), nkg("Asserted")))
    graph.set((asserted, PROV.wasDerivedFrom, other))
    graph.add((NORTH_KOREA, nkg("cooperatesWith"), CHINA))
    report = validate(dataset)
    assert report.violations == ()


def test_violations_read_with_labels_one_line_each() -> None:
    dataset = sample_dataset()
    direct_triple_without_assertion(dataset)
    # A label with a line break must not break the one-line-per-violation promise.
    dataset.graph(ENTITIES).set((KIM, RDFS.label, Literal("Kim\nJong-un")))
    lines = validate(dataset).to_text().splitlines()
    assert lines[0].startswith("does not conform: ")
    assert lines[0].endswith(" triples, 1 violation")
    assert lines[1:] == [
        "Violation: Vladimir Putin nkg:meetsWith Kim Jong-un: a direct relation triple needs an"
        " nkg:Assertion with nkg:modality nkg:Asserted stating it [nkgsh:DirectTripleShape]"
    ]


def test_assertions_and_literals_are_named_readably() -> None:
    dataset = sample_dataset()
    confidence_too_high(dataset)
    lines = validate(dataset).to_text().splitlines()
    assert lines[1] == (
        "Violation: asserted assertion (Vladimir Putin nkg:visits Pyongyang) nkg:confidence"
        ' "1.5"^^xsd:decimal: an assertion needs exactly one nkg:confidence, an xsd:decimal'
        " in [0, 1] [nkgsh:Assertion-confidence]"
    )


def test_violations_are_sorted_and_deterministic() -> None:
    dataset = sample_dataset()
    for breaker, _expected in BROKEN:
        if breaker is not unknown_modality:  # it replaces what negated_with... relies on
            breaker(dataset)
    first, second = validate(dataset), validate(dataset)
    assert first == second
    keys = [(v.focus, v.path or "", v.value or "", v.shape) for v in first.violations]
    assert keys == sorted(keys)
    assert len(first.to_text().splitlines()) == 1 + len(first.violations)


def test_a_plain_graph_and_files_are_validated_like_the_dataset(sample_graph_dir: Path) -> None:
    union = _union(sample_dataset())
    expected = len(union)
    for source in (union, sample_graph_dir / "sample.trig", str(sample_graph_dir / "sample.ttl")):
        report = validate(source)
        assert (report.conforms, report.triples) == (True, expected)
    assert len(union) == expected  # validating never adds the ontology to the caller's graph


def test_a_store_folder_is_validated(tmp_path: Path) -> None:
    from kg.store import GraphStore

    with GraphStore.open(tmp_path / "store") as store:
        store.add_quads(sample_dataset().quads((None, None, None, None)))
    assert validate(tmp_path / "store").conforms


def test_a_missing_file_is_a_graph_error(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="does not exist"):
        validate(tmp_path / "missing.ttl")


def test_shapes_name_every_relation_of_the_ontology() -> None:
    onto, shapes = ontology_graph(), shapes_graph()
    relations = set(onto.subjects(RDFS.subPropertyOf, nkg("actorRelation"))) | {nkg("partyTo")}
    predicate_in = shapes.value(URIRef(SHAPES + "Assertion-predicate"), SH["in"])
    assert set(Collection(shapes, predicate_in)) == relations  # type: ignore[arg-type]
    direct = set(shapes.objects(URIRef(SHAPES + "DirectTripleShape"), SH.targetSubjectsOf))
    assert direct == relations
    endpoint_shapes = ("RoleShape", "RelativeShape", "LocationShape", "ActorRelationShape")
    checked = [
        target
        for name in endpoint_shapes
        for target in shapes.objects(URIRef(SHAPES + name), SH.targetSubjectsOf)
    ]
    assert sorted(checked) == sorted(relations)  # each relation's endpoints checked once
    symmetric = set(onto.subjects(RDF.type, OWL.SymmetricProperty))
    assert len(symmetric) == 5
    for constraint in ("DirectTripleHasAssertion", "UnassertedWithoutDirectTriple"):
        query = str(shapes.value(URIRef(SHAPES + constraint), SH.select))
        for prop in symmetric:
            assert "nkg:" + str(prop).removeprefix(NKG_IRI) in query


def test_ontology_files_are_found_where_an_installed_package_puts_them(tmp_path: Path) -> None:
    checkout, installed = tmp_path / "checkout", tmp_path / "share"
    checkout.mkdir()
    installed.mkdir()
    for name in ("newskg.ttl", "shapes.ttl"):
        (installed / name).write_bytes((ONTOLOGY_DIR / name).read_bytes())
    assert find_ontology_dir((checkout, installed)) == installed
    # Found nowhere: reading it says to reinstall, on one line.
    assert find_ontology_dir((checkout,)) == checkout
    with pytest.raises(GraphError, match="reinstall newskg"):
        read_ontology(find_ontology_dir((checkout,)) / "newskg.ttl")


runner = CliRunner()


def test_cli_exit_codes(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.trig", tmp_path / "bad.trig"
    dataset = sample_dataset()
    dataset.serialize(good, format="trig")
    leader_is_a_place(dataset)
    dataset.serialize(bad, format="trig")

    ok = runner.invoke(app, ["validate", str(good)])
    assert (ok.exit_code, ok.stdout.startswith("conforms: ")) == (0, True)

    broken = runner.invoke(app, ["validate", str(bad)])
    assert broken.exit_code == 1
    assert broken.stdout.splitlines()[1] == (
        "Violation: Pyongyang: only a person can be nkg:leaderOf or nkg:officialOf something"
        " [nkgsh:RoleShape]"
    )

    missing = runner.invoke(app, ["validate", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"kg: error: {tmp_path / 'nope.ttl'} does not exist; give a graph file or a store folder.\n"
    )
