"""Readers and writers, one module per format; this module holds what they share."""

from __future__ import annotations

import codecs
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Document, Label, Relation, Span

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class InputError(ValueError):
    """Bad input, named by file and line or offset, with what to do about it."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Batch:
    """What one input file holds: documents and, for annotated formats, their layers."""

    documents: list[Document] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    statuses: list[tuple[str, str, str]] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # imported as they are, but worth a look

    def extend(self, other: Batch) -> None:
        self.warnings += other.warnings
        self.documents += other.documents
        self.spans += other.spans
        self.relations += other.relations
        self.statuses += other.statuses
        self.labels += [lab for lab in other.labels if lab.key not in {x.key for x in self.labels}]


# What a spreadsheet would run as a formula when a cell starts with it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START)


def decode_text(path: Path, data: bytes, allow_nul: bool = False) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is reported, never guessed.

    A NUL byte marks a binary file, except where the file is known to be a document's text
    (`allow_nul`: a brat .txt beside its .ann, which we may have written from such a text).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(
                path,
                f"starts like UTF-16 but is not valid UTF-16 at byte offset {error.start}; "
                "re-save the file as UTF-8 and import it again",
            ) from error
    nul = -1 if allow_nul else data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            path,
            f"looks like a binary file (NUL byte at byte offset {nul}): "
            "import plain-text, JSONL or CSV files",
        )
    # Plain "utf-8" where there is no BOM to drop: "utf-8-sig" goes through a Python function.
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            path,
            f"not valid UTF-8: byte 0x{data[error.start]:02x} at byte offset {error.start}; "
            "re-save the file as UTF-8 and import it again",
            line=line,
        ) from error


def read_text_records(path: Path, parse: Callable[[dict, int], Batch]) -> Batch:
    """JSON Lines of records that each hold a "text", parsed by `parse(record, line)`.

    Every line is read before returning, so one bad line means nothing from the file is used.
    """
    batch = Batch()
    content = decode_text(path, path.read_bytes())
    for number, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            batch.extend(parse(_text_record(path, number, line), number))
    if not batch.documents:
        raise InputError(path, "has no documents (every line is empty)")
    return batch


def _text_record(path: Path, number: int, line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(
            path, f"is not valid JSON ({error.msg} at column {error.colno})", line=number
        ) from error
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(path, 'each line must be an object with a "text" string', line=number)
    return record


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # no newline translation on Windows


def read_bytes(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    # One open for the size and the content, without a file object: an import reads 10,000
    # files, and io.open's buffered reader costs more than the reading.
    fd = os.open(path, _READ_FLAGS)
    try:
        status = os.fstat(fd)
        size = status.st_size
        if size > limit:
            raise InputError(
                path,
                f"is {size / 1e6:.1f} MB; one article may be at most {limit / 1e6:.0f} MB: "
                "split it into articles first",
            )
        data = os.read(fd, size + 1)
        if len(data) <= size and stat.S_ISREG(status.st_mode):
            return data  # a regular file's short read is its end: no read to find it
        while more := os.read(fd, 1 << 16):  # it grew since fstat, or a pipe's read came short
            data += more
        return data
    finally:
        os.close(fd)
