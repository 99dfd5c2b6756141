"""The embedded store: add, replace or keep an article as a unit; labels; persistence; errors."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import KIM, PUTIN, RUSSIA, _article, sample_dataset, sample_extractions
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from kg.errors import GraphError
from kg.namespaces import DEFAULT_BASE, ENTITIES_GRAPH_KEY, NKG_IRI, iri_for
from kg.rdf import article_graph, article_iri
from kg.records import ArticleExtraction, Claim, Entity, EntityKind
from kg.sparql import run_query
from kg.store import (
    INFO_LOGS_KEPT,
    GraphStore,
    PutOutcome,
    from_oxigraph,
    load_dataset,
    open_for_query,
    to_oxigraph,
)
from kg.summaries import summary_graph

ENTITIES = iri_for(ENTITIES_GRAPH_KEY)
QuadKey = tuple[object, object, object, object]


def _key(s: object, p: object, o: object, g: object) -> QuadKey:
    # Oxigraph keeps xsd:decimal in canonical form ("0.850" comes back as "0.85"): compare
    # decimals by value, everything else exactly.
    if isinstance(o, Literal) and o.datatype == XSD.decimal:
        o = ("decimal", Decimal(str(o)))
    return s, p, o, getattr(g, "identifier", g)


def _store_quads(store: GraphStore) -> set[QuadKey]:
    return {_key(*quad) for quad in store.quads()}


def _put(store: GraphStore, extraction: ArticleExtraction) -> PutOutcome:
    return store.put_article(str(article_iri(extraction.article.id)), article_graph(extraction))


def _fill(store: GraphStore, extractions: list[ArticleExtraction]) -> list[PutOutcome]:
    outcomes = [_put(store, extraction) for extraction in extractions]
    store.refresh_labels()
    return outcomes


def _graph_quads(store: GraphStore, graph: str) -> set[QuadKey]:
    return {key for key in _store_quads(store) if str(key[3]) == graph}


def test_store_holds_exactly_the_sample_dataset(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        assert _fill(store, sample_extractions()) == [PutOutcome.ADDED, PutOutcome.ADDED]
        expected = {_key(*quad) for quad in sample_dataset().quads((None, None, None, None))}
        assert _store_quads(store) == expected
        assert store.quad_count() == len(expected)
        assert store.articles() == [iri_for("article/summit"), iri_for("article/treaty")]
        assert store.article_hash(iri_for("article/summit")) == "hash-summit"
        assert store.article_hash(iri_for("article/nope")) is None


def test_putting_the_same_article_again_changes_nothing(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        _fill(store, sample_extractions())
        before = _store_quads(store)
        assert _fill(store, sample_extractions()) == [PutOutcome.UNCHANGED] * 2
        assert _store_quads(store) == before
        assert store.quad_count() == len(before)


def test_replacing_one_article_changes_only_its_graph(tmp_path: Path) -> None:
    summit, treaty = sample_extractions()
    edited = ArticleExtraction(
        replace(summit.article, body="Putin visited Pyongyang.", content_hash="hash-summit-2"),
        (PUTIN, RUSSIA),
        (summit.claims[2],),  # only "Putin leaderOf Russia" is left
    )
    with GraphStore.open(tmp_path / "store") as store:
        _fill(store, [summit, treaty])
        treaty_before = _graph_quads(store, iri_for("article/treaty"))
        outcome = store.put_article(str(article_iri("summit")), article_graph(edited))
        assert outcome is PutOutcome.REPLACED
        assert _graph_quads(store, iri_for("article/treaty")) == treaty_before
        summit_now = _graph_quads(store, iri_for("article/summit"))
        assert summit_now == {
            _key(s, p, o, URIRef(iri_for("article/summit"))) for s, p, o in article_graph(edited)
        }
        assert store.article_hash(iri_for("article/summit")) == "hash-summit-2"
        assert store.articles() == [iri_for("article/summit"), iri_for("article/treaty")]


def test_an_article_without_hash_is_replaced_every_time(tmp_path: Path) -> None:
    graph = Graph()
    graph.add((URIRef("https://example.org/a"), RDFS.label, Literal("a")))
    with GraphStore.open(None) as store:
        assert store.put_article("https://example.org/g", graph) is PutOutcome.ADDED
        assert store.put_article("https://example.org/g", graph) is PutOutcome.REPLACED
        assert len(store.select("SELECT * { GRAPH <https://example.org/g> { ?s ?p ?o } }")) == 1


def _kim_article(article_id: str, label: str, aliases: tuple[str, ...]) -> ArticleExtraction:
    kim = Entity(KIM.key, EntityKind.PERSON, label, aliases)
    article = _article(article_id, f"{label} speaks", f"{label} spoke.", None)
    return ArticleExtraction(article, (kim,), ())


def _name_index(store: GraphStore) -> set[tuple[str, str, str]]:
    rows = store.select(
        "SELECT ?e ?term ?v WHERE { VALUES ?term { nkg:nameKey nkg:nameEnd } "
        f"GRAPH <{summary_graph(DEFAULT_BASE)}> {{ ?e ?term ?v }} }}"
    )
    return {(str(e), str(term).rsplit("#", 1)[-1], str(v)) for e, term, v in rows}


def test_the_name_index_follows_the_labels_in_any_case(tmp_path: Path) -> None:
    durand = Entity("person/emilie-durand", EntityKind.PERSON, "Émilie Durand", ("Mme Durand",))
    article = _article("one", "Durand and Russia", "Émilie Durand criticised Russia.", None)
    criticism = Claim(
        durand.key, "criticizes", RUSSIA.key, "Émilie Durand criticised Russia.",
        "criticised", "svo", 0.9,
    )  # fmt: skip
    first = ArticleExtraction(article, (durand, RUSSIA), (criticism,))
    iri = iri_for(durand.key)
    with GraphStore.open(tmp_path / "store") as store:
        _fill(store, [first])
        assert {entry for entry in _name_index(store) if entry[0] == iri} == {
            (iri, "nameKey", "émilie durand"),
            (iri, "nameKey", "mme durand"),
            (iri, "nameEnd", "emilie"),
            (iri, "nameEnd", "durand"),
            (iri, "nameEnd", "emilie-durand"),
        }
    # Any case of any of her names finds her through the index, as her IRI does.
    for name in ("ÉMILIE DURAND", "mme DURAND", iri):
        result = run_query(tmp_path / "store", None, name="actor-claims", params={"actor": name})
        assert [(str(row[0]), str(row[1])) for row in result.rows] == [
            (NKG_IRI + "criticizes", "Russia")
        ], name
    with GraphStore.open(tmp_path / "store") as store:
        # The article rewritten without the alias: its key goes; without her, all of hers.
        store.put_article(
            str(article_iri("one")),
            article_graph(
                replace(
                    first,
                    article=replace(article, content_hash="2"),
                    entities=(replace(durand, aliases=()), RUSSIA),
                )
            ),
        )
        assert (iri, "nameKey", "mme durand") not in _name_index(store)
        assert (iri, "nameKey", "émilie durand") in _name_index(store)
        store.remove_article(str(article_iri("one")))
        assert _name_index(store) == set()


def test_labels_merge_across_articles_and_follow_replacements(tmp_path: Path) -> None:
    one = _kim_article("one", "Kim Jong-un", ("Kim",))
    two = _kim_article("two", "Kim Jong Un", ())
    kim = URIRef(iri_for(KIM.key))
    with GraphStore.open(tmp_path / "store") as store:
        _fill(store, [one, two])
        labels = _graph_quads(store, ENTITIES)
        # Both forms have three name parts, one article and eleven characters: the tie
        # breaks on the text itself, never on which article came first.
        assert labels == {
            _key(kim, RDFS.label, Literal("Kim Jong Un"), URIRef(ENTITIES)),
            _key(kim, SKOS.altLabel, Literal("Kim"), URIRef(ENTITIES)),
            _key(kim, SKOS.altLabel, Literal("Kim Jong-un"), URIRef(ENTITIES)),
        }
        # Article two rewritten without its form: the alias goes with it.
        store.put_article(
            str(article_iri("two")),
            article_graph(
                replace(two, article=replace(two.article, content_hash="new"), entities=())
            ),
        )
        store.refresh_labels()
        assert _graph_quads(store, ENTITIES) == {
            _key(kim, RDFS.label, Literal("Kim Jong-un"), URIRef(ENTITIES)),
            _key(kim, SKOS.altLabel, Literal("Kim"), URIRef(ENTITIES)),
        }


def test_labels_count_articles_not_mentions(tmp_path: Path) -> None:
    # "Jong Un Kim" and "Kim Jong Un" tie on parts and length; two articles use the second.
    articles = [
        _kim_article("a", "Kim Jong Un", ()),
        _kim_article("b", "Kim Jong Un", ()),
        _kim_article("c", "Jong Un Kim", ()),
    ]
    with GraphStore.open(None) as store:
        _fill(store, articles)
        labels = store.select(f"SELECT ?l WHERE {{ <{iri_for(KIM.key)}> rdfs:label ?l }}")
        assert labels == [(Literal("Kim Jong Un"),)]


def test_store_persists_across_close_and_reopen(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with GraphStore.open(folder) as store:
        _fill(store, sample_extractions())
        expected = _store_quads(store)
    with GraphStore.open(folder) as store:
        assert _store_quads(store) == expected
        assert _fill(store, sample_extractions()) == [PutOutcome.UNCHANGED] * 2
    with GraphStore.open(folder, read_only=True) as store:
        assert _store_quads(store) == expected
        with pytest.raises(GraphError, match="opened read-only"):
            store.refresh_labels()


def test_closing_keeps_only_the_newest_of_rocksdb_s_info_logs(tmp_path: Path) -> None:
    # RocksDB starts a new info log each time the database opens for writing and keeps
    # 999 old ones: 137 MB in the folder of a store built one article at a time.
    folder = tmp_path / "store"
    with GraphStore.open(folder) as store:
        _fill(store, sample_extractions())
        expected = _store_quads(store)
    opens = INFO_LOGS_KEPT + 4
    for _ in range(opens):
        GraphStore.open(folder).close()

    def old_logs() -> list[str]:
        return sorted(path.name for path in folder.glob("LOG.old.*"))

    assert len(old_logs()) == INFO_LOGS_KEPT
    # What a read-only opening finds, and the logs it leaves, are unchanged.
    kept = old_logs()
    with GraphStore.open(folder, read_only=True) as store:
        assert _store_quads(store) == expected
    assert old_logs() == kept
    # The newest are the ones kept: one more opening rotates out the oldest of them.
    GraphStore.open(folder).close()
    assert old_logs()[:-1] == kept[1:]
    assert (folder / "LOG").is_file()


def test_load_dataset_reads_store_folders_and_files(tmp_path: Path, sample_graph_dir: Path) -> None:
    folder = tmp_path / "store"
    with GraphStore.open(folder) as store:
        _fill(store, sample_extractions())
        expected = _store_quads(store)
    dataset = load_dataset(folder)
    assert {_key(*quad) for quad in dataset.quads((None, None, None, None))} == expected
    from_file = load_dataset(sample_graph_dir / "sample.trig")
    assert {_key(*quad) for quad in from_file.quads((None, None, None, None))} == expected


def test_open_for_query_keeps_named_graphs_of_trig(sample_graph_dir: Path) -> None:
    with open_for_query(sample_graph_dir / "sample.trig") as store:
        assert store.named_graphs() == [
            iri_for("article/summit"),
            iri_for("article/treaty"),
            ENTITIES,
            iri_for("graph/summary"),
        ]
        assert store.articles() == [iri_for("article/summit"), iri_for("article/treaty")]
    with open_for_query(sample_graph_dir / "sample.ttl") as store:
        # A graph file's unnamed triples land in a graph named after the file, as a
        # store keeps everything in named graphs.
        # The file's tallies, flattened into that graph too, are counted afresh into
        # their own graph, once.
        assert store.named_graphs() == [
            (sample_graph_dir / "sample.ttl").resolve().as_uri(),
            iri_for("graph/summary"),
        ]
        assert store.quad_count() > 100


def test_a_folder_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk\n")
    message = (
        f"{folder} is not a newskg store folder (it holds no Oxigraph database); "
        "give a folder written by `kg build`, or a new or empty folder."
    )
    with pytest.raises(GraphError) as error:
        GraphStore.open(folder)
    assert str(error.value) == message
    with pytest.raises(GraphError) as error:
        open_for_query(folder)
    assert str(error.value) == message
    assert sorted(p.name for p in folder.iterdir()) == ["todo.txt"]  # nothing created
    with pytest.raises(GraphError, match="does not exist"):
        open_for_query(tmp_path / "missing")


def test_a_locked_store_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with GraphStore.open(folder):
        with pytest.raises(GraphError) as error:
            GraphStore.open(folder)
        assert str(error.value) == (
            f"{folder} is in use by another kg process; wait for it to finish "
            "or give another store folder."
        )
    GraphStore.open(folder).close()  # closing released the lock


def test_a_store_locked_by_another_process_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    holder = textwrap.dedent(
        f"""
        import sys
        from kg.store import GraphStore
        store = GraphStore.open({str(folder)!r})
        print("open", flush=True)
        sys.stdin.readline()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "open"
        with pytest.raises(GraphError, match="in use by another kg process"):
            GraphStore.open(folder)
    finally:
        process.communicate("\n", timeout=30)


def test_term_converters_are_exact() -> None:
    terms = [
        URIRef("https://example.org/x"),
        BNode("b1"),
        Literal('plain "quoted"\nline'),
        Literal("chat", lang="fr"),
        Literal("0.850", datatype=XSD.decimal, normalize=False),
        Literal("2024-06-19", datatype=XSD.date),
    ]
    for term in terms:
        back = from_oxigraph(to_oxigraph(term))
        assert back == term and type(back) is type(term)
        assert str(back) == str(term)


def test_each_put_and_remove_commits_the_labels_with_the_article() -> None:
    """Labels travel with their article: no refresh is needed for a store to be whole."""
    summit, treaty = sample_extractions()
    edited = replace(
        summit,
        article=replace(summit.article, content_hash="hash-summit-2"),
        entities=tuple(e for e in summit.entities if e.key != KIM.key),
        claims=tuple(c for c in summit.claims if KIM.key not in (c.subject, c.object)),
    )
    steps = [("put", summit), ("put", treaty), ("put", edited), ("remove", treaty)]
    held: dict[str, ArticleExtraction] = {}
    with GraphStore.open(None) as store:
        for action, extraction in steps:
            iri = str(article_iri(extraction.article.id))
            if action == "put":
                store.put_article(iri, article_graph(extraction))
                held[iri] = extraction
            else:
                assert store.remove_article(iri)
                del held[iri]
            with GraphStore.open(None) as reference:
                _fill(reference, list(held.values()))  # a clean build, labels refreshed
                assert _graph_quads(store, ENTITIES) == _graph_quads(reference, ENTITIES)
                assert _store_quads(store) == _store_quads(reference)


_FORMS = ["Kim Jong-un", "Kim Jong Un", "Kim", "Chairman Kim", "KIM JONG-UN"]


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.one_of(st.none(), st.lists(st.sampled_from(_FORMS), min_size=1, max_size=3)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_labels_kept_from_remembered_counts_equal_a_recount(
    steps: list[tuple[str, list[str] | None]],
) -> None:
    # One writable store object remembers each entity's surface-form counts and labels
    # between commits, and rewrites only the labels a commit changes; whatever the adds,
    # replacements and removals, after every step the labels (and name index) it holds
    # are those a recount of every article gives.
    with GraphStore.open(None) as store:
        for number, (article_id, forms) in enumerate(steps):
            if forms is None:
                store.remove_article(str(article_iri(article_id)))
            else:
                extraction = _kim_article(article_id, forms[0], tuple(forms[1:]))
                extraction = replace(
                    extraction, article=replace(extraction.article, content_hash=str(number))
                )
                store.put_article(str(article_iri(article_id)), article_graph(extraction))
            kept = _store_quads(store)
            copy = store.copy_to_memory()
            copy.refresh_labels()
            assert _store_quads(copy) == kept


def _many_articles(count: int) -> list[ArticleExtraction]:
    return [
        _kim_article(f"kim-{index}", "Kim Jong-un" if index % 2 else "Kim", ("Kim",))
        for index in range(count)
    ]


def test_a_long_build_reopens_the_database_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.store

    extractions = sample_extractions() + _many_articles(7)
    with GraphStore.open(tmp_path / "once") as store:
        _fill(store, extractions)
        expected = _store_quads(store)
    reopened: list[Path] = []
    reopen = GraphStore._reopen

    def counted(self: GraphStore, path: Path) -> None:
        reopened.append(path)
        reopen(self, path)

    monkeypatch.setattr(kg.store, "FLUSH_EVERY", 1)
    monkeypatch.setattr(kg.store, "REOPEN_EVERY", 2)
    monkeypatch.setattr(GraphStore, "_reopen", counted)
    with GraphStore.open(tmp_path / "reopened") as store:
        _fill(store, extractions)
        assert len(reopened) == len(extractions) // 2
        assert _store_quads(store) == expected
        assert store.article_hash(iri_for("article/summit")) == "hash-summit"


def test_a_flush_that_fails_after_a_commit_is_the_next_writes_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The article before the flush is committed and reported so; the failure (here, as
    # pyoxigraph words a full disk) stops the next write, as one GraphError, not a traceback.
    import kg.store

    def full_disk(self: GraphStore, path: Path) -> None:
        raise OSError("IO error: No space left on device: While appending to file: 000009.sst")

    monkeypatch.setattr(kg.store, "FLUSH_EVERY", 1)
    monkeypatch.setattr(GraphStore, "_flush_and_reopen", full_disk)
    first, second = _many_articles(2)
    with GraphStore.open(tmp_path / "store") as store:
        assert _put(store, first) == PutOutcome.ADDED
        with pytest.raises(GraphError) as raised:
            _put(store, second)
        assert str(raised.value) == (
            f"cannot write to the store {tmp_path / 'store'}: No space left on device: "
            "While appending to file: 000009.sst"
        )
    with GraphStore.open(tmp_path / "store", read_only=True) as store:
        assert sorted(store.articles()) == [str(article_iri(first.article.id))]


def test_a_reopening_that_fails_is_the_error_of_whatever_uses_the_store_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.store

    refused = GraphError(f"{tmp_path / 'store'} cannot be opened as a store (IO error).")

    def closed_for_good(self: GraphStore, path: Path) -> None:
        self._store = None
        raise refused

    monkeypatch.setattr(kg.store, "FLUSH_EVERY", 1)
    monkeypatch.setattr(kg.store, "REOPEN_EVERY", 1)
    monkeypatch.setattr(GraphStore, "_reopen", closed_for_good)
    first, second = _many_articles(2)
    with GraphStore.open(tmp_path / "store") as store:
        assert _put(store, first) == PutOutcome.ADDED
        for use in (
            lambda: _put(store, second),
            store.articles,
            store.refresh_labels,
        ):
            with pytest.raises(GraphError) as raised:
                use()
            assert raised.value is refused
    with GraphStore.open(tmp_path / "store", read_only=True) as store:
        assert sorted(store.articles()) == [str(article_iri(first.article.id))]


def test_looking_articles_up_while_the_database_reopens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build's parsing thread asks for stored hashes while the committing thread writes;
    # RocksDB opens a folder once per process, so a reopening must wait for the look-up.
    import threading

    import kg.store

    monkeypatch.setattr(kg.store, "FLUSH_EVERY", 1)
    monkeypatch.setattr(kg.store, "REOPEN_EVERY", 1)
    extractions = _many_articles(40)
    errors: list[BaseException] = []
    answers: set[str | None] = set()
    done = threading.Event()
    with GraphStore.open(tmp_path / "store") as store:

        def look_up() -> None:
            try:
                while not done.is_set():
                    answers.add(store.article_hash(str(article_iri("kim-0"))))
            except BaseException as error:  # reported by the assertion below
                errors.append(error)

        reader = threading.Thread(target=look_up)
        reader.start()
        try:
            for extraction in extractions:
                store.put_article(
                    str(article_iri(extraction.article.id)), article_graph(extraction)
                )
        finally:
            done.set()
            reader.join()
        assert errors == []
        assert answers <= {None, extractions[0].article.content_hash}
        assert (
            store.article_hash(str(article_iri("kim-39"))) == extractions[39].article.content_hash
        )
