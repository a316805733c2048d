"""The open document's relations in one layer, kept in step with the store's Changes."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Relation
from ..store import Changes


@dataclass(frozen=True)
class Link:
    """A relation seen from one of its spans: `other` is the span at the far end."""

    relation: Relation
    other: str
    outgoing: bool


class RelationSet:
    def __init__(self) -> None:
        self.document_id: str | None = None
        self._relations: dict[str, Relation] = {}

    def reset(self, document_id: str | None, relations: list[Relation]) -> None:
        self.document_id = document_id
        self._relations = {rel.id: rel for rel in relations}

    def apply_changes(self, changes: Changes) -> bool:
        """Take in what a store call did; True when this document's relations changed."""
        if changes.document_id != self.document_id:
            return False
        for rel in changes.relations_removed:
            self._relations.pop(rel.id, None)
        for rel in changes.relations_added:
            self._relations[rel.id] = rel
        return bool(changes.relations_removed or changes.relations_added)

    def all(self) -> list[Relation]:
        return list(self._relations.values())

    def links_of(self, span_id: str | None) -> list[Link]:
        links = []
        for rel in self._relations.values():
            if rel.from_span == span_id:
                links.append(Link(rel, rel.to_span, True))
            elif rel.to_span == span_id:
                links.append(Link(rel, rel.from_span, False))
        return links

    def exists(self, from_span: str, to_span: str, kind: str) -> bool:
        return any(
            (r.from_span, r.to_span, r.type) == (from_span, to_span, kind)
            for r in self._relations.values()
        )
