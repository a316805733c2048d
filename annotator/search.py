"""Find text and annotations across a project: plain or regex queries, filtered by status and label.

Pure functions over documents and spans; the UI runs `search_project` in a worker and the find bar
uses `find_in_text` on the open document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .model import Span
from .store import LayerDocument, Store

CONTEXT_CHARS = 40
DEFAULT_LIMIT = 1000
PROGRESS_EVERY = 50  # documents between progress reports: signals are not free


class SearchError(ValueError):
    """A query that cannot run: the message says where it is wrong and what to do."""


@dataclass(frozen=True)
class SearchQuery:
    pattern: str
    regex: bool = False
    case_sensitive: bool = False
    whole_word: bool = False
    in_text: bool = True
    in_annotations: bool = False  # labels, annotators, attribute values and notes of spans
    label: str | None = None  # annotations of this label only
    statuses: frozenset[str] = field(default_factory=frozenset)  # empty: any status


@dataclass(frozen=True)
class Hit:
    document_id: str
    title: str
    start: int  # code points, like Python slices
    end: int
    context: str
    span_id: str = ""  # set when the hit is an annotation
    label: str = ""


@dataclass
class SearchResult:
    hits: list[Hit]
    truncated: bool  # more hits than the limit; refine the query to see them all
    documents: int  # documents searched after filtering by status


def compile_query(query: SearchQuery) -> re.Pattern | None:
    """The query as a pattern, or None for an empty one (which matches every annotation)."""
    if not query.pattern:
        return None
    source = query.pattern if query.regex else re.escape(query.pattern)
    flags = 0 if query.case_sensitive else re.IGNORECASE
    try:
        # Checked alone first, so an error's position counts in what the user typed.
        pattern = re.compile(source, flags)
    except re.error as error:
        where = f" at position {error.pos}" if error.pos is not None else ""
        raise SearchError(
            f"the regular expression {query.pattern!r} is not valid{where}: {error.msg}; "
            "fix it or untick Regex to search for the text as typed"
        ) from error
    return re.compile(rf"(?<!\w)(?:{source})(?!\w)", flags) if query.whole_word else pattern


def find_in_text(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Non-empty matches of a pattern in a text, as code-point bounds."""
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """A one-line excerpt around a hit, with ellipses where it is cut."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    excerpt = " ".join(text[left:right].split())
    return ("…" if left else "") + excerpt + ("…" if right < len(text) else "")


def span_fields(span: Span) -> list[str]:
    """What an annotation search looks in: label, annotator, note and every attribute value."""
    values = [str(v) for v in span.attributes.values() if v not in (None, "")]
    return [span.label, span.annotator, span.note, *values]


def search_layer_document(
    layer: LayerDocument, query: SearchQuery, pattern: re.Pattern | None
) -> Iterator[Hit]:
    doc = layer.document
    if query.in_text and pattern is not None:
        for start, end in find_in_text(doc.text, pattern):
            yield Hit(doc.id, doc.title, start, end, context_of(doc.text, start, end))
    if query.in_annotations:
        for span in layer.spans:
            if query.label and span.label != query.label:
                continue
            if pattern is None or any(pattern.search(f) for f in span_fields(span)):
                yield Hit(
                    doc.id,
                    doc.title,
                    span.start,
                    span.end,
                    context_of(doc.text, span.start, span.end),
                    span_id=span.id,
                    label=span.label,
                )


def search_documents(
    layers: Iterable[LayerDocument],
    query: SearchQuery,
    limit: int = DEFAULT_LIMIT,
    progress: Callable[[int], None] | None = None,
) -> SearchResult:
    pattern = compile_query(query)
    hits: list[Hit] = []
    searched = 0
    for i, layer in enumerate(layers):
        if progress and i % PROGRESS_EVERY == 0:
            progress(i + 1)
        if query.statuses and layer.status not in query.statuses:
            continue
        searched += 1
        for hit in search_layer_document(layer, query, pattern):
            if len(hits) == limit:
                return SearchResult(hits, True, searched)
            hits.append(hit)
    return SearchResult(hits, False, searched)


def search_project(
    store: Store,
    query: SearchQuery,
    annotator: str,
    progress: Callable[[int, int], None] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchResult:
    """Search every document's text and one annotator's layer (the CLI and the search dock)."""
    compile_query(query)  # a bad pattern is reported before any document is read
    total = store.document_count()
    report = (lambda n: progress(n, total)) if progress else None
    return search_documents(store.iter_layer(annotator), query, limit, report)
