"""Issue 11, row by row: what a new user tried, and what must happen instead.

Every command runs through the real CLI with ``catch_exceptions=False``, so a traceback
fails the test, and every error is compared as the exact line the user reads.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, SHARED
from typer.testing import CliRunner, Result

from kg.cli import app
from kg.ingest import read_articles
from kg.nlp import load_pipeline, split_text
from kg.parallel import extract_articles
from kg.store import GraphStore

runner = CliRunner()


def kg(*args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=stdin, catch_exceptions=False)


def error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    return result.stderr


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    assert kg("build", str(SEEDS), "-o", str(out), "--no-html").exit_code == 0
    return out


# --- an article past spaCy's max_length is parsed in pieces -----------------------------


def test_an_article_past_the_parser_limit_is_parsed_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    articles = list(read_articles([SEEDS]))
    whole = list(extract_articles(articles))
    # The seeds are 4-5 k characters; a 600-character limit cuts each into ~8 pieces
    # (a 5 MB article against the real 1,000,000 limit is the same path, only slower).
    monkeypatch.setattr(load_pipeline(), "max_length", 600)
    pieces = list(extract_articles(articles))
    for one, other in zip(whole, pieces, strict=True):
        assert other.claims == one.claims
        assert [e.key for e in other.entities] == [e.key for e in one.entities]


@pytest.mark.parametrize(
    ("text", "limit", "lengths"),
    [
        ("a\n\nb\n\nc", 4, [3, 4]),  # at paragraph breaks, the separator kept
        ("one two three", 8, [4, 4, 5]),  # at spaces when there is nothing better
        ("x" * 10, 4, [4, 4, 2]),  # one token past the limit is cut
        ("short", 100, [5]),
    ],
)
def test_split_text_cuts_at_the_best_boundary(text: str, limit: int, lengths: list[int]) -> None:
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert [len(part) for part in parts] == lengths


# --- options are checked up front --------------------------------------------------------


def test_an_output_under_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "hostname").write_text("host\n")
    out = tmp_path / "hostname" / "out"
    assert error_line(kg("build", str(SEEDS), "-o", str(out))) == (
        f"kg: error: output folder {out} cannot be created: {tmp_path / 'hostname'} is a file, "
        "not a folder; give another path.\n"
    )


@pytest.mark.parametrize("base", ["not an iri", "http://ex.org/kg", "ex.org/kg/", ""])
def test_a_base_that_is_no_namespace_iri_is_refused(tmp_path: Path, base: str) -> None:
    assert error_line(kg("build", str(SEEDS), "-o", str(tmp_path), "--base", base)) == (
        f"kg: error: the base IRI {base!r} is not an absolute IRI ending in / or #; "
        "give one such as https://example.org/kg/.\n"
    )
    assert not (tmp_path / "store").exists()


def test_a_store_built_with_one_base_refuses_another(tmp_path: Path) -> None:
    first = kg("build", str(SEEDS), "-o", str(tmp_path), "--no-html", "--base", "http://ex.org/kg/")
    assert first.exit_code == 0, first.output
    assert error_line(kg("build", str(SEEDS), "-o", str(tmp_path), "--no-html")) == (
        f"kg: error: {tmp_path / 'store'} holds articles under the base IRI http://ex.org/kg/, "
        "not https://w3id.org/newskg/id/; build into it with the same base IRI, "
        "or into another store folder.\n"
    )
    with GraphStore.open(tmp_path / "store", read_only=True) as store:
        assert all(iri.startswith("http://ex.org/kg/") for iri in store.named_graphs())


def test_an_update_through_query_is_refused_as_such(seeds_out: Path) -> None:
    assert error_line(kg("query", str(seeds_out / "store"), "DROP ALL")) == (
        "kg: error: the query is a SPARQL update (DROP), which would change the graph; "
        "give a SELECT, ASK, CONSTRUCT or DESCRIBE query.\n"
    )
    sneaky = "PREFIX ex: <http://ex.org/#a>\n# a comment\nINSERT DATA { ex:a ex:b ex:c }"
    assert "SPARQL update (INSERT)" in error_line(kg("query", str(seeds_out / "store"), sneaky))


def test_stats_of_an_empty_folder_says_so(tmp_path: Path) -> None:
    assert error_line(kg("stats", str(tmp_path))) == (
        f"kg: error: {tmp_path} is an empty folder, not a store; build a graph into it first, "
        "or give a graph file or a store folder.\n"
    )


def test_export_format_by_extension_or_flag_alike(seeds_out: Path, tmp_path: Path) -> None:
    by_extension = kg("export", str(seeds_out / "store"), "-o", str(tmp_path / "a.rdfxml"))
    by_flag = kg("export", str(seeds_out / "store"), "-o", str(tmp_path / "b"), "-f", "rdfxml")
    assert by_extension.exit_code == 0 and by_flag.exit_code == 0
    assert (tmp_path / "a.rdfxml").read_bytes() == (tmp_path / "b").read_bytes()
    assert (tmp_path / "a.rdfxml").read_text().startswith("<?xml")


def test_an_unknown_export_format_is_a_usage_error(seeds_out: Path, tmp_path: Path) -> None:
    result = kg("export", str(seeds_out / "store"), "-o", str(tmp_path / "x"), "-f", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is not one of 'ttl'" in result.stderr


# --- identity: the file name is only where an article came from -------------------------


def test_two_folders_each_holding_index_txt_are_two_articles(tmp_path: Path) -> None:
    texts = sorted(SEEDS.glob("*.txt"))
    for folder, seed in zip(("today", "tomorrow"), texts, strict=True):
        (tmp_path / folder).mkdir()
        shutil.copy(seed, tmp_path / folder / "index.txt")
    out = tmp_path / "out"
    assert "1 added" in kg("build", str(tmp_path / "today"), "-o", str(out), "--no-html").stdout
    second = kg("build", str(tmp_path / "tomorrow"), "-o", str(out), "--no-html").stdout
    assert "1 added, 0 replaced" in second
    again = kg("build", str(tmp_path / "today"), "-o", str(out), "--no-html").stdout
    assert "0 added, 0 replaced, 1 unchanged" in again  # re-reading is a no-op
    with GraphStore.open(out / "store", read_only=True) as store:
        assert len(store.articles()) == 2


def test_a_changed_text_under_the_same_id_replaces_it(tmp_path: Path) -> None:
    feed = tmp_path / "news.jsonl"
    feed.write_text(json.dumps({"id": "n1", "text": "Putin met Kim in Pyongyang."}) + "\n")
    assert "1 added" in kg("build", str(feed), "-o", str(tmp_path / "out"), "--no-html").stdout
    feed.write_text(json.dumps({"id": "n1", "text": "Putin met Xi in Beijing."}) + "\n")
    again = kg("build", str(feed), "-o", str(tmp_path / "out"), "--no-html").stdout
    assert "0 added, 1 replaced" in again
    with GraphStore.open(tmp_path / "out" / "store", read_only=True) as store:
        (article,) = store.articles()
        assert article.endswith("/article/n1")
        labels = {str(row[0]) for row in store.select("SELECT ?l WHERE { ?e rdfs:label ?l }")}
    assert "Xi" in " ".join(labels) and "Kim" not in " ".join(labels)


# --- input -------------------------------------------------------------------------------


def test_stdin_json_lines_are_read_as_records(tmp_path: Path) -> None:
    records = [
        {"id": f"bbc-{n}", "title": title, "text": text}
        for n, (title, text) in enumerate(
            [
                ("Putin meets Kim", "Vladimir Putin met Kim Jong-un in Pyongyang."),
                ("Pact signed", "Russia and North Korea signed a defence pact."),
                ("Kim visits", "Kim Jong-un visited Moscow on Tuesday."),
            ]
        )
    ]
    data = "".join(json.dumps(record) + "\n" for record in records)
    result = kg("build", "-", "-o", str(tmp_path), "--no-html", stdin=data)
    assert result.stdout.startswith("read 3 article(s): 3 added"), result.output
    as_text = kg("articles", "-", "--stdin-format", "text", stdin=data)
    assert len(as_text.stdout.splitlines()) == 1


def test_a_broken_line_is_skipped_and_the_build_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"r{n}", "text": f"Vladimir Putin met Kim Jong-un, report {n} says."})
        for n in range(1, 10)
    ]
    lines[3] = lines[3][:31]
    feed = tmp_path / "nine.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    result = kg("build", str(feed), "-o", str(tmp_path / "out"), "--no-html")
    assert result.exit_code == 0
    assert result.stdout.startswith("read 8 article(s): 8 added")
    assert (
        f"skipped 1 input(s):\n  '{feed}' line 4 is not valid JSON "
        "(Unterminated string starting at column 22); fix or remove that line.\n"
    ) in result.stdout
    strict = kg("build", str(feed), "-o", str(tmp_path / "strict"), "--no-html", "--strict")
    assert error_line(strict) == (
        f"kg: error: '{feed}' line 4 is not valid JSON "
        "(Unterminated string starting at column 22); fix or remove that line.\n"
    )


def test_invalid_utf8_is_skipped_never_mojibake(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), tmp_path / "news" / "good.txt")
    (tmp_path / "news" / "bad.txt").write_bytes(
        b"Summit\n\nPutin met \xff\xfe Kim Jong-un in \xc3( Pyongyang."
    )
    result = kg("build", str(tmp_path / "news"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert (
        f"  '{tmp_path / 'news' / 'bad.txt'}' is damaged UTF-8 (an invalid byte at offset 18); "
        "repair or re-encode it as UTF-8.\n"
    ) in result.stdout
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "ÿþ" not in graph and "Ã(" not in graph


# --- symmetric relations answer from both sides ------------------------------------------


@pytest.mark.parametrize("actor", ["Putin", "Kim Jong-un"])
def test_actor_claims_finds_a_symmetric_relation_from_either_side(
    seeds_out: Path, actor: str
) -> None:
    result = kg(
        "query", str(seeds_out / "store"), "--name", "actor-claims", "-p", f"actor={actor}",
        "-f", "json",
    )  # fmt: skip
    rows = json.loads(result.stdout)["results"]["bindings"]
    signed = {row["objectLabel"]["value"] for row in rows if row["relation"]["value"].endswith(
        "signsAgreementWith")}  # fmt: skip
    other = "Kim Jong-un" if actor == "Putin" else "Vladimir Putin"
    assert other in signed


# --- a graph file answers like the store it came from -----------------------------------


def test_reason_adds_the_other_direction_on_a_graph_file_too(seeds_out: Path) -> None:
    ask = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?s nkg:meetsWith ?o "
        "FILTER NOT EXISTS { ?o nkg:meetsWith ?s } }"
    )
    for graph in (seeds_out / "store", seeds_out / "graph.ttl"):
        plain = kg("query", str(graph), ask, "-f", "csv").stdout.splitlines()[1]
        reasoned = kg("query", str(graph), ask, "-f", "csv", "--reason").stdout.splitlines()[1]
        assert int(plain) > 0 and reasoned == "0", graph


def test_stats_count_the_same_articles_in_a_graph_file(seeds_out: Path) -> None:
    store = kg("stats", str(seeds_out / "store")).stdout
    graph = kg("stats", str(seeds_out / "graph.ttl")).stdout
    assert "articles      2" in store and "articles      2" in graph
    # Everything but the quad count (a Turtle file merges the per-article graphs).
    assert store.split("\n", 4)[4] == graph.split("\n", 4)[4]


# --- kg eval with gold for other articles ------------------------------------------------


def test_eval_with_gold_for_other_articles_says_no_gold_article_is_in_the_graph(
    seeds_out: Path,
) -> None:
    gold = SHARED / "eval" / "news-dev"
    if not gold.is_dir():
        pytest.skip(f"{gold} is not present")
    result = kg("eval", str(gold), str(seeds_out / "graph.ttl"))
    assert result.output.splitlines()[1] == (
        "warning: no gold article is in the graph (the gold names 8 articles, by file name "
        "or id); the scores below compare different texts."
    )
    right = kg("eval", str(SHARED / "eval" / "seeds"), str(seeds_out / "graph.ttl"))
    assert "warning" not in right.output


# --- the CLI reads standard input as bytes in use, as text in tests --------------------


def test_stdin_as_a_real_byte_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"id": "a", "text": "Kim spoke."}\n{"id": "b", "text": "Putin spoke."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert [a.id for a in read_articles(["-"])] == ["a", "b"]
