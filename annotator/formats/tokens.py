"""The regex tokenizer of token-based exports: `\\w+|[^\\w\\s]`, one sentence a paragraph.

The same pattern as the agreement measures' tokens (DESIGN §7), so a CoNLL file and a token-level
agreement report count the same tokens. Paragraphs are separated by blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TOKENIZER = r"regex-1 \w+|[^\w\s]"
_TOKEN = re.compile(r"\w+|[^\w\s]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

Token = tuple[int, int]


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Token offsets `[start, end)` in code points, within `text[start:end]`."""
    end = len(text) if end is None else end
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def paragraphs(text: str) -> list[list[Token]]:
    """The tokens of each paragraph that has any; a paragraph ends at a blank line."""
    bounds = [0] + [p for m in _BLANK_LINE.finditer(text) for p in (m.start(), m.end())]
    bounds.append(len(text))
    found = (tokenize(text, a, b) for a, b in zip(bounds[::2], bounds[1::2]))
    return [tokens for tokens in found if tokens]


def split_at(tokens: Iterable[Token], cuts: set[int]) -> list[Token]:
    """Tokens cut wherever a span begins or ends inside one, so every span is whole tokens."""
    result: list[Token] = []
    for start, end in tokens:
        inner = sorted(c for c in cuts if start < c < end)
        edges = [start, *inner, end]
        result += list(zip(edges, edges[1:]))
    return result
