"""Where articles meet: the store merges a surname-only person across articles, in any order."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import GraphError, InputError, KgError
from kg.exports import export
from kg.pipeline import BuildSummary, build
from kg.store import GraphStore

SURNAME_ONLY = "Merkel talks\n\nMerkel praised France on Monday.\n"
FULL_NAME = "Merkel in Spain\n\nGerman Chancellor Angela Merkel visited Spain.\n"
SHARED_SURNAME = "Two Kims\n\nKim Jong-un met Kim Yo-jong. Kim praised Russia.\n"


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build_in_order(tmp: Path, order: list[tuple[str, str]], out: str = "out") -> bytes:
    # Each article in a folder of its own name, so its source is the same in every order.
    for name, text in order:
        build([str(_write(tmp / Path(name).stem, name, text))], tmp / out, html=False)
    return export(tmp / out / "store", tmp / f"{out}.nt").read_bytes()


def test_a_surname_in_one_article_is_the_full_name_of_another(tmp_path: Path) -> None:
    nt = _build_in_order(tmp_path, [("one.txt", SURNAME_ONLY), ("two.txt", FULL_NAME)])
    assert b"/person/merkel>" not in nt
    merkel = b"<https://w3id.org/newskg/id/person/angela-merkel>"
    assert merkel + b" <https://w3id.org/newskg/ontology#praises>" in nt
    assert merkel + b' <http://www.w3.org/2004/02/skos/core#altLabel> "Merkel"' in nt


def test_the_merge_does_not_depend_on_article_order(tmp_path: Path) -> None:
    one, two = ("one.txt", SURNAME_ONLY), ("two.txt", FULL_NAME)
    forward = _build_in_order(tmp_path, [one, two], out="forward")
    backward = _build_in_order(tmp_path, [two, one], out="backward")
    assert forward == backward


def test_a_surname_shared_by_two_people_merges_nothing(tmp_path: Path) -> None:
    nt = _build_in_order(
        tmp_path, [("kims.txt", SHARED_SURNAME), ("other.txt", "Kim\n\nKim criticised Japan.\n")]
    )
    assert b"/person/kim-jong-un>" in nt and b"/person/kim-yo-jong>" in nt
    assert b"/person/kim>" in nt  # neither full name ends with "Kim"


def test_a_body_without_its_country_is_the_one_with_it(tmp_path: Path) -> None:
    nt = _build_in_order(
        tmp_path,
        [
            ("one.txt", "Vote\n\nThe Senate approved the treaty with Panama.\n"),
            ("two.txt", "Vote\n\nThe U.S. Senate criticised Cuba on Friday.\n"),
        ],
    )
    assert b"/organization/senate>" not in nt
    assert (
        b'/organization/u-s-senate> <http://www.w3.org/2004/02/skos/core#altLabel> "Senate"' in nt
    )


def test_a_strict_build_stopped_by_bad_input_says_what_is_stored(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"r{n:02d}", "text": f"Putin met Kim, report {n}."}) for n in range(60)
    ]
    lines[50] = "{broken"
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build([str(feed)], tmp_path / "out", html=False, strict=True)
    message = str(caught.value)
    found = re.fullmatch(
        rf"'{re.escape(str(feed))}' line 51 is not valid JSON \(Expecting property name "
        r"enclosed in double quotes at column 2\); fix or remove that line\. "
        r"\((\d+) article\(s\) before it are stored; a new build goes on from there\.\)",
        message,
    )
    assert found, message
    with GraphStore.open(tmp_path / "out" / "store", read_only=True) as store:
        assert len(store.articles()) == int(found.group(1)) > 0


# --- engines and outputs at scale ------------------------------------------------------


@pytest.mark.slow
def test_two_jobs_build_the_same_store_as_one(tmp_path: Path) -> None:
    from tests.conftest import SEEDS, SHARED

    inputs = [str(SEEDS)] + [
        str(folder) for folder in (SHARED / "eval" / "news-dev" / "articles",) if folder.is_dir()
    ]
    one = build(inputs, tmp_path / "one", html=False)
    two = build(inputs, tmp_path / "two", html=False, jobs=2)
    assert (two.added, two.quads) == (one.added, one.quads)
    first = export(tmp_path / "one" / "store", tmp_path / "one.nt").read_bytes()
    assert export(tmp_path / "two" / "store", tmp_path / "two.nt").read_bytes() == first
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == (
        tmp_path / "two" / "graph.ttl"
    ).read_bytes()


def test_graph_ttl_is_left_out_when_asked_and_said_so(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", "one.txt", FULL_NAME)
    summary = build([str(folder)], tmp_path / "out", html=False, ttl=False)
    assert summary.ttl_left_out
    assert not (tmp_path / "out" / "graph.ttl").exists()
    assert summary.to_text().splitlines()[-1] == (
        f"graph.ttl left out for a store of {summary.quads} quads; "
        f"export it with: kg export {tmp_path / 'out' / 'store'} -o FILE.nq"
    )
    again = build([str(folder)], tmp_path / "out", html=False)  # auto: a small store
    assert not again.ttl_left_out and (tmp_path / "out" / "graph.ttl").is_file()


def test_the_counts_floor_the_quads_and_spare_an_archive_its_count(
    tmp_path: Path, seeds_build: BuildSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.pipeline
    from kg.store import quads_at_least

    with GraphStore.open(seeds_build.store, read_only=True) as store:
        floor = quads_at_least(*store.counts())
        assert 0 < floor <= store.quad_count()
    folder = _write(tmp_path / "in", "one.txt", FULL_NAME)
    first = build([str(folder)], tmp_path / "out", html=False)
    assert first.quads is not None and not first.ttl_left_out
    with GraphStore.open(first.store, read_only=True) as store:
        floor = quads_at_least(*store.counts())
    # Past the limit on its counts alone, a store is not counted quad by quad.
    monkeypatch.setattr(kg.pipeline, "TTL_MAX_QUADS", floor - 1)

    def counted(*args: object, **kwargs: object) -> int:
        raise AssertionError("the quads were counted")

    monkeypatch.setattr(GraphStore, "quad_count", counted)
    again = build([str(_write(tmp_path / "in", "two.txt", SURNAME_ONLY))], tmp_path / "out")
    assert again.quads is None and again.ttl_left_out
    assert f"over {floor - 1:,} quads" in again.to_text()


def test_jobs_must_be_one_or_more(tmp_path: Path) -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match=r"^0 jobs is not a number of worker processes"):
        build([str(_write(tmp_path / "in", "one.txt", FULL_NAME))], tmp_path / "out", jobs=0)


def test_labels_after_a_fold_are_those_of_a_full_relabelling(tmp_path: Path) -> None:
    # Only the folded names are relabelled at the end of a build: the store must read as
    # if every label had been recomputed.
    built = _build_in_order(tmp_path, [("one.txt", SURNAME_ONLY), ("two.txt", FULL_NAME)])
    with GraphStore.open(tmp_path / "out" / "store") as store:
        store.refresh_labels()
    assert export(tmp_path / "out" / "store", tmp_path / "again.nt").read_bytes() == built


def test_commits_run_behind_the_parser_in_order_and_stop_at_the_first_error() -> None:
    from kg.pipeline import commit_behind

    seen: list[int] = []
    commit_behind(iter(range(100)), seen.append, depth=4)  # type: ignore[arg-type]
    assert seen == list(range(100))

    stored: list[int] = []

    def refuse_seven(item: int) -> None:
        if item == 7:
            raise GraphError("seven cannot be stored")
        stored.append(item)

    with pytest.raises(GraphError, match="seven"):
        commit_behind(iter(range(1000)), refuse_seven, depth=4)  # type: ignore[arg-type]
    assert stored == list(range(7))  # nothing after the refused one

    def failing_source() -> Iterator[int]:
        yield from range(5)
        raise KgError("the input broke")

    stored.clear()
    with pytest.raises(KgError, match="input broke"):
        commit_behind(failing_source(), stored.append, depth=2)  # type: ignore[arg-type]
    assert stored == list(range(5))  # everything handed over before it is committed


def test_the_article_parsed_while_the_store_opens_is_stored_like_the_rest(
    tmp_path: Path,
) -> None:
    # Into an existing store, the first article is parsed before its hash is checked:
    # new, it is stored as in a store built at once; unchanged, it is only counted.
    articles = tmp_path / "articles"
    _write(articles / "a", "one.txt", SURNAME_ONLY)
    _write(articles / "b", "two.txt", FULL_NAME)
    _write(articles / "c", "three.txt", SHARED_SURNAME)
    build([str(articles / "b")], tmp_path / "step", html=False)
    added = build([str(articles / "a"), str(articles / "b")], tmp_path / "step", html=False)
    assert (added.added, added.replaced, added.unchanged) == (1, 0, 1)
    again = build([str(articles / "b"), str(articles / "c")], tmp_path / "step", html=False)
    assert (again.added, again.replaced, again.unchanged) == (1, 0, 1)
    build([str(articles)], tmp_path / "once", html=False)
    step = export(tmp_path / "step" / "store", tmp_path / "step.nt").read_bytes()
    assert step == export(tmp_path / "once" / "store", tmp_path / "once.nt").read_bytes()


def test_a_store_in_use_is_a_clear_error_and_left_as_it_was(tmp_path: Path) -> None:
    articles = _write(tmp_path / "articles", "one.txt", SURNAME_ONLY)
    build([str(articles)], tmp_path / "out", html=False)
    more = _write(tmp_path / "more", "two.txt", FULL_NAME)
    with (
        GraphStore.open(tmp_path / "out" / "store"),
        pytest.raises(GraphError, match="in use by another kg process"),
    ):
        build([str(more)], tmp_path / "out")
    again = build([str(articles)], tmp_path / "out", html=False)
    assert (again.added, again.unchanged) == (0, 1)
