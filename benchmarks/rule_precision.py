"""How often each extraction rule is right: the measurement behind ontologies/rules.tsv.

Builds every development gold set (the seeds, news-dev and modern-dev in ../shared/eval), then for
each rule scores a graph that keeps only the direct triples that rule asserted, so a
rule's precision is exactly the scorer's precision on its own triples. The confidence
written for a rule is that precision, smoothed toward one half by one success and one
failure (Laplace), because most rules fire only a handful of times on the gold; the
nominal-event rules ("noun-visit", "noun-support", ...) are measured together as "noun".

    .venv/bin/python benchmarks/rule_precision.py [--write] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF

import kg
from kg.namespaces import NKG
from kg.scoring import evaluate
from kg.vocab import ONTOLOGY_DIR

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def gold_sets(shared: Path) -> dict[str, tuple[Path, Path]]:
    """Each development gold set: (its articles, its gold folder)."""
    return {
        "seeds": (shared / "seeds", shared / "eval" / "seeds"),
        "news-dev": (shared / "eval" / "news-dev" / "articles", shared / "eval" / "news-dev"),
        "modern-dev": (
            shared / "eval" / "modern-dev" / "articles",
            shared / "eval" / "modern-dev",
        ),
    }


RULES_FILE = ONTOLOGY_DIR / "rules.tsv"


def _rule_triples(dataset: Dataset) -> dict[str, set[tuple[URIRef, URIRef, URIRef]]]:
    found: dict[str, set[tuple[URIRef, URIRef, URIRef]]] = defaultdict(set)
    for assertion in set(dataset.subjects(RDF.type, NKG.Assertion)):
        if dataset.value(assertion, NKG.modality) != NKG.Asserted:
            continue
        triple = (
            dataset.value(assertion, RDF.subject),
            dataset.value(assertion, RDF.predicate),
            dataset.value(assertion, RDF.object),
        )
        rule = str(dataset.value(assertion, NKG.rule))
        found[rule].add(triple)  # type: ignore[arg-type]
    return found


def _only(dataset: Dataset, keep: set[tuple[URIRef, URIRef, URIRef]]) -> Dataset:
    """A copy whose direct relation triples are just ``keep``."""
    relations = {p for _, p, _ in _all_direct(dataset)}
    copy = Dataset(default_union=True)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if p in relations and (s, p, o) not in keep and not isinstance(o, Literal):
            continue
        copy.graph(g).add((s, p, o))
    return copy


def _all_direct(dataset: Dataset) -> set[tuple[URIRef, URIRef, URIRef]]:
    return {t for triples in _rule_triples(dataset).values() for t in triples}


def main() -> int:
    """Measure every rule on every gold set and print (or write) the confidences."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite ontologies/rules.tsv")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    args = parser.parse_args()
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # rule -> [tp, fp]
    with tempfile.TemporaryDirectory() as tmp:
        for name, (articles, gold) in gold_sets(args.shared).items():
            if not articles.is_dir():
                print(f"skipping {name}: {articles} is missing", file=sys.stderr)
                continue
            summary = kg.build([str(articles)], Path(tmp) / name, html=False)
            dataset = summary.graph
            assert dataset is not None
            families: dict[str, set[tuple[URIRef, URIRef, URIRef]]] = defaultdict(set)
            for rule, triples in _rule_triples(dataset).items():
                # Nominal events share one rule ("noun-visit" -> "noun"): each noun fires
                # too rarely on the gold for a confidence of its own.
                families["noun" if rule.startswith("noun-") else rule] |= triples
            for rule, triples in sorted(families.items()):
                scores = evaluate(gold, _only(dataset, triples)).relations
                counts[rule][0] += scores.tp
                counts[rule][1] += scores.fp
    print(f"{'rule':24} {'tp':>4} {'fp':>4} {'precision':>9} {'confidence':>10}")
    measured: dict[str, float] = {}
    for rule, (tp, fp) in sorted(counts.items()):
        precision = tp / (tp + fp) if tp + fp else float("nan")
        measured[rule] = round((tp + 1) / (tp + fp + 2), 2)
        print(f"{rule:24} {tp:4} {fp:4} {precision:9.2f} {measured[rule]:10.2f}")
    if args.write:
        _write(measured)
    return 0


def _write(measured: dict[str, float]) -> None:
    lines = [line for line in RULES_FILE.read_text(encoding="utf-8").splitlines()]
    header = [line for line in lines if line.startswith("#")]
    rows = {
        r[0]: r[1]
        for r in csv.reader(
            (line for line in lines if line and not line.startswith("#")), delimiter="\t"
        )
    }
    # Rules that never fired on the gold keep their value; the default stays the floor.
    rows.update({rule: f"{value:.2f}" for rule, value in measured.items()})
    body = [f"{rule}\t{value}" for rule, value in sorted(rows.items())]
    RULES_FILE.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {RULES_FILE}")


if __name__ == "__main__":
    sys.exit(main())
