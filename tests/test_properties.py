"""Property tests: any Unicode text with any spans survives store → every readable format → import."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.exporting import export
from annotator.importing import import_paths
from annotator.model import Document, Span, normalise_text
from annotator.store import Store

# Formats in exporting.FORMATS that have a reader in importing.IMPORT_FORMATS.
READABLE = ["jsonl", "brat", "doccano", "labelstudio"]
HARD = "\U0001f642\U0001f1f8\U0001f1fe\u0301\u0651\u0627\u0644\u05e9\u2028\u2029\r\n\x00\u200f"
CHARS = st.one_of(
    st.sampled_from(list(HARD) + ["\r\n", " ", "a", "Z", "9"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
TEXTS = st.lists(CHARS, min_size=1, max_size=60).map("".join).map(normalise_text)


@st.composite
def documents_with_spans(draw) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(TEXTS.filter(lambda t: t.strip()))
    bounds = st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)))
    raw = draw(st.lists(bounds, max_size=6))
    labels = st.sampled_from(["actor", "location"])
    spans = sorted({(s, e, draw(labels)) for s, e in raw if s < e and text[s:e].strip()})
    return text, spans


def layer(store: Store, annotator: str) -> list[tuple[int, int, str, str]]:
    ((doc,),) = [list(store.documents())]
    return sorted((s.start, s.end, s.label, s.text) for s in store.spans(doc.id, annotator))


@pytest.mark.parametrize("format_name", READABLE)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=documents_with_spans())
def test_texts_and_offsets_survive_every_readable_format(format_name, case):
    text, bounds = case
    if format_name == "brat":
        text = text.replace("\x00", "x")  # see test_a_nul_character_survives_brat
        # brat cuts spans at line breaks into fragments; one that starts or ends with a break
        # comes back without it (test_a_span_ending_in_a_line_break_survives_brat). The app
        # trims selections, so only imported spans can be like that.
        bounds = [(s, e, lab) for s, e, lab in bounds if text[s:e] == text[s:e].strip()]
    round_trip(format_name, text, bounds)


def test_a_span_cutting_a_word_survives_doccano():
    round_trip("doccano", "\U0001f642\u0627a\U0001f642", [(2, 4, "actor")])


def test_a_nul_character_survives_brat():
    round_trip("brat", "Gunmen\x00 attacked", [(0, 6, "actor")])


@pytest.mark.xfail(strict=True, reason="found here: brat drops a span's trailing line break")
def test_a_span_ending_in_a_line_break_survives_brat():
    round_trip("brat", "\U0001f642\nx", [(0, 2, "actor")])


def round_trip(format_name: str, text: str, bounds: list[tuple[int, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Store.open(Path(tmp) / "source.annotator")
        doc = Document(id="doc", text=text, title="t")
        spans = [
            Span(f"s{i}", doc.id, "amal", s, e, label, text[s:e])
            for i, (s, e, label) in enumerate(bounds)
        ]
        source.add_documents([doc], spans)
        out = Path(tmp) / f"out.{format_name}"
        export(source, format_name, out, "amal")
        expected = layer(source, "amal")
        source.close()
        target = Store.open(Path(tmp) / "target.annotator")
        result = import_paths(target, [out], "amal", format_name=format_name)
        assert not result.errors, result.errors
        ((back,),) = [list(target.documents())]
        assert back.text == text
        assert layer(target, "amal") == expected
        target.close()
