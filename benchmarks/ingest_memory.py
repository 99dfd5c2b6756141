"""Does a 100 MB input stream in flat memory? Peak memory of reading it, against its size.

Writes a JSON Lines file of the given size (real text: the seed articles' paragraphs as
records, repeated with new ids), reads every article with ``kg.ingest.read_articles``
and reports the peak of Python allocations (tracemalloc) while doing so. Flat means the
peak does not grow with the file: compare two sizes.

    .venv/bin/python benchmarks/ingest_memory.py [--megabytes 100 10]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
import time
import tracemalloc
from pathlib import Path

from kg.ingest import read_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def write_corpus(path: Path, megabytes: int, *, gzipped: bool) -> int:
    """A JSON Lines file of about ``megabytes`` MB; returns how many records it holds."""
    paragraphs = [
        paragraph
        for seed in sorted(SEEDS.glob("*.txt"))
        for paragraph in seed.read_text(encoding="utf-8").split("\n\n")
        if len(paragraph) > 80
    ]
    target = megabytes * 1024 * 1024
    written = records = 0
    opener = gzip.open if gzipped else open
    with opener(path, "wt", encoding="utf-8") as handle:
        while written < target:
            text = paragraphs[records % len(paragraphs)]
            line = json.dumps({"id": f"r{records}", "title": "Seed", "text": text}) + "\n"
            handle.write(line)
            written += len(line.encode())
            records += 1
    return records


def measure(path: Path) -> tuple[int, float, float]:
    """(articles read, seconds, peak MB of Python allocations) for reading ``path``."""
    tracemalloc.start()
    started = time.perf_counter()
    count = sum(1 for _ in read_articles([path]))
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return count, seconds, peak / 1024 / 1024


def main() -> None:
    """Write each size, read it, print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, nargs="+", default=[100, 10])
    parser.add_argument("--gzip", action="store_true", help="Write .jsonl.gz instead.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.megabytes:
            path = Path(folder) / f"corpus-{size}.jsonl{'.gz' if args.gzip else ''}"
            records = write_corpus(path, size, gzipped=args.gzip)
            count, seconds, peak = measure(path)
            assert count == records
            print(
                f"{size:4d} MB  {count:8,d} articles  {seconds:6.1f} s  "
                f"{count / seconds:9,.0f} articles/s  peak {peak:6.2f} MB"
            )
            path.unlink()


if __name__ == "__main__":
    main()
