"""Every earlier schema version in tests/data opens with the current code: content kept, backup made."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.model import Span
from annotator.store import SCHEMA_VERSION, ProjectError, Store

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(DATA.glob("schema*.annotator"))
TEXT = "Gunmen loyal to Bashar al-Assad 🇸🇾 attacked a checkpoint near اللاذقية, killing 14, a monitor said."


def version_of(path: Path) -> int:
    return int(path.stem.removeprefix("schema"))


def test_fixtures_cover_every_earlier_schema():
    assert [version_of(p) for p in FIXTURES] == list(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_an_old_project_upgrades_and_keeps_everything(fixture, tmp_path):
    path = tmp_path / "old.annotator"
    shutil.copy(fixture, path)
    original = path.read_bytes()
    store = Store.open(path)
    try:
        assert store.schema_version == SCHEMA_VERSION
        (doc,) = store.documents()
        assert (doc.id, doc.title, doc.text) == ("doc-1", "Fixture article", TEXT)
        spans = {s.id: s for s in store.spans("doc-1", "amal")}
        assert (spans["span-actor"].text, spans["span-actor"].note) == ("Gunmen", "<b>x</b>")
        assert spans["span-source"].text == TEXT[84:93] == "a monitor"
        (relation,) = store.relations("doc-1", "amal")
        assert (relation.from_span, relation.to_span, relation.type) == (
            "span-actor",
            "span-source",
            "said_by",
        )
        assert store.status("doc-1", "amal") == "done"
        assert {label.key for label in store.labels()} >= {"actor", "source"}
    finally:
        store.close()
    version = version_of(fixture)
    backup = tmp_path / f"old.annotator.schema{version}.bak"
    if version < SCHEMA_VERSION:
        assert backup.read_bytes() == original or _same_content(backup, fixture)
    _later_rows_survive(path, version)


def _same_content(a: Path, b: Path) -> bool:
    """The backup API may lay pages out differently; compare what the files hold instead."""
    dump = [list(sqlite3.connect(p).iterdump()) for p in (a, b)]
    return dump[0] == dump[1]


def _later_rows_survive(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        if version >= 2:
            rejected = conn.execute("SELECT text, label FROM rejected_suggestions").fetchall()
            assert rejected == [("Gunmen", "actor")]
        if version >= 3:
            setting = conn.execute("SELECT value FROM project_settings WHERE key = 'fixture'")
            assert setting.fetchall() == [("schema 3",)]
        if version >= 4:
            decision = conn.execute("SELECT id, decision, source_span_ids FROM decisions")
            assert decision.fetchall() == [("decision-1", "rejected", '["span-actor"]')]
    finally:
        conn.close()


def test_the_document_list_facts_are_stored_when_an_old_project_upgrades(tmp_path):
    """Schema 5 stores each document's length and date for the list: measured as Python does,
    also for a text holding a NUL (SQLite's length() stops there) or a date that is no text."""
    path = tmp_path / "old.annotator"
    shutil.copy(DATA / "schema4.annotator", path)
    texts = {"doc-nul": "Shelling\x00 in Idlib 🇸🇾", "doc-dated": "Clashes near Latakia."}
    conn = sqlite3.connect(path)
    with conn:
        for position, (doc_id, meta) in enumerate(
            [("doc-nul", '{"date": 2024}'), ("doc-dated", '{"date": "2024-02-06"}')], start=1
        ):
            conn.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, '2026-01-01')",
                (doc_id, f"hash-{doc_id}", doc_id, texts[doc_id], meta, position),
            )
    conn.close()
    store = Store.open(path)
    try:
        listed = {row.id: (row.length, row.date) for row in store.document_summaries("amal")}
        assert listed == {
            "doc-1": (len(TEXT), ""),
            "doc-nul": (len(texts["doc-nul"]), ""),
            "doc-dated": (len(texts["doc-dated"]), "2024-02-06"),
        }
    finally:
        store.close()


def test_a_read_only_project_of_an_earlier_schema_opens_read_only_and_untouched(
    tmp_path, monkeypatch
):
    """It cannot be upgraded in place, so it is read as merging reads files: upgraded in memory."""
    path = tmp_path / "old.annotator"
    shutil.copy(DATA / "schema4.annotator", path)
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        "annotator.store.os.access",
        lambda target, mode: False if mode & os.W_OK else real_access(target, mode),
    )
    store = Store.open(path)
    try:
        assert store.readonly and store.schema_version == SCHEMA_VERSION
        (doc,) = store.documents()
        assert doc.text == TEXT
        assert [row.length for row in store.document_summaries("amal")] == [len(TEXT)]
        with pytest.raises(ProjectError, match="read-only"):
            store.add_span(Span("new", "doc-1", "amal", 0, 6, "actor", "Gunmen"))
    finally:
        store.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.annotator"]  # no backup beside it
