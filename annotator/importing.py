"""Import articles into a project: pick a reader per file, report bad files, add the rest at once."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .attribute_values import typed_spans
from .collector import collector_paused
from .formats import Batch, InputError
from .formats.brat import read_brat
from .formats.csv_text import read_csv
from .formats.doccano import read_doccano
from .formats.jsonl import read_jsonl
from .formats.labelstudio_reader import read_labelstudio
from .formats.plaintext import read_text_file
from .model import Document, Label, Span, SpanError, label_for_key
from .progress import counted
from .store import AddReport, Progress, Store

Reader = Callable[[Path], Batch]
# Files read before their documents are added: a part's articles are all a large import holds.
# Small enough that each part's memory is the last part's, freed and taken again: with 2,000
# files a part (~50 MB of decoded text) the heap shrank and grew back, 19,000 page faults and
# ~0.1 s of importing 10,000 articles.
PART_FILES = 200

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
}


@dataclass(frozen=True)
class ImportFormat:
    """A format named with `--format`: its reader takes the path and the annotator's name.

    `suffixes` are the files it reads inside a folder; a format without them reads a folder
    as one unit (brat). `layer` formats carry another tool's annotations, which become the
    named annotator's layer, so they need a name.
    """

    read: Callable[[Path, str], Batch]
    suffixes: tuple[str, ...] = ()
    layer: bool = True
    text_values: bool = False  # attribute values come back as words: the schema types them


IMPORT_FORMATS: dict[str, ImportFormat] = {
    "jsonl": ImportFormat(
        lambda path, name: read_jsonl(path, as_annotator=name), (".jsonl",), layer=False
    ),
    "brat": ImportFormat(read_brat, text_values=True),
    "doccano": ImportFormat(read_doccano, (".jsonl", ".json")),
    "labelstudio": ImportFormat(read_labelstudio, (".json",)),
}


@dataclass
class ImportResult:
    """What an import did. Its report lists documents by id, title, metadata and hash, without
    their texts (those are in the project)."""

    files: int = 0
    report: AddReport = field(default_factory=AddReport)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

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
        if self.warnings:
            parts.append(f"{len(self.warnings)} warnings")
        return "; ".join(parts)


def expand_paths(paths: Iterable[Path], format_name: str | None = None) -> list[Path]:
    """Files named directly, and the readable files inside folders (sorted, recursively).

    A folder format (brat) takes each folder whole.
    """
    suffixes = IMPORT_FORMATS[format_name].suffixes if format_name else tuple(READERS)
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir() and suffixes:
            files += _files_under(path, suffixes)
        else:
            files.append(path)
    return files


def _files_under(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files under `folder` with one of `suffixes`, as `sorted(folder.rglob("*"))` orders them.

    Sorting each folder's entries by name and walking down in that order gives the same order
    as sorting whole paths, without comparing 10,000 Path objects part by part; directory
    entries know whether they are files without a stat each. Links to folders are not followed
    and unreadable folders are skipped, as rglob does.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: os.path.normcase(entry.name))
    except PermissionError:
        return []
    files: list[Path] = []
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            files += _files_under(Path(entry.path), suffixes)
            continue
        path = Path(entry.path)
        if path.suffix.lower() in suffixes and entry.is_file():
            files.append(path)
    return files


def read_file(path: Path, annotator: str = "", format_name: str | None = None) -> Batch:
    # A missing article is found by opening it rather than by a stat first: an import reads
    # 10,000 of them. Named formats (a brat folder is never opened) still look first.
    try:
        return _read(path, annotator, format_name)
    except FileNotFoundError as error:
        raise InputError(error.filename or path, "does not exist") from error


def _read(path: Path, annotator: str, format_name: str | None) -> Batch:
    reader = READERS.get(path.suffix.lower())
    if (format_name or reader is None) and not path.exists():
        raise FileNotFoundError(errno.ENOENT, "does not exist", str(path))
    if format_name:
        return IMPORT_FORMATS[format_name].read(path, annotator)
    if reader is None:
        raise InputError(
            path, f"has an unknown type {path.suffix!r}: import .txt, .jsonl or .csv files"
        )
    if reader is read_jsonl:
        return read_jsonl(path, as_annotator=annotator)
    return reader(path)


def new_labels(store: Store, spans: list[Span], made_before: int = 0) -> list[Label]:
    """Labels for keys the project lacks; `made_before` by this import, so colours go on."""
    known = {label.key for label in store.labels()}
    missing = sorted({span.label for span in spans} - known)
    return [label_for_key(key, made_before + i) for i, key in enumerate(missing)]


def parse_label_map(pairs: Iterable[str]) -> dict[str, str]:
    """`["PER=actor", "LOC=location"]` → `{"PER": "actor", "LOC": "location"}`."""
    mapping = {}
    for pair in pairs:
        old, sep, new = (part.strip() for part in pair.partition("="))
        if not (sep and old and new):
            raise ValueError(f"label mapping {pair!r} must read old=new, e.g. PER=actor")
        mapping[old] = new
    return mapping


def map_labels(batch: Batch, mapping: dict[str, str]) -> None:
    """Rename span labels read from a file; the labels the file defined under old names go."""
    if not mapping:
        return
    batch.spans = [replace(s, label=mapping.get(s.label, s.label)) for s in batch.spans]
    batch.labels = [label for label in batch.labels if label.key not in mapping]


def import_paths(
    store: Store,
    paths: Iterable[Path],
    annotator: str = "",
    progress: Progress | None = None,
    format_name: str | None = None,
    label_map: dict[str, str] | None = None,
) -> ImportResult:
    """Read every file and add the good ones, all in one transaction; report the bad ones.

    A bad file contributes nothing, and a bad span anywhere undoes the whole import, so nothing
    is ever half-imported. Files are added a part at a time as they are read, so a large import
    never holds every article in memory. Progress counts files. `format_name` picks a reader
    from IMPORT_FORMATS for every path instead of choosing by suffix; `label_map` renames
    labels as they come in.
    """
    if format_name and IMPORT_FORMATS[format_name].layer and not annotator:
        raise ValueError(f"importing {format_name} needs the annotator whose layer it becomes")
    files = expand_paths(paths, format_name)
    result = ImportResult(files=len(files))
    labels_made = 0
    try:
        with collector_paused(), store.transaction():
            for part in _parts(files, annotator, format_name, progress, result):
                labels_made += _prepare(store, part, format_name, label_map or {}, labels_made)
                _add(result.report, store.add_documents(*_contents(part)))
    except SpanError as error:
        result.report = AddReport()  # rolled back: nothing of it is in the project
        result.errors.append(InputError(", ".join(str(f) for f in files[:3]), str(error)))
    return result


def _parts(
    files: list[Path],
    annotator: str,
    format_name: str | None,
    progress: Progress | None,
    result: ImportResult,
) -> Iterator[Batch]:
    """The files read into batches of PART_FILES files each; bad files go to the errors."""
    size, part = PART_FILES, Batch()
    for number, path in enumerate(counted(files, len(files), progress), start=1):
        try:
            part.extend(read_file(path, annotator, format_name))
        except InputError as error:
            result.errors.append(error)
        if number % size == 0 or number == len(files):
            result.warnings += part.warnings
            if part.documents:
                yield part
            part = Batch()


def _prepare(
    store: Store, part: Batch, format_name: str | None, label_map: dict, labels_made: int
) -> int:
    """Labels renamed, attribute values typed, labels the project lacks made; how many made."""
    map_labels(part, label_map)
    if format_name and IMPORT_FORMATS[format_name].text_values:
        part.spans = typed_spans(part.spans, store.schema())
    if not part.spans:  # plain articles: no labels to look up
        return 0
    defined = {label.key for label in part.labels}
    missing = [lab for lab in new_labels(store, part.spans, labels_made) if lab.key not in defined]
    part.labels += missing
    return len(missing)


def _contents(part: Batch) -> tuple:
    return part.documents, part.spans, part.relations, part.statuses, part.labels


def _add(total: AddReport, report: AddReport) -> None:
    """Add a part's report to the import's, its documents without their texts: those are in
    the project now, and keeping them would hold every article of the import in memory."""
    total.added += [_without_text(doc) for doc in report.added]
    total.duplicates += [(_without_text(doc), kept) for doc, kept in report.duplicates]
    total.spans += report.spans
    total.relations += report.relations


def _without_text(doc: Document) -> Document:
    return replace(doc, text="")  # its sha256 stays the one of the text
