"""Reading spans that arrive with their text: offsets mapped, texts checked, UTF-16 explained.

Every standoff reader (brat, doccano, Label Studio) places spans through `TextMapper`, so the
import normalisation of DESIGN §3 (CRLF/CR → LF, BOM dropped) moves offsets exactly as it moves
the text, and a span whose text does not match is reported, never moved.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..model import (
    Document,
    OffsetMap,
    Span,
    SpanError,
    check_span_text,
    new_id,
    title_from_text,
)
from . import InputError, decode_text, read_bytes

_UTF16_HINT = (
    "; the offsets match only when counted in UTF-16 code units (an emoji counts 2), as "
    "JavaScript tools such as doccano's web UI count them: convert them to code points "
    "(Unicode characters) and import again"
)


def decode_keeping_bom(path: Path) -> str:
    """A document text file, with a UTF-8 BOM kept as U+FEFF (brat and Python count it as 1)
    and NUL characters allowed: it pairs with annotations, so it is text, not a stray binary."""
    data = read_bytes(path)
    text = decode_text(path, data, allow_nul=True)
    return "\ufeff" + text if data.startswith(codecs.BOM_UTF8) else text


class TextMapper:
    """One raw document text, normalised, and the spans placed on it from raw offsets."""

    def __init__(self, path: Path, raw: str, where: str, document_id: str, annotator: str) -> None:
        self.path = path
        self.raw = raw
        self.where = where
        self.document_id = document_id
        self.annotator = annotator
        self._map = OffsetMap(raw)
        self.text = self._map.text
        self._utf16: Utf16Offsets | None = None

    def place(
        self,
        raw_start: int,
        raw_end: int,
        label: str,
        expected: str | None,
        line: int | None = None,
        **fields,
    ) -> Span:
        """A span from raw offsets; `expected` (the file's own copy of the text) is checked."""
        self._check_range(raw_start, raw_end, expected, line)
        start, end = self._map(raw_start), self._map(raw_end)
        found = self.text[start:end]
        wanted = found if expected is None else OffsetMap(expected).text
        span = Span(new_id(), self.document_id, self.annotator, start, end, label, wanted, **fields)
        try:
            check_span_text(self.text, span)
        except SpanError as error:
            raise self.error(
                f"span [{raw_start}, {raw_end}) {label}: {self._mismatch(span, found, error)}"
                + self._hint(raw_start, raw_end, expected),
                line,
            ) from error
        return span

    def document(self, title: str = "", meta: dict | None = None) -> Document:
        if not self.text.strip():
            raise self.error("the document text is empty")
        title = title or title_from_text(self.text)
        return Document(self.document_id, self.text, title, dict(meta or {}))

    def error(self, message: str, line: int | None = None) -> InputError:
        return InputError(self.path, f"{self.where}: {message}", line=line)

    def _check_range(self, start: int, end: int, expected: str | None, line: int | None) -> None:
        if not 0 <= start < end <= len(self.raw):
            raise self.error(
                f"span offsets [{start}, {end}) are outside the text (length {len(self.raw)} "
                "code points)" + self._hint(start, end, expected),
                line,
            )

    @staticmethod
    def _mismatch(span: Span, found: str, error: SpanError) -> str:
        if span.text != found:
            return f"expected text {span.text!r} but the text there is {found!r}"
        return str(error)

    def _hint(self, start: int, end: int, expected: str | None) -> str:
        found = self.utf16_slice(start, end)
        if found is not None and (expected is None or found == expected):
            return _UTF16_HINT
        return ""

    @property
    def utf16(self) -> Utf16Offsets:
        if self._utf16 is None:
            self._utf16 = Utf16Offsets(self.raw)
        return self._utf16

    def utf16_slice(self, start: int, end: int) -> str | None:
        """The raw text between UTF-16 offsets, or None if that reading is impossible or moot."""
        if not self.utf16.has_astral:
            return None
        a, b = self.utf16.to_code_points(start), self.utf16.to_code_points(end)
        return None if a is None or b is None or a >= b else self.raw[a:b]

    def check_not_utf16(self, pairs: list[tuple[int, int]], line: int | None = None) -> None:
        """Refuse offsets that line up with words only when counted in UTF-16 code units.

        For formats that carry no copy of the span text (doccano), this is the one evidence:
        the text has characters outside the BMP, some spans cut words or end on white space
        when counted in code points, and every span is clean when counted in UTF-16.
        """
        if not pairs or not self.utf16.has_astral:
            return
        if all(_clean(self.raw, s, e) for s, e in pairs):
            return
        if all(self._clean_utf16(s, e) for s, e in pairs):
            raise self.error("spans cut words when counted in code points" + _UTF16_HINT, line)

    def _clean_utf16(self, start: int, end: int) -> bool:
        a, b = self.utf16.to_code_points(start), self.utf16.to_code_points(end)
        return a is not None and b is not None and _clean(self.raw, a, b)


class Utf16Offsets:
    """Converts UTF-16 code-unit offsets (what JavaScript and UIMA count) to code points."""

    def __init__(self, text: str) -> None:
        self._to_code_points: dict[int, int] = {}
        units = 0
        for index, char in enumerate(text):
            self._to_code_points[units] = index
            units += 2 if ord(char) > 0xFFFF else 1
        self._to_code_points[units] = len(text)
        self.has_astral = units != len(text)

    def to_code_points(self, units: int) -> int | None:
        """None for an offset between the two halves of a surrogate pair or past the end."""
        return self._to_code_points.get(units)


_WORD = re.compile(r"\w")


def _joined(left: str, right: str) -> bool:
    """Two neighbours that belong to one token: letters of a word, or halves of a flag."""
    both_word = bool(_WORD.match(left) and _WORD.match(right))
    flag = all(0x1F1E6 <= ord(c) <= 0x1F1FF for c in (left, right))
    return both_word or flag


def _clean(text: str, start: int, end: int) -> bool:
    """True if `[start, end)` is inside the text, cuts no word and has no white space edges."""
    if not 0 <= start < end <= len(text):
        return False
    if text[start].isspace() or text[end - 1].isspace():
        return False
    cuts_start = start > 0 and _joined(text[start - 1], text[start])
    cuts_end = end < len(text) and _joined(text[end - 1], text[end])
    return not (cuts_start or cuts_end)
