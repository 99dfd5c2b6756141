"""The HTML graph in a real browser: offline, no errors, evidence on click, big graphs settle."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg.namespaces import NKG, iri_for
from kg.rdf import dataset_of
from kg.records import Article, ArticleExtraction, Claim, Entity, EntityKind
from kg.viz import DEFAULT_MAX_ACTORS, actor_graph, visualize
from tests.conftest import REPO, require_tool, sample_dataset

pytestmark = pytest.mark.browser

REPORT = REPO / "tests" / "report"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HANG_GUARD_MS = 20_000  # not a speed target (that belongs in benchmarks/): a hang guard


@dataclass
class Visit:
    """A loaded page and everything it did: console lines, errors, requests, dialogs."""

    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No script error, no dialog, and no request that leaves the file."""
        assert [text for kind, text in self.console if kind == "error"] == []
        assert self.errors == []
        assert self.dialogs == []
        assert self.requests, "the page itself should be the first request"
        assert all(url.startswith(("file://", "data:", "blob:")) for url in self.requests), (
            self.requests
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_graph(browser: Any, html: Path, timeout_ms: int = HANG_GUARD_MS) -> Visit:
    """Open a page and wait until its layout has settled."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    visit = Visit(page)
    page.on("console", lambda message: visit.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.on("request", lambda request: visit.requests.append(request.url))

    def on_dialog(dialog: Any) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(html.resolve().as_uri())
    # wait_for_function compiles its predicate with eval, which the page's CSP forbids;
    # evaluate() is not subject to it, so await the page's own promise instead.
    page.evaluate(
        """(ms) => Promise.race([
            window.newskg.settled,
            new Promise((_, fail) => setTimeout(() => fail(new Error("no layout in " + ms)), ms)),
        ])""",
        timeout_ms,
    )
    return visit


def wait_until(page: Any, predicate: str, timeout_s: float = 5.0) -> None:
    """Poll a JavaScript predicate (a function source) until it holds."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s: {predicate}"
        time.sleep(0.05)


def edge_point(page: Any, relation: str) -> dict[str, float]:
    """Page coordinates of the middle of the (straight) edge of a relation."""
    return page.evaluate(
        """(relation) => {
            const {network, edges} = window.newskg;
            const edge = edges.get().find((e) => e.relation === relation);
            const ends = network.getPositions([edge.from, edge.to]);
            const middle = network.canvasToDOM({
                x: (ends[edge.from].x + ends[edge.to].x) / 2,
                y: (ends[edge.from].y + ends[edge.to].y) / 2,
            });
            const box = document.getElementById("network").getBoundingClientRect();
            return {x: box.left + middle.x, y: box.top + middle.y};
        }""",
        relation,
    )


def node_point(page: Any, iri: str) -> dict[str, float]:
    """Page coordinates of an actor's dot."""
    return page.evaluate(
        """(id) => {
            const {network} = window.newskg;
            const at = network.canvasToDOM(network.getPositions([id])[id]);
            const box = document.getElementById("network").getBoundingClientRect();
            return {x: box.left + at.x, y: box.top + at.y};
        }""",
        iri,
    )


def test_sample_graph_in_chromium(browser: Any, tmp_path: Path) -> None:
    dataset = sample_dataset()
    html = visualize(dataset, tmp_path / "graph.html")
    expected = actor_graph(dataset)
    visit = open_graph(browser, html)
    page = visit.page

    counts = page.evaluate("[window.newskg.nodes.length, window.newskg.edges.length]")
    assert counts == [expected.number_of_nodes(), expected.number_of_edges()] == [7, 5]

    # A real mouse click on the edge shows its evidence, article title and confidence.
    point = edge_point(page, "visits")
    page.mouse.click(point["x"], point["y"])
    panel = page.inner_text("#details")
    assert "Putin visited Pyongyang." in panel
    assert "Putin and Kim sign pact · confidence 0.85" in panel
    assert page.evaluate("window.newskg.network.getSelectedEdges().length") == 1

    # The hostile actor's name and sentence are shown as text, and run nothing.
    point = edge_point(page, "praises")
    page.mouse.click(point["x"], point["y"])
    assert "<script>alert(1)</script> praised Kim." in page.inner_text("#details")
    point = node_point(page, iri_for("person/script-alert-1-script"))
    page.mouse.click(point["x"], point["y"])
    panel = page.inner_text("#details")
    assert "<script>alert(1)</script>" in panel
    assert '<img src=x onerror="alert(2)">' in panel
    assert page.locator("#details script, #details img, body > img").count() == 0

    # A node click shows aliases and roles; the search box finds an actor by alias.
    page.fill("#search", "dprk")
    page.press("#search", "Enter")
    assert page.evaluate("window.newskg.network.getSelectedNodes()") == [
        iri_for("country/north-korea")
    ]
    assert "DPRK" in page.inner_text("#details")
    page.click("#fit")  # ends the search's zoom animation, so positions hold still
    point = node_point(page, iri_for("person/vladimir-putin"))
    page.mouse.click(point["x"], point["y"])
    panel = page.inner_text("#details")
    assert "Putin" in panel and "leader of Russia" in panel
    # A symmetric relation reads from either actor's side; a directed one keeps its way.
    point = node_point(page, iri_for("person/kim-jong-un"))
    page.mouse.click(point["x"], point["y"])
    panel = page.inner_text("#details")
    assert "Kim Jong-un signs agreement with Vladimir Putin" in panel
    assert "<script>alert(1)</script> praises Kim Jong-un" in panel

    # Unticking a relation hides its edges and the actors left without any edge.
    page.uncheck("#relation-filters input[value=visits]")
    wait_until(
        page, "() => window.newskg.nodes.get('" + iri_for("place/pyongyang") + "').hidden === true"
    )
    hidden = page.evaluate(
        "window.newskg.edges.get().filter((e) => e.hidden).map((e) => e.relation)"
    )
    assert hidden == ["visits"]
    page.check("#relation-filters input[value=visits]")
    page.fill("#min-confidence", "0.9")
    page.dispatch_event("#min-confidence", "input")
    wait_until(page, "() => window.newskg.edges.get().filter((e) => e.hidden).length === 2")

    page.fill("#min-confidence", "0")
    page.dispatch_event("#min-confidence", "input")
    wait_until(page, "() => window.newskg.edges.get().every((e) => !e.hidden)")

    # The whole graph again, with a relation's evidence open, for the report picture.
    point = edge_point(page, "signsAgreementWith")
    page.mouse.click(point["x"], point["y"])
    assert "Putin and Kim signed a pact in Pyongyang." in page.inner_text("#details")
    REPORT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(REPORT / "graph.png"))
    visit.assert_clean()
    page.close()


def synthetic_extractions(actors: int = 1000, seed: int = 7) -> list[ArticleExtraction]:
    """Generated articles naming ``actors`` actors, each in a few relations."""
    rng = random.Random(seed)
    kinds = [EntityKind.PERSON, EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.PLACE]
    entities = [
        Entity(f"{kind.value}/actor-{i:04d}", kind, f"Actor {i:04d}", (f"A{i}",))
        for i, kind in ((i, kinds[i % len(kinds)]) for i in range(actors))
    ]
    relations = ["meetsWith", "visits", "praises", "criticizes", "providesTo", "allyOf"]
    extractions = []
    for number in range(actors // 4):
        # Four actors of its own, so every actor appears, and four from anywhere.
        named = entities[number * 4 : number * 4 + 4] + rng.sample(entities, 4)
        named = list({e.key: e for e in named}.values())
        claims = []
        for _ in range(8):
            subject, obj = rng.sample(named, 2)
            claims.append(
                Claim(
                    subject.key,
                    rng.choice(relations),
                    obj.key,
                    f"{subject.label} and {obj.label}, sentence {number}.",
                    "t",
                    "svo",
                    round(rng.uniform(0.5, 1.0), 2),
                )
            )
        article = Article(
            f"synthetic-{number:04d}", f"Article {number}", "...", "gen", f"hash-{number}"
        )
        extractions.append(ArticleExtraction(article, tuple(named), tuple(claims)))
    return extractions


def synthetic_dataset(extractions: list[ArticleExtraction]) -> Dataset:
    """The generated articles as a store would hold them, labels graph included."""
    return dataset_of(extractions)


def test_thousand_actor_graph_settles(browser: Any, tmp_path: Path) -> None:
    # Every actor drawn (no cap): the browser lays out 1,000 actors itself.
    dataset = synthetic_dataset(synthetic_extractions())
    started = time.perf_counter()
    html = visualize(dataset, tmp_path / "big.html", max_actors=0)
    written_s = time.perf_counter() - started
    expected = actor_graph(dataset, max_actors=0)
    assert expected.number_of_nodes() == 1000

    started = time.perf_counter()
    visit = open_graph(browser, html, timeout_ms=HANG_GUARD_MS + 10_000)
    opened_s = time.perf_counter() - started
    page = visit.page
    counts = page.evaluate("[window.newskg.nodes.length, window.newskg.edges.length]")
    assert counts == [expected.number_of_nodes(), expected.number_of_edges()]
    settled_ms = page.evaluate("window.newskg.stabilizationMs")
    print(
        f"\n1000 actors, {counts[1]} relations: page written in {written_s:.2f} s, "
        f"layout settled in {settled_ms / 1000:.2f} s, open to settled {opened_s:.2f} s"
    )
    assert settled_ms < HANG_GUARD_MS
    assert page.evaluate("window.newskg.network.physics.physicsEnabled") is False
    REPORT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(REPORT / "graph-1000.png"))
    visit.assert_clean()
    page.close()


def test_an_archive_sized_graph_opens_still_and_readable(browser: Any, tmp_path: Path) -> None:
    # 1,000 linked actors plus 3,000 named once and linked to nothing, as in an archive.
    extractions = synthetic_extractions()
    loners = [
        Entity(f"person/loner-{i:04d}", EntityKind.PERSON, f"Loner {i:04d}") for i in range(3000)
    ]
    article = Article("synthetic-loners", "Loners", "...", "gen", "hash-loners")
    extractions.append(ArticleExtraction(article, tuple(loners), ()))
    dataset = synthetic_dataset(extractions)
    html = visualize(dataset, tmp_path / "archive.html")
    expected = actor_graph(dataset)
    every = actor_graph(dataset, max_actors=0)
    linked = sum(1 for _iri, degree in every.degree() if degree)
    drawn_linked = sum(1 for _iri, degree in expected.degree() if degree)
    # No actor chosen for its relations is drawn without one of them.
    assert all(expected.degree(iri) for iri in expected if every.degree(iri))
    assert expected.number_of_nodes() == DEFAULT_MAX_ACTORS
    # The best-connected come first; any the cut leaves unlinked give way to the next
    # best-connected, so the picture is full of actors with relations.
    assert linked > DEFAULT_MAX_ACTORS == drawn_linked
    left_out = {
        "connected": linked - drawn_linked,
        "unconnected": (4000 - linked) - (DEFAULT_MAX_ACTORS - drawn_linked),
    }
    assert expected.graph["hidden"] == left_out

    started = time.perf_counter()
    visit = open_graph(browser, html, timeout_ms=HANG_GUARD_MS)
    opened_s = time.perf_counter() - started
    page = visit.page
    # Laid out in Python: physics never runs, so the page is still from its first frame.
    assert page.evaluate("window.newskg.network.physics.physicsEnabled") is False
    print(f"\narchive graph ({DEFAULT_MAX_ACTORS} of 4,000 drawn): still after {opened_s:.2f} s")
    note = page.inner_text("#hidden-note")
    counts = f"{left_out['connected']} with relations and {left_out['unconnected']} without"
    assert f"{counts} are left out" in note
    assert "--actor NAME" in note
    placed = page.evaluate("window.newskg.nodes.get().filter(n => 'x' in n && 'y' in n).length")
    assert placed == DEFAULT_MAX_ACTORS
    REPORT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(REPORT / "graph-archive.png"))
    visit.assert_clean()
    page.close()


def test_actors_without_relations_are_hidden_until_asked_for(browser: Any, tmp_path: Path) -> None:
    dataset = sample_dataset()
    extra = dataset.graph(URIRef(iri_for("article/loner")))
    loner = URIRef(iri_for("person/lone-wolf"))
    extra.add((loner, RDF.type, NKG.Person))  # type: ignore[arg-type]
    extra.add((loner, RDFS.label, Literal("Lone Wolf")))  # type: ignore[arg-type]
    visit = open_graph(browser, visualize(dataset, tmp_path / "loner.html"))
    page = visit.page
    hidden = f"() => window.newskg.nodes.get('{loner}').hidden"
    assert page.evaluate(hidden) is True
    page.check("#show-unconnected")
    wait_until(page, f"() => ({hidden})() === false")
    page.uncheck("#show-unconnected")
    wait_until(page, f"() => ({hidden})() === true")
    visit.assert_clean()
    page.close()
