"""brat standoff: a folder of `<document>.txt` (LF only) and `.ann` files, plus the label schema.

Offsets are Unicode code points into the `.txt`, as brat's Python server counts them (a UTF-8 BOM,
if a file has one, counts as one). `.ann` lines written and read:
  T  one per span and label (the same offsets with two labels are two T lines); a span that crosses
     line breaks is written as fragments split at the breaks (`T1\tactor 0 5;6 9\tab cd`), as brat
     draws it, and read back as one span.
  R  relations, `Arg1` the from-span and `Arg2` the to-span.
  A  attributes whose value is true (a binary attribute), a number or text; spaces in text become
     `_` (`more_than`). Read back into a project, its schema types them again (`1001` a number,
     `more_than` "more than"; in text attributes every `_` reads back as a space). False (brat:
     no attribute) and lists or objects are not written.
  #  `AnnotatorNotes` for notes; line breaks in a note become spaces.
Not carried: titles and metadata, span and relation ids, relation attributes. `annotation.conf`
lists the labels, relation types and attributes; `visual.conf` their names and colours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..atomic_file import atomic_folder
from ..model import Label, Relation, Span, new_id
from ..store import LayerDocument
from . import Batch, InputError, decode_text
from .brat_conf import BratSchema, read_labels
from .naming import StemAllocator
from .standoff import TextMapper, decode_keeping_bom
from .writing import checked_spans

OFFSET_UNIT = "code points"
_LINE_BREAK = re.compile(r"\r\n?|\n")
_NEWLINE = re.compile("\n")


def write_brat(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    schema = BratSchema(labels)
    stems = StemAllocator()
    count = 0
    with atomic_folder(out) as folder:
        for item in items:
            stem = stems.stem(item.document.id)
            _write(folder / f"{stem}.txt", _lf_only(item))
            _write(folder / f"{stem}.ann", "".join(ann_lines(item, schema)))
            count += 1
        _write(folder / "annotation.conf", schema.annotation_conf())
        _write(folder / "visual.conf", schema.visual_conf())
    return count


def _write(path: Path, content: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(content)


def _lf_only(item: LayerDocument) -> str:
    text = item.document.text
    if "\r" in text:
        raise ValueError(f"document {item.document.id} holds a carriage return; brat needs LF")
    return text


def ann_lines(item: LayerDocument, schema: BratSchema) -> Iterator[str]:
    text = item.document.text
    spans = checked_spans(item)
    t_ids = {span.id: f"T{n}" for n, span in enumerate(spans, start=1)}
    for span in spans:
        schema.require_word(span.label, "label")
        fragments = _fragments(text, span)
        where = ";".join(f"{s} {e}" for s, e in fragments)
        mention = " ".join(text[s:e] for s, e in fragments)
        yield f"{t_ids[span.id]}\t{span.label} {where}\t{mention}\n"
    yield from _attribute_lines(spans, t_ids, schema)
    yield from _note_lines(spans, t_ids)
    yield from _relation_lines(item.relations, t_ids, schema)


def _fragments(text: str, span: Span) -> list[tuple[int, int]]:
    """The span cut at line breaks, without pieces that are only white space."""
    edges = [span.start]
    for match in _NEWLINE.finditer(text, span.start, span.end):
        edges += [match.start(), match.end()]
    edges.append(span.end)
    pieces = list(zip(edges[::2], edges[1::2]))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _attribute_lines(spans: list[Span], t_ids: dict, schema: BratSchema) -> Iterator[str]:
    n = 0
    for span in spans:
        for name, value in sorted(span.attributes.items()):
            word = schema.attribute_word(name, value)
            if word is not None:
                n += 1
                yield f"A{n}\t{name} {t_ids[span.id]}{word}\n"


def _note_lines(spans: list[Span], t_ids: dict) -> Iterator[str]:
    noted = [span for span in spans if span.note.strip()]
    for n, span in enumerate(noted, start=1):
        yield f"#{n}\tAnnotatorNotes {t_ids[span.id]}\t{_LINE_BREAK.sub(' ', span.note)}\n"


def _relation_lines(relations: list[Relation], t_ids: dict, schema: BratSchema) -> Iterator[str]:
    for n, rel in enumerate(relations, start=1):
        schema.add_relation(rel.type)
        if rel.from_span not in t_ids or rel.to_span not in t_ids:
            raise ValueError(f"relation {rel.id} links a span outside its document's layer")
        yield f"R{n}\t{rel.type} Arg1:{t_ids[rel.from_span]} Arg2:{t_ids[rel.to_span]}\n"


# -- reading ----------------------------------------------------------------------------------

_T = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)")
_R = re.compile(r"(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\s*")
_A = re.compile(r"([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?\s*")
_NOTE = re.compile(r"(#\d*)\tAnnotatorNotes (T\d+)\t(.*)")
_UNSUPPORTED = {
    "E": "events",
    "N": "normalisations",
    "*": "equivalence relations",
}


def read_brat(path: Path, annotator: str) -> Batch:
    """A brat folder as one unit: any bad file means nothing from the folder is imported."""
    if not path.is_dir():
        raise InputError(path, "is not a folder: brat data is a folder of .txt and .ann files")
    texts = sorted(path.rglob("*.txt"))
    orphans = sorted(p for p in path.rglob("*.ann") if not p.with_suffix(".txt").exists())
    if orphans:
        raise InputError(orphans[0], "has no .txt file beside it with the same name")
    if not texts:
        raise InputError(path, "has no .txt files")
    batch = Batch(labels=read_labels(path))
    for txt in texts:
        batch.extend(_read_document(path, txt, annotator))
    return batch


def _read_document(root: Path, txt: Path, annotator: str) -> Batch:
    source = txt.relative_to(root).as_posix()
    ann = txt.with_suffix(".ann")
    # Problems are named by the .ann file and line that holds the offsets.
    mapper = TextMapper(ann, decode_keeping_bom(txt), f"text {source}", new_id(), annotator)
    doc = mapper.document(meta={"source_file": source})
    lines = _AnnLines(ann, mapper)
    if ann.exists():
        lines.read()
    return Batch(
        documents=[doc],
        spans=lines.spans(),
        relations=lines.relations,
        statuses=[(doc.id, annotator, "done")],
    )


class _AnnLines:
    """The lines of one `.ann` file, resolved against its text and its T ids."""

    def __init__(self, path: Path, mapper: TextMapper) -> None:
        self.path = path
        self.mapper = mapper
        self.by_tid: dict[str, Span] = {}
        self.relations: list[Relation] = []
        self._later: list[tuple[int, re.Match, str]] = []

    def read(self) -> None:
        content = decode_text(self.path, self.path.read_bytes())
        for number, line in enumerate(content.split("\n"), start=1):
            self._line(number, line.rstrip("\r"))
        for number, match, kind in self._later:
            getattr(self, f"_{kind}")(number, match)

    def spans(self) -> list[Span]:
        return list(self.by_tid.values())

    def _line(self, number: int, line: str) -> None:
        if not line.strip():
            return
        for pattern, kind in ((_T, "entity"), (_R, "relation"), (_A, "attribute"), (_NOTE, "note")):
            match = pattern.fullmatch(line)
            if match and kind == "entity":
                return self._entity(number, match)
            if match:
                return self._later.append((number, match, kind))
        if line.startswith("#"):
            return  # a comment, or a note on something other than a span: nothing to keep
        raise self._error(number, _unknown(line))

    def _error(self, number: int, message: str) -> InputError:
        return InputError(self.path, message, line=number)

    def _span(self, number: int, tid: str) -> Span:
        if tid not in self.by_tid:
            raise self._error(number, f"refers to {tid}, which no T line defines")
        return self.by_tid[tid]

    def _entity(self, number: int, match: re.Match) -> None:
        tid, label, where, mention = match.groups()
        if tid in self.by_tid:
            raise self._error(number, f"{tid} is defined twice")
        pieces = [tuple(map(int, p.split())) for p in where.split(";")]
        raw = self.mapper.raw
        joined = " ".join(raw[s:e] for s, e in pieces)
        expected = raw[pieces[0][0] : pieces[-1][1]] if joined == mention else mention
        for (_, end), (start, _) in zip(pieces, pieces[1:]):
            if start < end or raw[end:start].strip():
                raise self._error(number, f"{tid} has fragments with text between them")
        self.by_tid[tid] = self.mapper.place(pieces[0][0], pieces[-1][1], label, expected, number)

    def _relation(self, number: int, match: re.Match) -> None:
        rid, rel_type, arg1, arg2 = match.groups()
        self.relations.append(
            Relation(
                id=new_id(),
                document_id=self.mapper.document_id,
                annotator=self.mapper.annotator,
                from_span=self._span(number, arg1).id,
                to_span=self._span(number, arg2).id,
                type=rel_type,
            )
        )

    def _attribute(self, number: int, match: re.Match) -> None:
        _, name, tid, value = match.groups()
        span = self._span(number, tid)
        attributes = {**span.attributes, name: True if value is None else value}
        self.by_tid[tid] = replace(span, attributes=attributes)

    def _note(self, number: int, match: re.Match) -> None:
        _, tid, note = match.groups()
        span = self._span(number, tid)
        self.by_tid[tid] = replace(span, note=f"{span.note}\n{note}" if span.note else note)


def _unknown(line: str) -> str:
    kind = _UNSUPPORTED.get(line[:1])
    if kind:
        return f"holds {kind} ({line[:1]} lines), which Annotator does not import: remove them"
    shown = line if len(line) <= 60 else line[:57] + "..."
    return f"has a line brat does not define or that is malformed: {shown!r}"
