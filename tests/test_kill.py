"""A build killed with SIGKILL at random moments leaves exactly what a clean build of the
articles it stored would leave: every article whole, with its entities' labels (issue 11)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

from kg.ingest import read_articles
from kg.pipeline import build
from kg.store import GraphStore

pytestmark = pytest.mark.slow


def _corpus(path: Path) -> list[str]:
    """Real text: each seed article cut after 3, 4, ... paragraphs, one record each."""
    ids = []
    with path.open("w", encoding="utf-8") as handle:
        for number, article in enumerate(read_articles([SEEDS])):
            paragraphs = article.body.split("\n\n")
            for cut in range(3, len(paragraphs) + 1, 2):
                record_id = f"seed{number}-{cut:02d}"
                body = "\n\n".join(paragraphs[:cut])
                record = {"id": record_id, "title": article.title, "text": body}
                handle.write(json.dumps(record) + "\n")
                ids.append(record_id)
    return ids


def _quads(store_dir: Path) -> set[str]:
    with GraphStore.open(store_dir, read_only=True) as store:
        return set(store.dump_nquads().decode().splitlines())


def _stored(store_dir: Path) -> list[str]:
    with GraphStore.open(store_dir, read_only=True) as store:
        return sorted(iri.rsplit("/", 1)[1] for iri in store.articles())


def _clean_build(corpus: Path, ids: list[str], folder: Path) -> Path:
    """A fresh build of the records ``ids``, read as ``corpus.jsonl`` from ``folder``."""
    # Blank lines keep every record on its line, so sources ("corpus.jsonl#3") match.
    lines = corpus.read_text(encoding="utf-8").splitlines()
    kept = [line if json.loads(line)["id"] in ids else "" for line in lines]
    folder.mkdir()
    (folder / "corpus.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        build(["corpus.jsonl"], "out", html=False)
    finally:
        os.chdir(cwd)
    return folder / "out" / "store"


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_sigkill_mid_build_leaves_whole_articles_with_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    (tmp_path / "killed").mkdir()
    corpus = tmp_path / "killed" / "corpus.jsonl"
    ids = _corpus(corpus)
    assert len(ids) >= 8
    # The cross-article fold of short names runs once, after the last article (see the
    # report of issue 11); this corpus names every person in full in each record, so a
    # clean build folds nothing and the comparison below is exact.
    out = tmp_path / "killed" / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "corpus.jsonl", "-o", "out", "--no-html", "-v"],
        cwd=corpus.parent,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert process.stderr is not None
    chance = random.Random(seed)
    stop_after = chance.randrange(1, len(ids) - 2)  # kill somewhere inside the build
    reported: list[str] = []
    for line in process.stderr:
        if line.startswith("kg: added "):
            reported.append(line.split()[2])
            if len(reported) == stop_after:
                time.sleep(chance.uniform(0, 0.3))  # into the next article's parse or commit
                break
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Whatever it reported up to the kill counts as reported.
    reported += [line.split()[2] for line in process.stderr if line.startswith("kg: added ")]
    assert process.returncode == -signal.SIGKILL
    stored = _stored(out / "store")
    # What was reported is stored; at most the one article whose commit raced the kill
    # is stored without its report line.
    assert set(reported) <= set(stored)
    assert len(stored) - len(reported) <= 1
    assert stored == sorted(ids[: len(stored)])
    monkeypatch.chdir(tmp_path)
    clean = _clean_build(corpus, stored, Path("clean"))
    assert _quads(out / "store") == _quads(clean)
