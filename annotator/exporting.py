"""Export a layer in any registered format, atomically, with progress; shared by the GUI and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .atomic_file import atomic_text
from .formats import brat, claims, conll, csv_spans, doccano, labelstudio, spacy_docbin, xmi
from .formats.jsonl import OFFSET_UNIT as JSONL_UNIT
from .formats.jsonl import write_jsonl
from .model import Label
from .progress import counted
from .store import LayerRows, Progress, Store

Writer = Callable[..., int]


@dataclass(frozen=True)
class ExportFormat:
    """A writer `write(items, out, labels, **options) -> documents written` and what it needs.

    `options` are the keyword options the writer takes, with their defaults; `folder` says that
    `out` names a folder rather than a file; `rows` that it takes `Store.iter_layer_rows` items.
    """

    name: str
    write: Writer
    offset_unit: str
    description: str
    folder: bool = False
    options: dict = field(default_factory=dict)
    rows: bool = False

    def settings(self, options: dict | None) -> dict:
        """The writer's options with defaults filled in; unknown ones are refused."""
        options = dict(options or {})
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise ValueError(f"the {self.name} format takes no option {', '.join(unknown)}")
        return {**self.options, **options}


def _write_jsonl(items: Iterable[LayerRows], out: Path, labels: list[Label]) -> int:
    with atomic_text(out) as handle:
        return write_jsonl(items, handle)


FORMATS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> None:
    FORMATS[fmt.name] = fmt


for _format in (
    ExportFormat("jsonl", _write_jsonl, JSONL_UNIT, "native JSONL, one document a line", rows=True),
    ExportFormat(
        "brat", brat.write_brat, brat.OFFSET_UNIT, "brat standoff folder (.txt + .ann)", True
    ),
    ExportFormat("doccano", doccano.write_doccano, doccano.OFFSET_UNIT, "doccano JSONL"),
    ExportFormat(
        "labelstudio",
        labelstudio.write_labelstudio,
        labelstudio.OFFSET_UNIT,
        "Label Studio tasks JSON (and its labelling config beside it)",
    ),
    ExportFormat("spacy", spacy_docbin.write_spacy, spacy_docbin.OFFSET_UNIT, "spaCy DocBin"),
    ExportFormat(
        "conll",
        conll.write_conll,
        conll.OFFSET_UNIT,
        "CoNLL-2003 IOB2",
        options={"overlap": "longest"},
    ),
    ExportFormat("xmi", xmi.write_xmi, xmi.OFFSET_UNIT, "UIMA CAS XMI folder for INCEpTION", True),
    ExportFormat("csv", csv_spans.write_csv_spans, csv_spans.OFFSET_UNIT, "CSV, one row a span"),
    ExportFormat(
        "claims-csv",
        claims.write_claims_csv,
        claims.OFFSET_UNIT,
        "CSV, one row a casualty claim with its numbers, sources, places and actors",
    ),
    ExportFormat(
        "claims-jsonl",
        claims.write_claims_jsonl,
        claims.OFFSET_UNIT,
        "JSONL, one casualty claim a line with its sources, places and actors",
    ),
):
    register(_format)


def export(
    store: Store,
    format_name: str,
    out: Path,
    layer: str | None,
    only_done: bool = False,
    progress: Progress | None = None,
    options: dict | None = None,
) -> int:
    """Write `layer` (an annotator's name, or None for every layer) and return documents written."""
    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r}: choose one of {', '.join(FORMATS)}")
    fmt = FORMATS[format_name]
    settings = fmt.settings(options)
    items = (store.iter_layer_rows if fmt.rows else store.iter_layer)(layer, only_done=only_done)
    total = store.document_count()
    return fmt.write(counted(items, total, progress), Path(out), store.labels(), **settings)
