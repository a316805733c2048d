"""Safe, unique file names for documents written into export folders."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows refuses whatever the extension; a folder exported on Linux may be opened there.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}
MAX_STEM = 100


def safe_stem(name: str) -> str:
    """A file name stem made only of ASCII letters, digits, `.`, `_` and `-`.

    Separators and `..` become `_`, so a document id or title such as `../../x` can never name
    a path outside the export folder.
    """
    stem = _UNSAFE.sub("_", name).strip("._-")[:MAX_STEM].rstrip("._-")
    if not stem:
        return "document"
    if stem.split(".")[0].lower() in _RESERVED:
        return f"_{stem}"
    return stem


class StemAllocator:
    """Hands out stems that differ even on case-insensitive file systems (macOS, Windows)."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def stem(self, name: str) -> str:
        base = safe_stem(name)
        stem, n = base, 1
        while stem.lower() in self._used:
            n += 1
            stem = f"{base}-{n}"
        self._used.add(stem.lower())
        return stem
