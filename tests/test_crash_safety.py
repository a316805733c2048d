"""A process killed right after an edit was reported committed loses nothing and leaves a sound file."""

from __future__ import annotations

import re
import sqlite3
import textwrap
from pathlib import Path

import pytest
from killing import run_until_marker

from annotator.model import Document, new_id
from annotator.store import Store

pytestmark = pytest.mark.slow

TEXT = "Gunmen loyal to Bashar Assad ambushed a patrol near Latakia; a monitor said 12 died."

# Runs in the child: adds spans through the store, says so, then waits to be killed.
CHILD = textwrap.dedent(
    """
    import re, sys, time
    from annotator.model import Span, new_id
    from annotator.store import Store

    path, doc_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = Store.open(path)
    text = store.document(doc_id).text
    words = [(m.start(), m.end()) for m in re.finditer(r"\\S+", text)][:count]
    ids = []
    for n, (start, end) in enumerate(words):
        span = Span(new_id(), doc_id, "amal", start, end, "actor", text[start:end])
        store.add_span(span)
        ids.append(span.id)
        if n % 3 == 2:
            store.delete_span(ids.pop(0))
        elif n % 3 == 1:
            old = store.span(ids[-1])
            store.update_span(Span(**{**old.__dict__, "label": "source", "note": f"edit {n}"}))
    store.set_status(doc_id, "amal", "done")
    print("committed", " ".join(ids), flush=True)
    time.sleep(120)
    """
)


@pytest.fixture
def project(project_path) -> tuple[Path, str]:
    store = Store.open(project_path)
    doc = Document(id=new_id(), text=TEXT)
    store.add_documents([doc])
    store.close()
    return project_path, doc.id


def run_and_kill(path: Path, doc_id: str, edits: int) -> list[str]:
    return run_until_marker(CHILD, path, doc_id, edits)


def reopen_and_check(path: Path) -> sqlite3.Connection:
    assert Path(f"{path}-wal").exists(), "the edits should be in the WAL, not yet checkpointed"
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return conn


def expected_spans(edits: int) -> dict[str, tuple[int, int, str, str, str]]:
    """What the child's edit script leaves, computed here on its own from the text."""
    words = list(re.finditer(r"\S+", TEXT))[:edits]
    kept: list[tuple[int, int, str, str, str]] = []
    for n, word in enumerate(words):
        kept.append((word.start(), word.end(), "actor", word.group(), ""))
        if n % 3 == 2:
            kept.pop(0)
        elif n % 3 == 1:
            s, e, _, w, _ = kept[-1]
            kept[-1] = (s, e, "source", w, f"edit {n}")
    return kept


def test_a_killed_process_keeps_the_span_it_reported_committed(project):
    path, doc_id = project
    (span_id,) = run_and_kill(path, doc_id, edits=1)
    conn = reopen_and_check(path)
    rows = conn.execute('SELECT id, start, "end", label, text FROM spans').fetchall()
    assert rows == [(span_id, 0, len("Gunmen"), "actor", "Gunmen")]
    conn.close()
    store = Store.open(path)
    assert store.span(span_id).text == "Gunmen"
    assert store.status(doc_id, "amal") == "done"
    store.close()


def test_a_killed_process_keeps_a_whole_batch_of_edits(project):
    path, doc_id = project
    edits = 14
    ids = run_and_kill(path, doc_id, edits)
    conn = reopen_and_check(path)
    rows = conn.execute(
        'SELECT id, start, "end", label, text, note FROM spans ORDER BY start'
    ).fetchall()
    conn.close()
    assert [row[0] for row in rows] == ids
    assert [row[1:] for row in rows] == expected_spans(edits)
    store = Store.open(path)
    actions = [h["action"] for h in store.history(1000)]
    assert actions.count("add_span") == edits
    assert actions.count("delete_span") == edits // 3
    assert actions.count("update_span") == (edits + 1) // 3
    assert store.status(doc_id, "amal") == "done"
    store.close()
