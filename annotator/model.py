"""Domain objects and the pure rules over them: documents, labels, spans, offsets. Standard library only."""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from enum import Enum


class Status(str, Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def new_id() -> str:
    """A random (version 4) UUID in its usual text form.

    Written out here rather than `str(uuid.uuid4())`, which builds a UUID object and its int
    only to format them: an import makes an id per article, and this takes two thirds the time.
    """
    digits = os.urandom(16).hex()
    variant = "89ab"[int(digits[16], 16) & 3]
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def text_sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Label:
    key: str
    name: str
    color: str
    shortcut: str = ""
    description: str = ""


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    title: str = ""
    meta: dict = field(default_factory=dict)
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", text_sha256(self.text))


@dataclass(frozen=True)
class Span:
    id: str
    document_id: str
    annotator: str
    start: int
    end: int
    label: str
    text: str
    attributes: dict = field(default_factory=dict)
    note: str = ""
    created: str = ""
    updated: str = ""

    def with_bounds(self, text: str, start: int, end: int) -> Span:
        return replace(self, start=start, end=end, text=text[start:end])

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def span_record(span: Span) -> dict:
    """A span as plain data, the shape native JSONL and the edit history both use."""
    return {
        "id": span.id,
        "annotator": span.annotator,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": span.text,
        "attributes": span.attributes,
        "note": span.note,
    }


@dataclass(frozen=True)
class Relation:
    id: str
    document_id: str
    annotator: str
    from_span: str
    to_span: str
    type: str
    attributes: dict = field(default_factory=dict)


class SpanError(ValueError):
    """A span that cannot be stored as asked: the message says why and what to do."""


def check_span_bounds(text: str, start: int, end: int) -> None:
    """Refuse spans that are empty, out of range or cover only white space."""
    if not (0 <= start <= end <= len(text)):
        raise SpanError(f"offsets [{start}, {end}) are outside the document (length {len(text)})")
    if start == end:
        raise SpanError("the selection is empty: select some text, then press a label key")
    if not text[start:end].strip():
        raise SpanError("the selection is only white space: select a word or more")


def check_span_text(document_text: str, span: Span) -> None:
    """The stored covered text must equal the document slice: it is the check against drift."""
    check_span_bounds(document_text, span.start, span.end)
    found = document_text[span.start : span.end]
    if found != span.text:
        raise SpanError(
            f"span {span.id} [{span.start}, {span.end}) should cover {span.text!r} "
            f"but the text there is {found!r}"
        )


def _is_word_char(ch: str) -> bool:
    # Letters, digits and combining marks (Arabic diacritics) belong to a word; so does an
    # apostrophe or hyphen between letters, as in "Assad's" or "al-Sham".
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _joins_word(text: str, i: int) -> bool:
    return (
        text[i] in "'’-"
        and 0 < i < len(text) - 1
        and _is_word_char(text[i - 1])
        and _is_word_char(text[i + 1])
    )


def _in_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (_is_word_char(text[i]) or _joins_word(text, i))


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection to whole words and drop white space at its edges.

    A selection that begins or ends inside a word takes the whole word, as annotators expect
    from brat and INCEpTION; punctuation at the edges is kept as selected.
    """
    start, end = trim_whitespace(text, start, end)
    if start == end:
        return start, end
    while start > 0 and _in_word(text, start) and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and _in_word(text, end - 1) and _in_word(text, end):
        end += 1
    return start, end


_CRLF = re.compile(r"\r\n?")


class OffsetMap:
    """Maps offsets in a raw text to offsets in its normalised form (CRLF/CR → LF, BOM dropped).

    Annotations that arrive with a text are moved through exactly the change made to the text,
    so `normalised[map(s):map(e)]` is the normalised form of `raw[s:e]`.
    """

    def __init__(self, raw: str) -> None:
        self._removed: list[int] = []  # raw offsets of removed characters, ascending
        self.text = raw
        if "\r" not in raw and not raw.startswith("\ufeff"):
            return  # most texts: one scan for CR is ~20x cheaper than the two regex passes
        if raw.startswith("\ufeff"):
            self._removed.append(0)
        self._removed.extend(m.start() + 1 for m in _CRLF.finditer(raw) if m.group() == "\r\n")
        self.text = _CRLF.sub("\n", raw.removeprefix("\ufeff"))

    def __call__(self, raw_offset: int) -> int:
        return raw_offset - bisect_left(self._removed, raw_offset)

    @property
    def changed(self) -> bool:
        return bool(self._removed)


def normalise_text(raw: str) -> str:
    return OffsetMap(raw).text


# The header may stand on a line of its own: blank lines after it go with it.
_DATE_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*")


def split_date_header(text: str) -> tuple[str, str | None]:
    """`date 2024-02-06 An ambush…` → (`An ambush…`, `2024-02-06`); other texts unchanged."""
    match = _DATE_HEADER.match(text)
    if not match or not _is_calendar_date(match.group(1)):
        return text, None
    return text[match.end() :], match.group(1)


def _is_calendar_date(value: str) -> bool:
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def title_from_text(text: str, limit: int = 80) -> str:
    first = first_line(text)
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def first_line(text: str, head: int = 256) -> str:
    """The first line with more than white space, stripped ('' if there is none).

    Only the head of the text is split, growing until a whole such line lies in it (importing
    10,000 articles split 50 MB into lines for their titles); the head's last line may be cut
    short, so it counts only when the head is the whole text.
    """
    lines = text[:head].splitlines()
    if len(text) > head:
        del lines[-1:]
    found = next((line.strip() for line in lines if line.strip()), None)
    if found is None and len(text) > head:
        return first_line(text, head * 16)
    return found or ""


# Okabe-Ito colours after the four defaults: distinguishable with the common colour-vision deficiencies.
EXTRA_COLORS = ("#D55E00", "#56B4E9", "#F0E442", "#999999", "#882255", "#44AA99", "#117733")


def label_for_key(key: str, index: int) -> Label:
    """A label for a key met in imported data that the project's schema does not have yet."""
    return Label(key=key, name=key.replace("_", " ").capitalize(), color=EXTRA_COLORS[index % 7])


# A word with its combining marks (Arabic harakat, accents) and inner apostrophes or hyphens, or
# one punctuation mark: the steps by which span boundaries move.
_TOKEN = re.compile(
    r"(?:\w|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+"
    r"(?:['’-](?:\w|[\u064b-\u065f])+)*|[^\w\s]"
)
_STEP_WINDOW = 400


def step_boundary(
    text: str, start: int, end: int, edge: str, direction: int, by_word: bool = True
) -> tuple[int, int]:
    """Move a span's start or end edge one word (or one character) left or right.

    Returns the bounds unchanged when the move would leave the text or empty the span.
    """
    pos = start if edge == "start" else end
    if by_word:
        pos = _next_token_edge(text, pos, direction, want_start=edge == "start")
    else:
        pos += direction
    new_start, new_end = (pos, end) if edge == "start" else (start, pos)
    if not (0 <= new_start < new_end <= len(text)) or not text[new_start:new_end].strip():
        return start, end
    return new_start, new_end


def _next_token_edge(text: str, pos: int, direction: int, want_start: bool) -> int:
    lo = max(0, pos - _STEP_WINDOW)
    window = text[lo : pos + _STEP_WINDOW]
    edges = [lo + (m.start() if want_start else m.end()) for m in _TOKEN.finditer(window)]
    if direction > 0:
        return next((e for e in edges if e > pos), pos)
    return next((e for e in reversed(edges) if e < pos), pos)
