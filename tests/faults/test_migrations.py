"""Every earlier schema version in tests/data opens with the current code: content kept, backup made."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.store import SCHEMA_VERSION, Store

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted(DATA.glob("schema*.annotator"))
TEXT = "Gunmen loyal to Bashar al-Assad 🇸🇾 attacked a checkpoint near اللاذقية, killing 14, a monitor said."


def version_of(path: Path) -> int:
    return int(path.stem.removeprefix("schema"))


def test_fixtures_cover_schemas_one_to_three_without_gaps():
    versions = [version_of(p) for p in FIXTURES]
    assert versions == list(range(1, len(versions) + 1))
    assert len(versions) >= 3


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
    finally:
        conn.close()
