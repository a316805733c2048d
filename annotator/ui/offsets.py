"""The one place where Qt's UTF-16 positions and our code-point offsets meet.

Qt counts UTF-16 code units (an emoji or a flag half is 2) while every offset we store counts code
points, as Python slices do. Everything in `ui/` converts through `Utf16Map`, nowhere else.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Map:
    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_u16 = [cp + i for i, cp in enumerate(self._astral)]
        self.length_u16 = len(text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def to_codepoint(self, position: int) -> int:
        """A position inside a surrogate pair maps to the character it is part of."""
        before = bisect_left(self._astral_u16, position)
        if before and self._astral_u16[before - 1] == position - 1:
            return self._astral[before - 1]
        return position - before
