"""CoNLL-2003 style IOB2: `word _ _ TAG` lines, a blank line after each paragraph, and
`-DOCSTART- -X- -X- O` before each document.

Offsets are tokens (`tokens.py`); a token that a span touches belongs to it. IOB2 gives each
token one tag, so where spans share tokens an overlap policy decides: `longest` (default) keeps
the span covering the most tokens, `first` the one that starts first, and `error` refuses to
export. Spans that lose are left out whole, never cut. Not carried: spans that lose, notes,
attributes, relations, status, titles.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..atomic_file import atomic_text
from ..model import Label, Span
from ..store import LayerDocument
from .tokens import Token, paragraphs
from .writing import checked_spans

OFFSET_UNIT = "tokens"
DOCSTART = "-DOCSTART- -X- -X- O"
OVERLAP_POLICIES = ("longest", "first", "error")

_ORDER = {
    "longest": lambda span, i, j: (i - j, span.start - span.end, i, span.label),
    "first": lambda span, i, j: (i, i - j, span.label),
    "error": lambda span, i, j: (i, i - j, span.label),
}


def write_conll(
    items: Iterable[LayerDocument], out: Path, labels: list[Label], overlap: str = "longest"
) -> int:
    if overlap not in OVERLAP_POLICIES:
        raise ValueError(
            f"unknown overlap policy {overlap!r}: choose {', '.join(OVERLAP_POLICIES)}"
        )
    count = 0
    with atomic_text(out) as handle:
        for item in items:
            handle.write(f"{DOCSTART}\n\n")
            for sentence in tagged_sentences(item, overlap):
                handle.write("".join(f"{word} _ _ {tag}\n" for word, tag in sentence) + "\n")
            count += 1
    return count


def tagged_sentences(item: LayerDocument, overlap: str) -> Iterator[list[tuple[str, str]]]:
    text = item.document.text
    sentences = paragraphs(text)
    tokens = [token for sentence in sentences for token in sentence]
    tags = _tags(item, tokens, overlap)
    position = 0
    for sentence in sentences:
        chunk = tags[position : position + len(sentence)]
        if chunk and chunk[0].startswith("I-"):
            chunk[0] = "B-" + chunk[0][2:]  # a span across paragraphs starts again in each
        yield [(text[s:e], tag) for (s, e), tag in zip(sentence, chunk)]
        position += len(sentence)


def _tags(item: LayerDocument, tokens: list[Token], overlap: str) -> list[str]:
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    tags = ["O"] * len(tokens)
    owner: dict[int, Span] = {}
    placed = []
    for span in checked_spans(item):
        if any(c.isspace() for c in span.label):
            raise ValueError(f"CoNLL cannot hold the label {span.label!r}: it contains white space")
        i, j = bisect_right(ends, span.start), bisect_left(starts, span.end)
        if i < j:
            placed.append((span, i, j))
    for span, i, j in sorted(placed, key=lambda p: _ORDER[overlap](*p)):
        taken = [owner[k] for k in range(i, j) if k in owner]
        if taken and overlap == "error":
            raise ValueError(_overlap_message(item, span, taken[0]))
        if taken:
            continue
        owner.update((k, span) for k in range(i, j))
        tags[i:j] = [f"B-{span.label}"] + [f"I-{span.label}"] * (j - i - 1)
    return tags


def _overlap_message(item: LayerDocument, span: Span, other: Span) -> str:
    return (
        f"document {item.document.id}: span {span.text!r} ({span.label}) and {other.text!r} "
        f"({other.label}) share tokens; export with --overlap longest or first to keep one"
    )
