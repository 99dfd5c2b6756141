"""Parse and extract articles in batches: here, in worker processes, or on a dask cluster.

Every engine runs the same pure function, :func:`extract_batch`, on the same batches and
hands the results back in input order, so one job, ``N`` jobs and a cluster give the same
graph byte for byte. Only a bounded number of batches is in flight at once: the input
streams, and memory stays flat however long the archive.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.synchronize
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, Protocol, TypeVar

from kg.errors import KgError
from kg.nlp import DEFAULT_MODEL
from kg.records import Article, ArticleExtraction

Item = TypeVar("Item")

BATCH_SIZE = 16  # articles per batch handed to a worker (and per nlp.pipe batch)
# Batches queued per worker process: enough that it does not wait while this process
# parses a long batch of its own (with two, the worker waited 1.4 s of a 20 s build).
IN_FLIGHT_PER_WORKER = 4
IN_FLIGHT_PER_CLUSTER_WORKER = 2  # batches queued per dask worker thread

# A worker thread of a dask worker may share its process with others; a spaCy pipeline is
# not known to be thread-safe, so each process parses one batch at a time.
_PIPELINE_LOCK = threading.Lock()


def extract_batch(articles: tuple[Article, ...], model: str) -> list[ArticleExtraction]:
    """Parse and extract a batch of articles with the named pipeline (loaded once per process)."""
    from kg.extract import extract_article
    from kg.nlp import load_pipeline, parse_texts

    with _PIPELINE_LOCK:
        nlp = load_pipeline(model)
        # Strings the parser interns for this batch are freed when the zone closes, so a
        # long build does not grow the vocabulary without bound. Docs never leave it.
        with nlp.memory_zone():
            # Long articles are parsed in pieces and joined back into one Doc each.
            docs = parse_texts(nlp, (article.text for article in articles))
            return [
                extract_article(article, doc) for article, doc in zip(articles, docs, strict=True)
            ]


def batches(articles: Iterable[Article], size: int = BATCH_SIZE) -> Iterator[tuple[Article, ...]]:
    """The articles in consecutive tuples of ``size`` (the last may be shorter)."""
    iterator = iter(articles)
    while batch := tuple(islice(iterator, size)):
        yield batch


class _Handle(Protocol):
    def done(self) -> bool: ...

    def result(self) -> list[ArticleExtraction]: ...


def _in_order(
    submit: Callable[[tuple[Article, ...]], _Handle],
    articles: Iterable[Article],
    window: int,
) -> Iterator[ArticleExtraction]:
    """Submit batches, at most ``window`` pending, and yield their results in input order."""
    pending: deque[_Handle] = deque()
    for batch in batches(articles):
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def extract_local(articles: Iterable[Article], model: str) -> Iterator[ArticleExtraction]:
    """One job: batches parsed in this process."""
    for batch in batches(articles):
        yield from extract_batch(batch, model)


def _start_worker(model: str, started: multiprocessing.synchronize.Event) -> None:
    """A worker process's start: its life tied to the build's, and its pipeline loaded;
    ``started`` (an Event) is set once it is ready to parse."""
    from kg.nlp import load_pipeline

    # Ctrl-C reaches every process of the terminal's group. The build stops its workers
    # itself, once what they parsed is committed; a worker that took the interrupt too
    # would die mid-wait and print a traceback of its own. (SIGTERM keeps its default:
    # the pool ends the workers of a broken pool with it.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    load_pipeline(model)
    started.set()


def _started() -> None:
    """Nothing: handed to a worker process to make the pool start it."""


def _ready(starting: list[Future[None]], wait: bool) -> bool:
    """Whether every worker process has started (raises BrokenProcessPool if one could
    not); with ``wait``, once they have."""
    if not wait and not all(future.done() for future in starting):
        return False
    for future in starting:
        future.result()
    return True


def _exit_with_parent() -> None:
    """End this process as soon as the one that started it ends, however it ends.

    A worker waits for batches on a queue it holds both ends of, so a build that was
    killed (by the system for memory, by a scheduler, by kill -9) would leave it waiting
    for ever, with its pipeline's few hundred megabytes. The parent's sentinel is a pipe
    the parent holds open for as long as it lives."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)  # no clean-up to wait on: the build that wanted the results is gone

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _with_count_after(items: Iterable[Item], ahead: int) -> Iterator[tuple[Item, int | None]]:
    """Each item with the number of items after it once fewer than ``ahead`` follow
    (None while ``ahead`` or more do): it reads ``ahead`` items in advance."""
    buffer: deque[Item] = deque()
    for item in items:
        buffer.append(item)
        if len(buffer) > ahead:
            yield buffer.popleft(), None
    while buffer:
        item = buffer.popleft()
        yield item, len(buffer)


def _computed(extractions: list[ArticleExtraction]) -> Future[list[ArticleExtraction]]:
    """A batch this process parsed itself, handed on as a finished Future."""
    future: Future[list[ArticleExtraction]] = Future()
    future.set_result(extractions)
    return future


def _check_workers_can_start() -> None:
    """Refuse a build whose worker processes cannot start, before any article is parsed.

    A worker starts by importing the main script again, by its module name or else by its
    path (as ``multiprocessing.spawn`` decides); a script read from standard input has a
    path that names no file, so every worker would fail with FileNotFoundError."""
    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None) is not None:
        return
    path = getattr(main, "__file__", None)
    if path is not None and not os.path.isfile(path):
        raise KgError(
            f"worker processes cannot start from a script read from {path}: each imports "
            "the script by its path; save it to a file, or build with jobs=1"
        )


def extract_with_processes(
    articles: Iterable[Article], model: str, jobs: int
) -> Iterator[ArticleExtraction]:
    """``jobs`` parsers on this machine: ``jobs - 1`` worker processes, each with its own
    spaCy pipeline, and this process, whose pipeline is loaded already. It parses a
    batch whenever the workers have enough queued, so it starts at once (a worker takes
    seconds to start) and no core waits."""
    _check_workers_can_start()
    # spawn, not fork: a forked copy of a process that already runs threads (BLAS, the
    # parser) can deadlock; each worker loads the pipeline once, at start.
    context = multiprocessing.get_context("spawn")
    workers = jobs - 1
    queued = workers * IN_FLIGHT_PER_WORKER
    window = jobs * IN_FLIGHT_PER_WORKER * 4  # batches done or under way, at most
    started = context.Event()  # set by the first worker ready to parse
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(model, started),
        ) as pool:
            starting: list[Future[None]] = []
            pending: deque[_Handle] = deque()
            try:
                for batch, after in _with_count_after(batches(articles), queued):
                    if not starting:
                        # Every worker starts with the first batch to parse, whether or
                        # not the input is long enough to give it one: a worker that
                        # cannot start fails a short build as it fails a long one, before
                        # any article is handed on to be stored. (No batch at all, as when
                        # every article is stored already, starts none.)
                        starting = [pool.submit(_started) for _ in range(workers)]
                    waiting = sum(1 for handle in pending if not handle.done())
                    # Near the end of the input the workers are given no more than they
                    # can finish while this process parses the batches after this one,
                    # so neither side waits long for the other at the end.
                    if waiting < queued and (after is None or waiting < after * workers):
                        pending.append(pool.submit(extract_batch, batch, model))
                    else:
                        pending.append(_computed(extract_batch(batch, model)))
                    # Hand on what is done, in input order, once the workers are known to
                    # have started; wait only when too much is under way.
                    if _ready(starting, wait=len(pending) >= window):
                        while pending and (pending[0].done() or len(pending) >= window):
                            yield from pending.popleft().result()
                _ready(starting, wait=True)
                while pending:
                    yield from pending.popleft().result()
            except BaseException:
                # Stopped early (Ctrl-C, or the store refused an article): the batches
                # no worker has begun are dropped instead of parsed for nothing.
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except BrokenProcessPool as error:
        if not started.is_set():
            # A worker starts by importing the script that started the build: one that
            # calls kg.build at its top level would build again in every worker, which
            # Python refuses (the worker's error, printed above, says so).
            raise KgError(
                "no worker process could start (its error is above); a script that calls "
                "kg.build with jobs above 1 must call it under "
                "'if __name__ == \"__main__\":', as each worker imports the script"
            ) from error
        # The system killed a worker (most often for want of memory), or it crashed.
        raise KgError(
            "a worker process stopped before it had parsed its articles (killed, or out "
            "of memory?); build again, with fewer --jobs if memory is short"
        ) from error


def extract_on_dask(
    articles: Iterable[Article], model: str, address: str, connect_timeout: float = 30
) -> Iterator[ArticleExtraction]:
    """The workers of the dask.distributed scheduler at ``address`` parse and extract."""
    try:
        from distributed import Client, KilledWorker
    except ImportError as error:
        raise KgError(
            "dask.distributed is not installed; install it with pip install 'newskg[dask]'."
        ) from error
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise KgError(f"cannot reach the dask scheduler at {address}: {error}") from error
    with client:
        workers = max(1, sum(client.nthreads().values()))

        def submit(batch: tuple[Article, ...]) -> Any:
            # pure=False: a batch re-sent after a change is parsed again, never served stale.
            return client.submit(extract_batch, batch, model, pure=False)

        try:
            yield from _in_order(submit, articles, workers * IN_FLIGHT_PER_CLUSTER_WORKER)
        except (KilledWorker, OSError) as error:
            # Workers lost one after another on the same batch, or the cluster gone.
            raise KgError(
                f"the dask cluster at {address} could not parse a batch of articles "
                f"({type(error).__name__}: {error}); build again once it is healthy"
            ) from error


def extract_articles(
    articles: Iterable[Article],
    model: str = DEFAULT_MODEL,
    *,
    jobs: int = 1,
    dask_address: str | None = None,
) -> Iterator[ArticleExtraction]:
    """Parse and extract each article, lazily and in input order, on the chosen engine."""
    if dask_address:
        return extract_on_dask(articles, model, dask_address)
    if jobs > 1:
        return extract_with_processes(articles, model, jobs)
    return extract_local(articles, model)
