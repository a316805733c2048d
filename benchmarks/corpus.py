"""Deterministic synthetic corpora: articles, spans and projects of any size, the same every run."""

from __future__ import annotations

import random
import re
from pathlib import Path

from annotator.model import Document, Span
from annotator.store import Store

LABELS = ("actor", "location", "casualty_claim", "source")
# News-like words with the characters that make offsets hard: Arabic, an emoji, a flag.
WORDS = (
    "Gunmen loyal to the ousted leader attacked a checkpoint near Latakia , killing 14 people , "
    "a war monitor said on Friday . The Defense Ministry denied the claims . اللاذقية قتلى "
    "🙂 🇸🇾 residents fled , officials said ."
).split()
WORD = re.compile(r"\S+")


def article(rng: random.Random, chars: int, paragraph_words: int | None = 60) -> str:
    """About `chars` characters of words; a paragraph break every `paragraph_words` (None: one)."""
    words: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
        if paragraph_words and len(words) % paragraph_words == 0:
            words.append("\n")
    return " ".join(words).replace(" \n ", "\n")


def word_bounds(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text)]


def spans_over(
    text: str,
    document_id: str,
    count: int,
    rng: random.Random,
    annotator: str = "bench",
    longest: int = 3,
) -> list[Span]:
    """`count` spans of one to `longest` words at random places; they overlap as real layers do."""
    words = word_bounds(text)
    spans = []
    for i in range(count):
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randrange(longest))
        start, end = words[first][0], words[last][1]
        spans.append(_span(f"{document_id}-s{i}", document_id, annotator, start, end, text, rng))
    return spans


def nested_spans(
    text: str, document_id: str, depth: int, rng: random.Random, annotator: str = "bench"
) -> list[Span]:
    """Spans stacked `depth` deep everywhere: each word starts a run of `depth` growing spans."""
    words = word_bounds(text)
    spans = []
    for first in range(0, len(words) - depth, depth):
        for level in range(depth):
            start, end = words[first][0], words[first + level][1]
            spans.append(
                _span(
                    f"{document_id}-n{first}-{level}", document_id, annotator, start, end, text, rng
                )
            )
    return spans


def _span(
    span_id: str, doc_id: str, annotator: str, start: int, end: int, text: str, rng: random.Random
) -> Span:
    return Span(span_id, doc_id, annotator, start, end, rng.choice(LABELS), text[start:end])


def project_with(path: Path, text: str, spans_for) -> tuple[str, int]:
    """A project file holding one document with the spans `spans_for(text, doc_id)` gives."""
    doc = Document(id="doc-0", text=text, title="benchmark article")
    spans = spans_for(text, doc.id)
    store = Store.open(path)
    store.add_documents([doc], spans)
    store.close()
    return doc.id, len(spans)
