"""Export a layer in any registered format, atomically, with progress; shared by the GUI and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .atomic_file import atomic_text
from .formats.jsonl import OFFSET_UNIT as JSONL_UNIT
from .formats.jsonl import write_jsonl
from .model import Label
from .store import LayerDocument, Progress, Store

Writer = Callable[[Iterable[LayerDocument], Path, list[Label]], int]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    write: Writer
    offset_unit: str
    description: str


def _write_jsonl(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    with atomic_text(out) as handle:
        return write_jsonl(items, handle)


FORMATS: dict[str, ExportFormat] = {
    "jsonl": ExportFormat("jsonl", _write_jsonl, JSONL_UNIT, "native JSONL, one document a line"),
}


def register(fmt: ExportFormat) -> None:
    FORMATS[fmt.name] = fmt


def _counted(items: Iterable[LayerDocument], total: int, progress: Progress | None) -> Iterator:
    for i, item in enumerate(items, start=1):
        yield item
        if progress and (i % 100 == 0 or i == total):
            progress(i, total)


def export(
    store: Store,
    format_name: str,
    out: Path,
    layer: str | None,
    only_done: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write `layer` (an annotator's name, or None for every layer) and return documents written."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}: choose one of {', '.join(FORMATS)}")
    items = store.iter_layer(layer, only_done=only_done)
    total = store.document_count()
    return FORMATS[format_name].write(_counted(items, total, progress), Path(out), store.labels())
