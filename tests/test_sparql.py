"""SPARQL over files and stores: named queries, parameters, formats, --reason and stats."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest
from conftest import KIM, PUTIN, _article, sample_extractions
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import GraphError
from kg.namespaces import NKG_IRI, iri_for
from kg.rdf import article_graph, article_iri
from kg.records import ArticleExtraction, Claim, Entity, EntityKind, Modality
from kg.sparql import (
    ONTOLOGY_FILE,
    QUERIES_DIR,
    QueryResult,
    ResultKind,
    bind_params,
    format_result,
    list_named_queries,
    named_queries,
    parse_param,
    run_query,
    stats,
)
from kg.store import GraphStore

NKG = Namespace(NKG_IRI)


def _build(folder: Path, extractions: list[ArticleExtraction]) -> Path:
    with GraphStore.open(folder) as store:
        for extraction in extractions:
            store.put_article(str(article_iri(extraction.article.id)), article_graph(extraction))
        store.refresh_labels()
    return folder


@pytest.fixture
def sample_store(tmp_path: Path) -> Path:
    """The sample articles in a store folder."""
    return _build(tmp_path / "store", sample_extractions())


# O'Brien's name carries both quote characters and an attempt to end the literal.
OBRIEN = Entity("person/obrien", EntityKind.PERSON, 'Pat "Bull" O\'Brien', ('x" } } #',))


def _meetings() -> list[ArticleExtraction]:
    def met(subject: str, obj: str, sentence: str, modality: Modality) -> Claim:
        return Claim(subject, "meetsWith", obj, sentence, "met", "svo", 0.9, modality)

    return [
        ArticleExtraction(
            _article("m1", "Kim meets Putin", "Kim met Putin.", "2024-06-19"),
            (KIM, PUTIN),
            (met(KIM.key, PUTIN.key, "Kim met Putin.", Modality.ASSERTED),),
        ),
        ArticleExtraction(
            _article("m2", "Putin meets Kim", "Putin met Kim.", "2024-07-01"),
            (KIM, PUTIN, OBRIEN),
            (
                met(PUTIN.key, KIM.key, "Putin met Kim.", Modality.ASSERTED),
                met(OBRIEN.key, KIM.key, "O'Brien may meet Kim.", Modality.HYPOTHETICAL),
            ),
        ),
    ]


@pytest.fixture
def meetings_store(tmp_path: Path) -> Path:
    """Two articles stating the same meeting in opposite directions, and a hedged one."""
    return _build(tmp_path / "meetings", _meetings())


def _cells(result: QueryResult) -> list[tuple[str | None, ...]]:
    return [tuple(None if term is None else str(term) for term in row) for row in result.rows]


def _iri(key: str) -> str:
    return iri_for(key)


def test_top_actors_on_the_sample(sample_store: Path) -> None:
    result = run_query(sample_store, None, name="top-actors")
    assert result.variables == ("actor", "label", "class", "relations")
    assert _cells(result) == [
        (_iri("person/kim-jong-un"), "Kim Jong-un", NKG_IRI + "Person", "3"),
        (_iri("person/vladimir-putin"), "Vladimir Putin", NKG_IRI + "Person", "3"),
        (
            _iri("person/script-alert-1-script"),
            "<script>alert(1)</script>",
            NKG_IRI + "Person",
            "1",
        ),
        (_iri("country/north-korea"), "North Korea", NKG_IRI + "Country", "1"),
        (_iri("place/pyongyang"), "Pyongyang", NKG_IRI + "Place", "1"),
        (_iri("country/russia"), "Russia", NKG_IRI + "Country", "1"),
    ]


def test_who_met_whom_lists_each_pair_once(sample_store: Path, meetings_store: Path) -> None:
    assert run_query(sample_store, None, name="who-met-whom").rows == ()
    result = run_query(meetings_store, None, name="who-met-whom")
    assert _cells(result) == [
        (
            _iri("person/kim-jong-un"),
            "Kim Jong-un",
            _iri("person/vladimir-putin"),
            "Vladimir Putin",
            "2",
        )
    ]


def test_relations_between_either_direction_any_case(sample_store: Path) -> None:
    expected = [
        (
            "Vladimir Putin",
            NKG_IRI + "signsAgreementWith",
            "Kim Jong-un",
            NKG_IRI + "Asserted",
            "Putin and Kim signed a pact in Pyongyang.",
            "Putin and Kim sign pact",
            _iri("article/summit"),
        )
    ]
    for a, b in [
        ("putin", "KIM JONG-UN"),
        ("Kim", "Vladimir Putin"),
        (_iri("person/kim-jong-un"), "putin"),
    ]:
        result = run_query(sample_store, None, name="relations-between", params={"a": a, "b": b})
        assert _cells(result) == expected, (a, b)
    negated = run_query(
        sample_store, None, name="relations-between", params={"a": "china", "b": "dprk"}
    )
    assert [row[1:4] for row in _cells(negated)] == [
        (NKG_IRI + "cooperatesWith", "China", NKG_IRI + "Negated")
    ]


def test_actor_claims_with_modality_and_speaker(sample_store: Path) -> None:
    result = run_query(sample_store, None, name="actor-claims", params={"actor": "kim"})
    assert result.variables == (
        "relation", "objectLabel", "modality", "saidBy", "evidence", "title", "article"
    )  # fmt: skip
    assert _cells(result) == [
        (
            NKG_IRI + "leaderOf",
            "North Korea",
            NKG_IRI + "Asserted",
            "Vladimir Putin",
            "North Korean leader Kim Jong-un",
            "Putin and Kim sign pact",
            _iri("article/summit"),
        ),
        # Stored as Putin signsAgreementWith Kim: a symmetric relation answers for Kim too.
        (
            NKG_IRI + "signsAgreementWith",
            "Vladimir Putin",
            NKG_IRI + "Asserted",
            None,
            "Putin and Kim signed a pact in Pyongyang.",
            "Putin and Kim sign pact",
            _iri("article/summit"),
        ),
    ]


def test_relations_by_cameo_on_the_sample(sample_store: Path) -> None:
    result = run_query(sample_store, None, name="relations-by-cameo")
    assert result.variables == ("cameo", "relation", "month", "relations")
    assert _cells(result) == [
        ("042", NKG_IRI + "visits", "2024-06", "1"),
        ("057", NKG_IRI + "signsAgreementWith", "2024-06", "1"),
        ("051", NKG_IRI + "praises", "undated", "1"),
    ]


def test_a_file_and_a_store_give_the_same_answers(
    sample_store: Path, sample_graph_dir: Path
) -> None:
    for query in named_queries():
        params = {name: "Kim" for name, _ in query.params}
        from_store = run_query(sample_store, None, name=query.name, params=params)
        from_file = run_query(
            sample_graph_dir / "sample.trig", None, name=query.name, params=params
        )
        assert from_store == from_file, query.name
        assert from_store.rows or query.name in {"who-met-whom", "relations-between"}


def test_parameters_are_terms_not_query_text(meetings_store: Path) -> None:
    for name in ['Pat "Bull" O\'Brien', 'x" } } #', 'pat "bull" o\'brien']:
        result = run_query(meetings_store, None, name="actor-claims", params={"actor": name})
        assert [(row[0], row[1], row[2]) for row in _cells(result)] == [
            (NKG_IRI + "meetsWith", "Kim Jong-un", NKG_IRI + "Hypothetical")
        ], name
    hostile = 'Kim" || true) } UNION { ?x ?y ?z } FILTER("'
    assert (
        run_query(meetings_store, None, name="actor-claims", params={"actor": hostile}).rows == ()
    )


def test_parse_param_types() -> None:
    assert parse_param("https://example.org/x") == URIRef("https://example.org/x")
    assert parse_param("<urn:x:1>") == URIRef("urn:x:1")
    assert parse_param("nkgr:person/kim-jong-un") == URIRef(_iri("person/kim-jong-un"))
    assert parse_param("42").datatype == URIRef("http://www.w3.org/2001/XMLSchema#integer")
    assert parse_param("2024-06-19").datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert parse_param("Kim: a leader") == Literal("Kim: a leader")
    with pytest.raises(GraphError, match="is not a valid IRI"):
        parse_param("<not an iri>")


def test_bind_params_opens_the_where_group_not_a_template_or_string() -> None:
    construct = (
        '# a { comment\nPREFIX ask: <urn:ask:>\nCONSTRUCT { ?s ask:p "}" } WHERE { ?s ?p ?name }'
    )
    bound = bind_params(construct, {"name": Literal('a "b"')})
    assert bound.endswith('WHERE { VALUES ?name { "a \\"b\\"" }\n ?s ?p ?name }')
    select = bind_params("SELECT * { ?s ?p ?o }", {"o": URIRef("urn:x")})
    assert select == "SELECT * { VALUES ?o { <urn:x> }\n ?s ?p ?o }"
    slotted = bind_params("SELECT * { { values $a {UNDEF} ?s ?p ?a } }", {"a": Literal("x")})
    assert slotted == 'SELECT * { { VALUES ?a { "x" } ?s ?p ?a } }'
    short = bind_params("CONSTRUCT WHERE { ?s ?p ?o }", {"o": URIRef("urn:x")})
    assert short == "CONSTRUCT WHERE { VALUES ?o { <urn:x> }\n ?s ?p ?o }"


def test_bind_params_gives_a_lower_case_slot_the_value_in_lower_case() -> None:
    query = (
        "SELECT * { { VALUES ?a_lower { UNDEF } ?s ?k ?a_lower } UNION { VALUES ?a { UNDEF } } }"
    )
    bound = bind_params(query, {"a": Literal('ÉMILIE "Dupont"')})
    assert bound == (
        'SELECT * { { VALUES ?a_lower { "émilie \\"dupont\\"" } ?s ?k ?a_lower } '
        'UNION { VALUES ?a { "ÉMILIE \\"Dupont\\"" } } }'
    )
    # Only a lower-case slot: no other block is added to the WHERE group.
    only = bind_params(
        "SELECT * { VALUES ?a_lower { UNDEF } ?s ?k ?a_lower }", {"a": URIRef("urn:X")}
    )
    assert only == 'SELECT * { VALUES ?a_lower { "urn:x" } ?s ?k ?a_lower }'


def test_ad_hoc_queries_with_params_ask_and_construct(sample_store: Path, tmp_path: Path) -> None:
    query_file = tmp_path / "who.rq"
    query_file.write_text("SELECT ?who WHERE { ?who rdfs:label $name }\n")
    result = run_query(sample_store, str(query_file), params={"name": "Kim Jong-un"})
    assert _cells(result) == [(_iri("person/kim-jong-un"),)]
    ask = run_query(sample_store, "ASK { ?a nkg:meetsWith ?b }")
    assert ask.kind is ResultKind.ASK and ask.boolean is False
    graph = run_query(sample_store, "CONSTRUCT { ?s nkg:visits ?o } WHERE { ?s nkg:visits ?o }")
    assert graph.kind is ResultKind.GRAPH
    assert _cells(graph) == [
        (_iri("person/vladimir-putin"), NKG_IRI + "visits", _iri("place/pyongyang"))
    ]


@pytest.mark.parametrize(
    ("sparql", "name", "params", "message"),
    [
        (
            "SELECT * WHERE { ?s ?p }",
            None,
            {},
            "the query is not valid SPARQL at line 1, column 25: ",
        ),
        (None, "nope", {}, "there is no named query 'nope'; choose one of: actor-claims, "),
        (
            None,
            "relations-between",
            {"a": "Kim"},
            "named query relations-between needs the parameter b (the second actor, likewise).",
        ),
        (
            None,
            "top-actors",
            {"who": "Kim"},
            "named query top-actors has no parameter who; drop that parameter ",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o }",
            "top-actors",
            {},
            "give either SPARQL text or the name of a named query, not both.",
        ),
        (
            None,
            None,
            {},
            "give a SPARQL query (text or a .rq file) or the name of a named query.",
        ),
        ("missing.rq", None, {}, "query file missing.rq does not exist; give SPARQL text or"),
        (
            "SELECT * { ?s ?p ?o }",
            None,
            {"bad-name": "x"},
            "'bad-name' is not a valid parameter name",
        ),
    ],
)
def test_query_errors_are_one_line_sentences(
    sample_store: Path, sparql: str | None, name: str | None, params: dict[str, str], message: str
) -> None:
    with pytest.raises(GraphError) as error:
        run_query(sample_store, sparql, name=name, params=params)
    text = str(error.value)
    assert text.startswith(message)
    assert "\n" not in text and text.endswith(".")


def test_formats(sample_store: Path) -> None:
    result = run_query(sample_store, None, name="top-actors")
    table = format_result(result, "table").splitlines()
    assert table[0].split() == ["actor", "label", "class", "relations"]
    assert re.fullmatch(r"[- ]+", table[1])
    assert table[2].split("  ")[0] == "nkgr:person/kim-jong-un"
    assert table[2].index("Kim Jong-un") == table[0].index("label")
    assert len({len(line) for line in table[1:3]}) == 1  # aligned, count right-aligned
    assert table[-1] == "(6 rows)"

    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == ["actor", "label", "class", "relations"]
    assert rows[3] == [
        _iri("person/script-alert-1-script"),
        "<script>alert(1)</script>",
        NKG_IRI + "Person",
        "1",
    ]
    assert format_result(result, "csv").endswith("\r\n")

    tsv = format_result(result, "tsv").splitlines()
    assert tsv[0] == "?actor\t?label\t?class\t?relations"
    assert tsv[1].split("\t") == [
        f"<{_iri('person/kim-jong-un')}>",
        '"Kim Jong-un"',
        f"<{NKG_IRI}Person>",
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    ]

    document = json.loads(format_result(result, "json"))
    assert document["head"]["vars"] == ["actor", "label", "class", "relations"]
    first = document["results"]["bindings"][0]
    assert first == {
        "actor": {"type": "uri", "value": _iri("person/kim-jong-un")},
        "label": {"type": "literal", "value": "Kim Jong-un"},
        "class": {"type": "uri", "value": NKG_IRI + "Person"},
        "relations": {
            "type": "literal",
            "value": "3",
            "datatype": "http://www.w3.org/2001/XMLSchema#integer",
        },
    }
    ask = run_query(sample_store, "ASK { ?s nkg:visits ?o }")
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert format_result(ask, "table") == "true\n"
    with pytest.raises(GraphError, match="unknown result format 'xml'"):
        format_result(result, "xml")


def test_json_results_parse_as_sparql_results(sample_store: Path) -> None:
    import pyoxigraph

    result = run_query(sample_store, None, name="actor-claims", params={"actor": "putin"})
    parsed = pyoxigraph.parse_query_results(
        format_result(result, "json"), format=pyoxigraph.QueryResultsFormat.JSON
    )
    assert [variable.value for variable in parsed.variables] == list(result.variables)
    assert len(list(parsed)) == len(result.rows) == 3
    tsv = pyoxigraph.parse_query_results(
        format_result(result, "tsv"), format=pyoxigraph.QueryResultsFormat.TSV
    )
    assert len(list(tsv)) == 3


def test_reason_makes_the_reverse_meeting_visible(meetings_store: Path) -> None:
    putin, kim = _iri("person/vladimir-putin"), _iri("person/kim-jong-un")
    sparql = f"SELECT DISTINCT ?other WHERE {{ <{kim}> nkg:meetsWith ?other }} ORDER BY ?other"
    # m1 states Kim→Putin only; m2 states Putin→Kim only.
    assert _cells(run_query(meetings_store, sparql)) == [(putin,)]
    obrien_meets = f"ASK {{ <{_iri('person/obrien')}> nkg:meetsWith ?x }}"
    before = GraphStore.open(meetings_store, read_only=True)
    count = before.quad_count()
    before.close()
    reverse = f"SELECT ?x WHERE {{ <{putin}> nkg:meetsWith ?x }}"
    plain = run_query(meetings_store, reverse)
    reasoned = run_query(meetings_store, reverse, reason=True)
    assert _cells(plain) == [(kim,)]
    assert _cells(reasoned) == [(kim,)]  # entailed only where no graph states it already
    reasoned_kim = run_query(
        meetings_store, f"SELECT ?who WHERE {{ ?who nkg:meetsWith <{putin}> }}", reason=True
    )
    assert _cells(reasoned_kim) == [(kim,)]
    assert run_query(meetings_store, obrien_meets, reason=True).boolean is False  # hedged
    actors = run_query(
        meetings_store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a nkg:Actor }", reason=True
    )
    assert _cells(actors) == [("3",)]
    relation = run_query(
        meetings_store,
        f"ASK {{ <{kim}> nkg:actorRelation <{putin}> . <{putin}> nkg:actorRelation <{kim}> }}",
        reason=True,
    )
    assert relation.boolean is True
    after = GraphStore.open(meetings_store, read_only=True)
    assert after.quad_count() == count  # reasoning ran on a copy
    after.close()


def test_reason_symmetric_entailment_on_a_file(sample_graph_dir: Path) -> None:
    sparql = "SELECT ?s ?o WHERE { ?s nkg:signsAgreementWith ?o } ORDER BY ?s"
    putin, kim = _iri("person/vladimir-putin"), _iri("person/kim-jong-un")
    assert _cells(run_query(sample_graph_dir / "sample.trig", sparql)) == [(putin, kim)]
    assert _cells(run_query(sample_graph_dir / "sample.trig", sparql, reason=True)) == [
        (kim, putin),
        (putin, kim),
    ]


def test_stats_on_the_sample(sample_store: Path) -> None:
    report = stats(sample_store)
    assert report.articles == 2
    assert report.entities_by_class == (("nkg:Country", 3), ("nkg:Person", 3), ("nkg:Place", 1))
    assert report.relations_by_property == (
        ("nkg:leaderOf", 2),
        ("nkg:praises", 1),
        ("nkg:signsAgreementWith", 1),
        ("nkg:visits", 1),
    )
    assert report.assertions_by_modality == (("nkg:Asserted", 5), ("nkg:Negated", 1))
    text = report.to_text()
    assert "articles      2" in text
    assert re.search(r"^total\s+7$", text, re.MULTILINE)


def test_named_queries_are_described_and_listed() -> None:
    names = [query.name for query in named_queries()]
    assert names == sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
    assert set(names) >= {
        "top-actors", "who-met-whom", "relations-between", "actor-claims", "relations-by-cameo"
    }  # fmt: skip
    for query in named_queries():
        assert query.description and query.description[0].isupper(), query.name
        # Entities show by label; relations-by-cameo shows only codes and properties.
        assert "rdfs:label" in query.text or query.name == "relations-by-cameo", query.name
    listing = list_named_queries()
    assert "    a=VALUE" in listing and "    actor=VALUE" in listing
    assert "--" not in listing  # the library names no flags; the command line adds them
    shown = CliRunner().invoke(app, ["query", "x", "--list"], catch_exceptions=False)
    assert "--param a=VALUE" in shown.stdout and "--param actor=VALUE" in shown.stdout


def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def test_inlined_vocabulary_matches_the_ontology() -> None:
    ontology = _ontology()
    cameo = {
        (str(p).removeprefix(NKG_IRI), str(code))
        for p, code in ontology.subject_objects(NKG.cameoCode)
    }
    text = (QUERIES_DIR / "relations-by-cameo.rq").read_text()
    assert set(re.findall(r'\(nkg:(\w+) "([\d-]+)"\)', text)) == cameo
    relations = {
        str(p).removeprefix(NKG_IRI)
        for p in ontology.subjects(RDFS.subPropertyOf, NKG.actorRelation)
    }
    # top-actors counts tallies, which the store keeps for exactly these relations.
    from kg.summaries import _actor_relations

    assert {r.removeprefix(NKG_IRI) for r in _actor_relations()} == relations
    assert "partyTo" not in relations
    assert {str(p) for p in ontology.subjects(RDF.type, OWL.SymmetricProperty)} >= {
        NKG_IRI + "meetsWith"
    }


def test_cli_query_stats_and_errors(sample_store: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["query", str(sample_store), "--list"])
    assert listed.exit_code == 0 and "who-met-whom" in listed.output
    top = runner.invoke(app, ["query", str(sample_store), "--name", "top-actors", "-f", "csv"])
    assert top.exit_code == 0, top.output
    assert top.output.splitlines()[1].startswith(f"{_iri('person/kim-jong-un')},Kim Jong-un,")
    claims = runner.invoke(
        app, ["query", str(sample_store), "--name", "actor-claims", "-p", "actor=Putin"]
    )
    assert claims.exit_code == 0 and claims.output.splitlines()[-1] == "(3 rows)"
    reasoned = runner.invoke(
        app,
        ["query", str(sample_store), "--reason", "-f", "tsv",
         "SELECT ?o WHERE { ?s nkg:signsAgreementWith ?o } ORDER BY ?o"],
    )  # fmt: skip
    assert reasoned.exit_code == 0
    assert reasoned.output.splitlines()[1:] == [
        f"<{_iri('person/kim-jong-un')}>",
        f"<{_iri('person/vladimir-putin')}>",
    ]
    shown = runner.invoke(app, ["stats", str(sample_store)])
    assert shown.exit_code == 0 and "nkg:signsAgreementWith" in shown.output
    broken = runner.invoke(app, ["query", str(sample_store), "SELECT * WHERE { ?s ?p }"])
    assert broken.exit_code == 1
    assert broken.stderr.startswith(
        "kg: error: the query is not valid SPARQL at line 1, column 25: "
    )
    assert broken.stderr.endswith("; fix the query and run it again.\n")
    assert len(broken.stderr.splitlines()) == 1
    missing = runner.invoke(app, ["stats", str(sample_store.parent / "nope")])
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"kg: error: {sample_store.parent / 'nope'} does not exist; "
        "give a graph file or a store folder.\n"
    )


def test_benchmark_engines_agree_on_a_small_dataset(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark's own check (same answers from Oxigraph and rdflib) on a tiny dataset.
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "sparql_store_vs_memory.py"
    spec = importlib.util.spec_from_file_location("sparql_store_vs_memory", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    assert module.main(["--triples", "3000"]) == 0
    output = capsys.readouterr().out
    assert "DIFFER" not in output
    assert all(query.name in output for query in named_queries())


def test_inlined_symmetric_relations_match_the_ontology() -> None:
    from kg.ontology import load_ontology

    symmetric = set(load_ontology().symmetric)
    claims = (QUERIES_DIR / "actor-claims.rq").read_text().split("FILTER(?symmetric IN (")[1]
    assert set(re.findall(r"nkg:(\w+)", claims.split("))")[0])) == symmetric
    # The tallies order a symmetric relation's actors by the same list, from the ontology.
    from kg.summaries import relation_key

    for name in load_ontology().relations:
        relation = NKG_IRI + name.name
        flipped = relation_key("urn:b", relation, "urn:a") == ("urn:a", relation, "urn:b")
        assert flipped == (name.name in symmetric), name.name
