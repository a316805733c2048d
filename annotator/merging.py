"""Merge annotators' project files into a review project: all of it in one transaction, or nothing.

Documents are matched by the SHA-256 of their text (an annotator's copy of an article is the same
article whatever its id). A layer is one annotator's spans, relations and status on one
document; a file holds an annotator's layer on a document when that annotator has spans or a
status there. Merged layers replace the review's layer for the same annotator and document, so a
newer file from an annotator supersedes the older one, and merging a file again changes
nothing. Decisions made on spans that a newer file changed or removed are kept and flagged stale.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .adjudication import GoldDecision
from .model import Document, Label, Relation, Span, Status, label_for_key, new_id
from .store import GOLD, LayerDocument, Progress, ProjectError, Store


class MergeError(Exception):
    """A merge refused before anything was written: the message names the file and what to do."""


@dataclass(frozen=True)
class AnnotatorLayer:
    """One annotator's work on one document (known by its text hash) as one file holds it."""

    source: Path
    sha256: str
    annotator: str
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]
    status: str

    def fingerprint(self) -> tuple:
        return layer_fingerprint(self.spans, self.relations, self.status)


@dataclass
class SourceFile:
    """What a merge takes from one annotator's project file (labels already mapped)."""

    path: Path
    labels: list[Label]
    documents: dict[str, Document]  # by text hash, in the file's order
    layers: list[AnnotatorLayer]
    has_gold: bool

    @property
    def label_keys(self) -> set[str]:
        return {label.key for label in self.labels}


@dataclass
class MergeReport:
    """What a merge did, and what the reviewer should know about the files."""

    files: list[str] = field(default_factory=list)
    annotators: list[str] = field(default_factory=list)
    documents_added: int = 0
    layers_added: int = 0
    layers_replaced: int = 0
    layers_unchanged: int = 0
    stale_decisions: list[str] = field(default_factory=list)
    only_in: dict[str, list[str]] = field(default_factory=dict)  # file → titles only it has
    gold_ignored: list[str] = field(default_factory=list)  # files whose gold layer was left out

    @property
    def changed(self) -> bool:
        return bool(self.documents_added or self.layers_added or self.layers_replaced)

    def summary(self) -> list[str]:
        lines = [
            f"merged {len(self.files)} files from {', '.join(self.annotators) or 'no annotator'}: "
            f"{self.documents_added} documents added, {self.layers_added} layers added, "
            f"{self.layers_replaced} replaced, {self.layers_unchanged} unchanged"
        ]
        if self.stale_decisions:
            lines.append(
                f"{len(self.stale_decisions)} decisions rest on spans that changed: "
                "they are kept and marked stale for another look"
            )
        for path, titles in self.only_in.items():
            lines.append(f"only in {path} ({len(titles)}): {'; '.join(titles)}")
        for path in self.gold_ignored:
            lines.append(f"{path} has a gold layer: left out (gold comes from decisions here)")
        return lines


def layer_fingerprint(spans: Iterable[Span], relations: Iterable[Relation], status: str) -> tuple:
    """What makes two copies of a layer the same work: ids, bounds, labels, notes, status."""
    return (
        sorted(
            (s.id, s.start, s.end, s.label, s.text, _canonical(s.attributes), s.note) for s in spans
        ),
        sorted((r.id, r.from_span, r.to_span, r.type, _canonical(r.attributes)) for r in relations),
        status,
    )


def _canonical(value: dict) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# -- reading the files --------------------------------------------------------------------------


def read_source(path: Path, label_map: Mapping[str, str]) -> SourceFile:
    """Read an annotator's project file (untouched on disk), with labels renamed by `label_map`."""
    try:
        copy = Store.read_copy(path)
    except ProjectError as error:
        raise MergeError(f"cannot merge {path}: {error}") from error
    try:
        labels = _mapped_labels(copy.labels(), label_map)
        source = SourceFile(path, labels, {}, [], has_gold=False)
        for item in copy.iter_layer(None):
            source.documents.setdefault(item.document.sha256, item.document)
            source.layers += _annotator_layers(path, item, label_map)
            source.has_gold |= any(span.annotator == GOLD for span in item.spans)
    finally:
        copy.close()
    return source


def _mapped_labels(labels: list[Label], label_map: Mapping[str, str]) -> list[Label]:
    keys = {label.key for label in labels}
    kept = [label for label in labels if label.key not in label_map]
    targets = sorted({label_map[key] for key in keys & set(label_map)} - {k.key for k in kept})
    return kept + [label_for_key(key, i) for i, key in enumerate(targets)]


def _annotator_layers(
    path: Path, item: LayerDocument, label_map: Mapping[str, str]
) -> list[AnnotatorLayer]:
    statuses = item.status if isinstance(item.status, dict) else {}
    names = (
        set(statuses) | {s.annotator for s in item.spans} | {r.annotator for r in item.relations}
    )
    return [
        AnnotatorLayer(
            path,
            item.document.sha256,
            name,
            tuple(
                replace(s, label=label_map.get(s.label, s.label))
                for s in item.spans
                if s.annotator == name
            ),
            tuple(r for r in item.relations if r.annotator == name),
            statuses.get(name, Status.NEW.value),
        )
        for name in sorted(names - {GOLD})
    ]


# -- checks before anything is written ----------------------------------------------------------


def check_schemas(sources: list[SourceFile], review_keys: set[str] | None) -> None:
    """Every file must have the same labels; and only labels the review project knows, unless
    it is new (`review_keys` None), when it takes the files' labels."""
    first = sources[0]
    for source in sources[1:]:
        if source.label_keys != first.label_keys:
            raise MergeError(
                _schema_difference(
                    source.path, source.label_keys, str(first.path), first.label_keys
                )
            )
    if review_keys is not None and not first.label_keys <= review_keys:
        raise MergeError(
            _schema_difference(first.path, first.label_keys, "the review project", review_keys)
        )


def _schema_difference(path: Path, keys: set[str], other: str, other_keys: set[str]) -> str:
    ours, theirs = sorted(keys - other_keys), sorted(other_keys - keys)
    example = f" (e.g. --map {ours[0]}={theirs[0]})" if ours and theirs else ""
    return (
        f"cannot merge {path}: its label schema differs from {other}'s "
        f"(only in {path.name}: {', '.join(ours) or 'none'}; "
        f"only in {other}: {', '.join(theirs) or 'none'}): "
        f"rename labels with --map OLD=NEW{example}, or give the files the same schema; "
        "nothing was merged"
    )


def choose_layers(sources: list[SourceFile]) -> list[AnnotatorLayer]:
    """One layer per (document, annotator); two files with different work for one are refused."""
    chosen: dict[tuple[str, str], AnnotatorLayer] = {}
    for source in sources:
        for layer in source.layers:
            earlier = chosen.setdefault((layer.sha256, layer.annotator), layer)
            if earlier.fingerprint() != layer.fingerprint():
                title = source.documents[layer.sha256].title or layer.sha256[:12]
                raise MergeError(
                    f"cannot merge: {layer.annotator!r} has different work on “{title}” in "
                    f"{earlier.source} and in {layer.source}; merge only the newer file "
                    "(a later merge replaces that annotator's layer); nothing was merged"
                )
    return list(chosen.values())


def documents_in_one_file(sources: list[SourceFile]) -> dict[str, list[str]]:
    """Per file, the titles of documents no other file of the merge has."""
    if len(sources) < 2:
        return {}
    counts = Counter(sha for source in sources for sha in source.documents)
    only_in = {}
    for source in sources:
        titles = [
            doc.title or sha[:12] for sha, doc in source.documents.items() if counts[sha] == 1
        ]
        if titles:
            only_in[str(source.path)] = titles
    return only_in


# -- planning against the review project ----------------------------------------------------------


@dataclass
class _Plan:
    documents: list[Document] = field(default_factory=list)  # new to the review
    layers: list[LayerDocument] = field(default_factory=list)  # to write
    stale: list[str] = field(default_factory=list)


def _new_documents(
    sources: list[SourceFile], review_docs: dict[str, Document], taken_ids: set[str]
) -> list[Document]:
    """Documents no review document has the text of; keep their ids unless one is taken."""
    added = []
    for source in sources:
        for sha, doc in source.documents.items():
            if sha in review_docs:
                continue
            if doc.id in taken_ids:
                doc = replace(doc, id=new_id())
            taken_ids.add(doc.id)
            review_docs[sha] = doc
            added.append(doc)
    return added


def _changed_span_ids(old: Iterable[Span], new: Iterable[Span]) -> set[str]:
    """Spans of the old layer the new one removed or moved or relabelled."""
    bounds = {s.id: (s.start, s.end, s.label) for s in new}
    return {s.id for s in old if bounds.get(s.id) != (s.start, s.end, s.label)}


def stale_decisions(decisions: Iterable[GoldDecision], changed: set[str]) -> list[str]:
    """Decisions (not yet stale) made on a span that changed: the reviewer must look again."""
    return [
        d.id
        for d in decisions
        if not d.stale and changed & {*d.source_span_ids, *d.candidate_span_ids}
    ]


def _plan(review: Store, sources: list[SourceFile], report: MergeReport) -> _Plan:
    review_docs = {doc.sha256: doc for doc in review.documents()}
    plan = _Plan()
    existing = set(review_docs)
    plan.documents = _new_documents(sources, review_docs, {d.id for d in review_docs.values()})
    changed: dict[str, set[str]] = {}
    for layer in choose_layers(sources):
        document = review_docs[layer.sha256]
        old = review.layers(document.id).get(layer.annotator) if layer.sha256 in existing else None
        old_spans = old or []
        old_relations = review.relations(document.id, layer.annotator) if old is not None else []
        old_status = review.status(document.id, layer.annotator)
        if old is not None and layer_fingerprint(old_spans, old_relations, old_status) == (
            layer.fingerprint()
        ):
            report.layers_unchanged += 1
            continue
        if old is None:
            report.layers_added += 1
        else:
            report.layers_replaced += 1
            changed.setdefault(document.id, set()).update(_changed_span_ids(old_spans, layer.spans))
        plan.layers.append(_into(document, layer))
    for document_id, span_ids in changed.items():
        plan.stale += stale_decisions(review.decisions(document_id), span_ids)
    return plan


def _into(document: Document, layer: AnnotatorLayer) -> LayerDocument:
    """The layer with the review's document id on every span and relation."""
    return LayerDocument(
        document,
        layer.annotator,
        [replace(s, document_id=document.id) for s in layer.spans],
        [replace(r, document_id=document.id) for r in layer.relations],
        layer.status,
    )


def _labels_to_add(review: Store, sources: list[SourceFile]) -> list[Label]:
    known = {label.key for label in review.labels()}
    return [label for label in sources[0].labels if label.key not in known]


# -- the merge ----------------------------------------------------------------------------------


def merge_projects(
    review: Store,
    sources: list[Path],
    progress: Progress | None = None,
    label_map: Mapping[str, str] | None = None,
) -> MergeReport:
    """Merge annotators' project files into `review` in one transaction, or refuse with nothing
    written (MergeError, naming the file and what to do).

    Progress counts files read, then layers written, on one scale of 2 × files.
    """
    if not sources:
        raise MergeError("name at least one annotator's project file to merge")
    label_map = dict(label_map or {})
    paths = [Path(p) for p in sources]
    _refuse_the_review_itself(review, paths)
    files = []
    for done, path in enumerate(paths, start=1):
        files.append(read_source(path, label_map))
        if progress:
            progress(done, 2 * len(paths))
    check_schemas(files, {lab.key for lab in review.labels()} if review.document_count() else None)
    report = MergeReport(
        files=[str(p) for p in paths],
        annotators=sorted({layer.annotator for f in files for layer in f.layers}),
        only_in=documents_in_one_file(files),
        gold_ignored=[str(f.path) for f in files if f.has_gold],
    )
    plan = _plan(review, files, report)
    report.documents_added = len(plan.documents)
    report.stale_decisions = plan.stale
    if not (plan.documents or plan.layers):
        return report  # nothing new: the project is left exactly as it was

    def written(done: int, total: int) -> None:
        if progress:
            progress(len(paths) + done * len(paths) // max(total, 1), 2 * len(paths))

    try:
        review.replace_layers(
            plan.documents, _labels_to_add(review, files), plan.layers, plan.stale, written
        )
    except (ProjectError, ValueError) as error:
        raise MergeError(f"cannot merge: {error}; nothing was merged") from error
    return report


def _refuse_the_review_itself(review: Store, paths: list[Path]) -> None:
    if review.path is None:
        return
    for path in paths:
        if path.exists() and path.resolve() == review.path.resolve():
            raise MergeError(f"{path} is the review project itself: name the annotators' files")
