"""spaCy `DocBin`: every span in `doc.spans["sc"]`, and in `doc.ents` those that overlap no other.

Offsets are code points, as spaCy counts them. Tokens are the regex tokens of `tokens.py`, cut
further wherever a span starts or ends inside one, so `doc.char_span(start, end)` finds every
span. Each span keeps its id (`span.id_`); `doc.user_data` holds the document id, title and
annotator. Not carried: notes, attributes, relations, status. Needs the extra `annotator[spacy]`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..atomic_file import atomic_binary
from ..model import Label, Span
from ..store import LayerDocument
from .tokens import split_at, tokenize
from .writing import checked_spans

OFFSET_UNIT = "code points"


def _spacy():
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError as error:
        raise RuntimeError(
            "the spaCy export needs spaCy: install the extra with pip install 'annotator[spacy]'"
        ) from error
    return spacy, DocBin


def words_and_spaces(text: str, spans: list[Span]) -> tuple[list[str], list[bool]]:
    """spaCy's token form of the text: words, and whether one space follows each.

    White space other than a single space after a word becomes a token of its own, as spaCy's
    tokenizer does, so the Doc's text is exactly ours.
    """
    cuts = {p for span in spans for p in (span.start, span.end)}
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for start, end in split_at(tokenize(text), cuts) + [(len(text), len(text))]:
        gap = text[position:start]
        if gap.startswith(" ") and words:
            spaces[-1], gap = True, gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if end > start:
            words.append(text[start:end])
            spaces.append(False)
        position = end
    return words, spaces


def isolated(spans: list[Span]) -> list[Span]:
    """The spans that overlap no other span (ents must not overlap; the rest stay in "sc")."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    starts = [s.start for s in ordered[1:]] + [float("inf")]
    keep, reach = [], -1
    for span, next_start in zip(ordered, starts):
        if span.start >= reach and span.end <= next_start:
            keep.append(span)
        reach = max(reach, span.end)
    return keep


def to_doc(nlp, item: LayerDocument):
    from spacy.tokens import Doc

    spans = checked_spans(item)
    text = item.document.text
    words, spaces = words_and_spaces(text, spans)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:
        raise ValueError(f"document {item.document.id}: spaCy tokens do not rebuild the text")
    found = {s.id: doc.char_span(s.start, s.end, label=s.label, span_id=s.id) for s in spans}
    doc.spans["sc"] = list(found.values())
    doc.ents = [found[s.id] for s in isolated(spans)]
    doc.user_data.update(
        {"document_id": item.document.id, "title": item.document.title, "annotator": item.annotator}
    )
    return doc


def write_spacy(items: Iterable[LayerDocument], out: Path, labels: list[Label]) -> int:
    spacy, DocBin = _spacy()
    nlp = spacy.blank("xx")
    docs = DocBin(store_user_data=True)
    count = 0
    for item in items:
        docs.add(to_doc(nlp, item))
        count += 1
    with atomic_binary(out) as tmp:
        docs.to_disk(tmp)
    return count
