"""Writes tests/data/schemaN.annotator: a project at each earlier schema version, with content.

Schema 1 must be written by the code of that time, so run this with an old checkout first:
    git archive fc9949b annotator | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old python tests/data/make_fixtures.py 1
Later versions are the schema-1 file taken forward by the current migrations, with rows added to
the tables each one created (run with the current code): python tests/data/make_fixtures.py 2 3
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXT = "Gunmen loyal to Bashar al-Assad 🇸🇾 attacked a checkpoint near اللاذقية, killing 14, a monitor said."
# Rows for the tables that migrations 2 to 4 create; the test checks they survive later ones.
LATER_ROWS = {
    2: "INSERT INTO rejected_suggestions VALUES ('doc-1', 'amal', 'Gunmen', 'actor', '2026-01-01')",
    3: "INSERT INTO project_settings VALUES ('fixture', 'schema 3', '2026-01-01')",
    4: "INSERT INTO decisions (id, document_id, decision, reviewer, time, source_span_ids) "
    "VALUES ('decision-1', 'doc-1', 'rejected', 'rev', '2026-01-01', '[\"span-actor\"]')",
}


def write_schema1(path: Path) -> None:
    from annotator.model import Document, Label, Relation, Span
    from annotator.store import SCHEMA_VERSION, Store

    assert SCHEMA_VERSION == 1, "run schema 1 with the old checkout on PYTHONPATH"
    labels = [Label("actor", "Actor", "#1f77b4", "1"), Label("source", "Source", "#d62728", "4")]
    store = Store.open(path, labels=labels)
    store.add_documents([Document(id="doc-1", text=TEXT, title="Fixture article")])
    actor = Span("span-actor", "doc-1", "amal", 0, 6, "actor", "Gunmen", note="<b>x</b>")
    store.add_span(actor)
    source = Span("span-source", "doc-1", "amal", 84, 93, "source", TEXT[84:93])
    store.add_span(
        source, [Relation("rel-1", "doc-1", "amal", "span-actor", "span-source", "said_by")]
    )
    store.set_status("doc-1", "amal", "done")
    store.close()
    _checkpoint(path)


def write_later(version: int) -> None:
    from annotator.store import MIGRATIONS, _split_sql

    path = HERE / f"schema{version}.annotator"
    shutil.copy(HERE / f"schema{version - 1}.annotator", path)
    conn = sqlite3.connect(path)
    with conn:
        for statement in _split_sql(MIGRATIONS[version - 1]):
            conn.execute(statement)
        conn.execute(LATER_ROWS[version])
        conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    _checkpoint(path)


def _checkpoint(path: Path) -> None:
    """One self-contained file: no -wal beside it, journal mode back to DELETE."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        version = int(arg)
        if version == 1:
            write_schema1(HERE / "schema1.annotator")
        else:
            write_later(version)
