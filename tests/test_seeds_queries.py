"""The seeds graph as a product: SHACL-valid, and the named queries answer what the gold
says, on the embedded store and, after ``kg push``, on a real Virtuoso alike."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.shacl import validate
from kg.sparql import bind_params, named_queries, named_query, parse_param, run_query

PUTIN, KIM = "Vladimir Putin", "Kim Jong-un"
# Parameters for the named queries that take them: the seed articles' two leaders.
PARAMS = {"a": PUTIN, "b": KIM, "actor": PUTIN}


def _rows(result) -> set[tuple[str | None, ...]]:  # type: ignore[no-untyped-def]
    return {tuple(None if v is None else str(v) for v in row) for row in result.rows}


def _params(name: str) -> dict[str, str]:
    return {param: PARAMS[param] for param, _ in named_query(name).params}


def test_seeds_graph_conforms_to_the_shapes(seeds_build) -> None:  # type: ignore[no-untyped-def]
    report = validate(seeds_build.output / "graph.ttl")
    assert report.conforms, report.to_text()
    assert validate(seeds_build.store).conforms


def test_who_met_whom_has_the_summit(seeds_build) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(run_query(seeds_build.store, None, name="who-met-whom"))
    assert any({PUTIN, KIM} <= set(row) for row in rows)


def test_relations_between_the_leaders_match_the_gold(seeds_build) -> None:  # type: ignore[no-untyped-def]
    result = run_query(
        seeds_build.store, None, name="relations-between", params=_params("relations-between")
    )
    relations = {
        str(row[result.variables.index("relation")]).rsplit("#", 1)[-1] for row in result.rows
    }
    # The gold's required rows between Putin and Kim (seeds/relations.tsv).
    assert {"signsAgreementWith", "meetsWith", "praises", "providesTo"} <= {
        r.split(":")[-1] for r in relations
    }


def test_what_putin_was_said_to_do(seeds_build) -> None:  # type: ignore[no-untyped-def]
    result = run_query(seeds_build.store, None, name="actor-claims", params={"actor": "Putin"})
    text = " ".join(" ".join(str(v) for v in row if v is not None) for row in result.rows)
    for relation, target in (("praises", KIM), ("visits", "North Korea"), ("leaderOf", "Russia")):
        assert relation in text and target in text


def test_top_actors_are_the_four_protagonists(seeds_build) -> None:  # type: ignore[no-untyped-def]
    result = run_query(seeds_build.store, None, name="top-actors")
    top = {str(value) for row in result.rows[:6] for value in row}
    assert {PUTIN, KIM, "Russia", "North Korea"} <= top


def test_relations_by_cameo_has_the_agreement_code(seeds_build) -> None:  # type: ignore[no-untyped-def]
    result = run_query(seeds_build.store, None, name="relations-by-cameo")
    assert any("057" in str(value) for row in result.rows for value in row)


@pytest.mark.virtuoso
def test_virtuoso_answers_every_named_query_like_the_store(  # type: ignore[no-untyped-def]
    seeds_build, virtuoso, monkeypatch: pytest.MonkeyPatch
) -> None:
    from virtuoso_server import clear_newskg_graphs, virtuoso_select

    clear_newskg_graphs(virtuoso)
    monkeypatch.setenv("KG_PUSH_USER", virtuoso.user)
    monkeypatch.setenv("KG_PUSH_PASSWORD", virtuoso.password)
    pushed = CliRunner().invoke(app, ["push", str(seeds_build.store), virtuoso.graph_store])
    assert pushed.exit_code == 0, pushed.output
    for query in named_queries():
        params = _params(query.name)
        ours = _rows(run_query(seeds_build.store, None, name=query.name, params=params))
        text = bind_params(query.text, {k: parse_param(v) for k, v in params.items()})
        theirs = virtuoso_select(virtuoso, text)
        assert ours, query.name
        assert theirs == ours, query.name


def test_relation_support_counts_both_articles(seeds_build) -> None:  # type: ignore[no-untyped-def]
    result = run_query(seeds_build.store, None, name="relation-support")
    columns = result.variables
    rows = [dict(zip(columns, (str(v) for v in row), strict=True)) for row in result.rows]
    leader = next(
        r for r in rows if r["subjectLabel"] == PUTIN and r["relation"].endswith("leaderOf")
    )
    assert leader["objectLabel"] == "Russia" and leader["articles"] == "2"
    assert float(leader["confidence"]) > 0.9
