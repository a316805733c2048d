"""Import articles into a project: pick a reader per file, report bad files, add the rest at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .formats import Batch, InputError
from .formats.csv_text import read_csv
from .formats.jsonl import read_jsonl
from .formats.plaintext import read_text_file
from .model import Label, Span, SpanError, label_for_key
from .store import AddReport, Progress, Store

Reader = Callable[[Path], Batch]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}


@dataclass
class ImportResult:
    files: int = 0
    report: AddReport = field(default_factory=AddReport)
    errors: list[InputError] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{len(self.report.added)} documents added from {self.files} files"]
        if self.report.spans:
            parts.append(f"{self.report.spans} spans")
        if self.report.duplicates:
            parts.append(
                f"{len(self.report.duplicates)} already in the project (same text), skipped"
            )
        if self.errors:
            parts.append(f"{len(self.errors)} files not imported")
        return "; ".join(parts)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the readable files inside folders (sorted, recursively)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS
            )
        else:
            files.append(path)
    return files


def read_file(path: Path, annotator: str = "") -> Batch:
    if not path.exists():
        raise InputError(path, "does not exist")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            path, f"has an unknown type {path.suffix!r}: import .txt, .jsonl or .csv files"
        )
    if reader is read_jsonl:
        return read_jsonl(path, default_annotator=annotator)
    return reader(path)


def new_labels(store: Store, spans: list[Span]) -> list[Label]:
    known = {label.key for label in store.labels()}
    missing = sorted({span.label for span in spans} - known)
    return [label_for_key(key, i) for i, key in enumerate(missing)]


def import_paths(
    store: Store,
    paths: Iterable[Path],
    annotator: str = "",
    progress: Progress | None = None,
) -> ImportResult:
    """Read every file first; add all good ones in one transaction; report the bad ones.

    A bad file contributes nothing, so nothing is ever half-imported. Progress counts files read,
    then documents stored.
    """
    files = expand_paths(paths)
    result = ImportResult(files=len(files))
    batch = Batch()
    for i, path in enumerate(files, start=1):
        try:
            batch.extend(read_file(path, annotator))
        except InputError as error:
            result.errors.append(error)
        if progress:
            progress(i, len(files))
    if not batch.documents:
        return result  # every file was bad: the project stays exactly as it was
    batch.labels += new_labels(store, batch.spans)
    try:
        result.report = store.add_documents(
            batch.documents, batch.spans, batch.relations, batch.statuses, batch.labels
        )
    except SpanError as error:
        result.errors.append(InputError(", ".join(str(f) for f in files[:3]), str(error)))
    return result
