"""The store's tallies: kept exact through adds, replacements, removals and name folds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from conftest import sample_extractions
from hypothesis import example, given, settings
from hypothesis import strategies as st

import kg
from kg.namespaces import DEFAULT_BASE
from kg.pipeline import BuildSummary
from kg.rdf import article_graph, article_iri
from kg.records import ArticleExtraction, Claim
from kg.store import GraphStore, name_index_update, open_for_query
from kg.summaries import (
    SUMMARY_VERSION,
    TOTALS,
    name_end_keys,
    relation_key,
    summary_graph,
)

SUMMARY = summary_graph(DEFAULT_BASE)
NKG = "https://w3id.org/newskg/ontology#"
# The summary graph of a store without articles: its version mark and totals of nothing.
EMPTY = {(SUMMARY, NKG + "summaryVersion", str(SUMMARY_VERSION))} | {
    (SUMMARY, NKG + total, "0") for total in TOTALS
}


def _tallies(store: GraphStore) -> set[tuple[str, str, str]]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{SUMMARY}> {{ ?s ?p ?o }} }}")
    # Decimals compare by value: Oxigraph keeps them canonical ("0.85", not "0.850").
    decimal = NKG + "bestConfidence"
    return {(str(s), str(p), str(float(o)) if str(p) == decimal else str(o)) for s, p, o in rows}


def _recomputed(store: GraphStore) -> set[tuple[str, str, str]]:
    """The tallies counted afresh from the store's article graphs, in a copy."""
    copy = store.copy_to_memory()
    copy.recompute_summaries(DEFAULT_BASE)
    return _tallies(copy)


def _put(store: GraphStore, extraction: ArticleExtraction) -> None:
    store.put_article(str(article_iri(extraction.article.id)), article_graph(extraction))


def test_tallies_stay_exact_through_adds_replacements_and_removals() -> None:
    summit, treaty = sample_extractions()
    with GraphStore.open(None) as store:
        store.ensure_summaries()
        assert _tallies(store) == EMPTY
        for extraction in (summit, treaty):
            _put(store, extraction)
            assert _tallies(store) == _recomputed(store)
        assert any(p == NKG + "articleCount" for _, p, _ in _tallies(store))
        # The same relations stated again by a second article: counts go to 2.
        again = replace(summit, article=replace(summit.article, id="again", content_hash="h2"))
        _put(store, again)
        assert _tallies(store) == _recomputed(store)
        assert (NKG + "articleCount") in {p for _, p, o in _tallies(store) if o == "2"}
        # A changed text under the same id: its old relations leave, the new ones count.
        edited = replace(
            summit,
            article=replace(summit.article, content_hash="h3", date="2023-01-05"),
            claims=summit.claims[:1],
        )
        _put(store, edited)
        assert _tallies(store) == _recomputed(store)
        assert store.remove_article(str(article_iri("again")))
        assert _tallies(store) == _recomputed(store)
        for extraction in (edited, treaty):
            store.remove_article(str(article_iri(extraction.article.id)))
        assert _tallies(store) == EMPTY


def test_a_symmetric_relation_is_one_tally_whichever_way_it_is_stated() -> None:
    summit, _ = sample_extractions()
    meeting = next(c for c in summit.claims if c.relation == "signsAgreementWith")
    turned: Claim = replace(meeting, subject=meeting.object, object=meeting.subject)
    other = replace(
        summit,
        article=replace(summit.article, id="turned", content_hash="h4"),
        claims=(turned,),
    )
    with GraphStore.open(None) as store:
        _put(store, summit)
        _put(store, other)
        rows = store.select(
            "SELECT ?articles WHERE { ?t nkg:tallyRelation nkg:signsAgreementWith ; "
            "nkg:articleCount ?articles }"
        )
        assert [str(row[0]) for row in rows] == ["2"]
        assert _tallies(store) == _recomputed(store)
    a, b = "https://x.org/b", "https://x.org/a"
    assert relation_key(a, NKG + "meetsWith", b) == (b, NKG + "meetsWith", a)
    assert relation_key(a, NKG + "criticizes", b) == (a, NKG + "criticizes", b)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_folding_a_short_name_moves_its_tallies(tmp_path: Path) -> None:
    # "Merkel" alone in one article, "Angela Merkel" in another: the build folds the
    # short name into the full one across articles, and the tallies follow.
    first = _write(
        tmp_path / "in",
        "a.txt",
        "Merkel meets Macron\n\nMerkel met Emmanuel Macron in Paris on Monday.",
    )
    second = _write(
        tmp_path / "in",
        "b.txt",
        "Angela Merkel criticises Russia\n\n"
        "German Chancellor Angela Merkel criticised Russia on Tuesday.",
    )
    kg.build([first], tmp_path / "out", html=False, quiet=True)
    kg.build([second], tmp_path / "out", html=False, quiet=True)
    with GraphStore.open(tmp_path / "out" / "store") as store:
        tallies = _tallies(store)
        assert tallies == _recomputed(store)
        actors = {o for _, p, o in tallies if p in (NKG + "tallySubject", NKG + "tallyObject")}
        assert not any(actor.endswith("/person/merkel") for actor in actors)
        assert any(actor.endswith("/person/angela-merkel") for actor in actors)


@pytest.mark.parametrize(
    "older",
    [
        # written before newskg kept tallies
        f"DROP GRAPH <{SUMMARY}>",
        # written when the summary held tallies but no name index (no version mark)
        f"DELETE {{ GRAPH <{SUMMARY}> {{ ?s ?term ?v }} }} WHERE {{ GRAPH <{SUMMARY}> "
        "{ ?s ?term ?v } VALUES ?term { nkg:nameKey nkg:nameEnd nkg:summaryVersion } }",
        # written when the name index kept one-word name ends (version 3)
        f"DELETE {{ GRAPH <{SUMMARY}> {{ ?s nkg:nameEnd ?v }} }} WHERE {{ GRAPH <{SUMMARY}> "
        "{ ?s nkg:nameEnd ?v } } ; "
        f"DELETE {{ GRAPH <{SUMMARY}> {{ ?s nkg:summaryVersion ?v }} }} "
        f"INSERT {{ GRAPH <{SUMMARY}> {{ ?s nkg:summaryVersion 3 }} }} "
        f"WHERE {{ GRAPH <{SUMMARY}> {{ ?s nkg:summaryVersion ?v }} }}",
    ],
)
def test_a_store_with_older_summaries_gets_them_once(tmp_path: Path, older: str) -> None:
    folder = tmp_path / "store"
    with GraphStore.open(folder) as store:
        for extraction in sample_extractions():
            _put(store, extraction)
        expected = _tallies(store)
        store.update(older)
    with open_for_query(folder) as store:
        assert store.read_only and _tallies(store) == expected
    rows = kg.query(folder, None, name="relation-support").rows
    assert len(rows) == len([1 for _, p, _ in expected if p == NKG + "articleCount"])
    assert kg.query(folder, None, name="actor-claims", params={"actor": "PUTIN"}).rows


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig"])
def test_a_graph_file_counts_its_relations_once(tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "store"
    with GraphStore.open(folder) as store:
        for extraction in sample_extractions():
            _put(store, extraction)
    exported = kg.export(folder, tmp_path / f"graph{suffix}")
    for name in ("relation-support", "top-actors", "relations-by-cameo"):
        from_store = kg.query(folder, None, name=name).rows
        assert from_store, name
        assert kg.query(exported, None, name=name).rows == from_store, name
    # The name index too: a file's actors are found by name in any case, as the store's.
    for name, params in (
        ("actor-claims", {"actor": "PUTIN"}),
        ("relations-between", {"a": "kim jong-un", "b": "Vladimir Putin"}),
    ):
        from_store = kg.query(folder, None, name=name, params=params).rows
        assert from_store, name
        assert kg.query(exported, None, name=name, params=params).rows == from_store, name


# Name words that make folds: surnames shared by two people, given names with short forms
# (joe/joseph, bill/william), a body named with and without its country.
_WORDS = ["kim", "jong", "un", "yo", "joe", "joseph", "biden", "bill", "william", "clinton"]
_BODIES = [
    "senate", "u s senate", "foreign ministry", "chinese foreign ministry", "army",
    "senate foreign relations committee", "u s senate foreign relations committee",
]  # fmt: skip


def _extraction(article_id: str, people: list[str], bodies: list[str]) -> ArticleExtraction:
    from conftest import _article

    from kg.records import Entity, EntityKind

    entities = [
        Entity(f"person/{'-'.join(name.split())}", EntityKind.PERSON, name.title())
        for name in sorted(set(people))
    ] + [
        Entity(f"organization/{'-'.join(name.split())}", EntityKind.ORGANIZATION, name.title())
        for name in sorted(set(bodies))
    ]
    article = _article(article_id, "t", "b", None)
    return ArticleExtraction(replace(article, content_hash=article_id), tuple(entities))


# Up to five words: longer than the name ends the index keeps (NAME_END_WORDS).
_names = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=40, deadline=None)
# A name longer than the name ends the index keeps, folding into one that ends with it.
@example(
    old_people=["william joe biden bill clinton"],
    old_bodies=["u s senate foreign relations committee"],
    new_people=["joe biden bill clinton"],
    new_bodies=["senate foreign relations committee"],
)
@given(
    old_people=st.lists(_names, max_size=6),
    old_bodies=st.lists(st.sampled_from(_BODIES), max_size=2),
    new_people=st.lists(_names, min_size=1, max_size=3),
    new_bodies=st.lists(st.sampled_from(_BODIES), max_size=2),
)
def test_folding_around_the_new_names_decides_as_folding_the_whole_store(
    old_people: list[str], old_bodies: list[str], new_people: list[str], new_bodies: list[str]
) -> None:
    with GraphStore.open(None) as store:
        _put(store, _extraction("old", old_people, old_bodies))
        while store.merge_short_names():  # the store as builds leave it: folded
            pass
        copy = store.copy_to_memory()
        new = _extraction("new", new_people, new_bodies)
        for target in (store, copy):
            _put(target, new)
        focus = {f"{DEFAULT_BASE}{entity.key}" for entity in new.entities}
        assert store.merge_short_names(focus=focus) == copy.merge_short_names()
        assert sorted(store.dump_nquads().splitlines()) == sorted(copy.dump_nquads().splitlines())
        # The name index the focused fold read is still the one its labels give.
        assert _tallies(store) == _recomputed(store)


def test_the_name_ends_are_the_first_and_last_words_of_each_name() -> None:
    people = ["kim", "john f kennedy", "a b c d e"]
    bodies = ["the world bank group", "senate"]
    with GraphStore.open(None) as store:
        _put(store, _extraction("one", people, bodies))
        rows = store.select(
            f"SELECT ?e ?end WHERE {{ GRAPH <{SUMMARY}> {{ ?e nkg:nameEnd ?end }} }}"
        )
    kept: dict[str, set[str]] = {}
    for entity, end in rows:
        kept.setdefault(str(entity).rsplit("/", 1)[-1], set()).add(str(end))
    assert kept == {
        "kim": {"kim"},
        "john-f-kennedy": {"john", "john-f", "john-f-kennedy", "f-kennedy", "kennedy"},
        "a-b-c-d-e": {"a", "a-b", "a-b-c", "c-d-e", "d-e", "e"},
        # A body is found by the end of its name only.
        "the-world-bank-group": {"world-bank-group", "bank-group", "group"},
        "senate": {"senate"},
    }
    # A name is looked up by its own ends, which every name ending with it shares.
    assert name_end_keys("b-c-d-e", prefixes=False) == {"c-d-e"}
    assert name_end_keys("the-world-bank", prefixes=False) == {"world-bank"}
    assert name_end_keys("a-b-c-d", prefixes=True) == {"a-b-c", "b-c-d"}


def test_the_kept_totals_are_the_counts(seeds_build: BuildSummary) -> None:
    with GraphStore.open(seeds_build.store, read_only=True) as store:
        kept = store.counts()
        copy = store.copy_to_memory()
    assert kept == (seeds_build.entities, seeds_build.relations, seeds_build.assertions)
    assert all(kept)
    # Without the totals (a store from an older newskg), the store counts instead.
    copy.update(f"DELETE WHERE {{ GRAPH <{SUMMARY}> {{ <{SUMMARY}> nkg:entityTotal ?n }} }}")
    assert copy.counts() == kept


@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_the_name_index_keeps_any_name_as_written(names: list[str]) -> None:
    # Quotes, backslashes and line breaks included: the index is written as SPARQL text.
    entity = f"{DEFAULT_BASE}person/someone"
    with GraphStore.open(None) as store:
        store.update(name_index_update(DEFAULT_BASE, [entity], {entity: names}))
        rows = store.select(f"SELECT ?key WHERE {{ GRAPH <{SUMMARY}> {{ ?e nkg:nameKey ?key }} }}")
    assert sorted(str(key) for (key,) in rows) == sorted({name.lower() for name in names})
