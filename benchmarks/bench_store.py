"""The store, importers and exporters on a 10,000-document corpus, against raw sqlite3 and json."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from pathlib import Path

from annotator.exporting import export
from annotator.formats.jsonl import layer_record
from annotator.importing import import_paths
from annotator.model import Document
from annotator.store import Store

from .corpus import article, spans_over
from .measure import Row, median_ms

ARTICLES = 10_000
ARTICLE_CHARS = 5_000
SPANS_PER_DOCUMENT = 50


def write_articles(folder: Path, count: int = ARTICLES, chars: int = ARTICLE_CHARS) -> int:
    """`count` article files of about `chars` characters; returns the bytes written."""
    rng = random.Random(5)
    folder.mkdir()
    size = 0
    for i in range(count):
        data = f"Article {i}\n{article(rng, chars)}\n".encode()
        (folder / f"{i:05d}.txt").write_bytes(data)
        size += len(data)
    return size


def raw_insert_seconds(documents: list[Document], path: Path) -> float:
    """The floor: the same rows into the same table shape (columns and indexes) with sqlite3
    executemany, WAL, one commit."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE documents (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, title TEXT, "
        "text TEXT, meta TEXT, position INTEGER, created TEXT, text_length INTEGER, date TEXT)"
    )
    conn.execute(
        "CREATE INDEX documents_in_list_order ON documents(position, id, title, text_length, date)"
    )
    rows = [
        (d.id, d.sha256, d.title, d.text, json.dumps(d.meta), i, "2026-01-01", len(d.text), "")
        for i, d in enumerate(documents)
    ]
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def import_row(folder: Path, rounds: int = 7) -> Row:
    """Import and raw insert, interleaved `rounds` times into fresh files; the median of each.

    Both end in an fsync of ~55 MB, whose time on a shared virtual disk swings by 2x from one
    minute to the next: interleaving lets both sides see the same disk.
    """
    articles = folder / "articles"
    size = write_articles(articles)
    imports, raws = [], []
    for n in range(rounds):
        store = Store.open(folder / f"import{n}.annotator")
        calls: list[tuple[int, int]] = []
        started = time.perf_counter()
        result = import_paths(
            store, [articles], "bench", lambda done, total: calls.append((done, total))
        )
        imports.append(time.perf_counter() - started)
        assert len(result.report.added) == ARTICLES and not result.errors, result.summary()
        assert calls and calls[-1][0] == calls[-1][1], "the import should report its progress"
        raws.append(raw_insert_seconds(list(store.documents()), folder / f"raw{n}.sqlite"))
        store.close()
        _remove_database(folder / f"import{n}.annotator")
        _remove_database(folder / f"raw{n}.sqlite")
    return Row(
        f"import {ARTICLES:,} articles ({size / 1e6:.0f} MB) from .txt files",
        ARTICLES / statistics.median(imports),
        ARTICLES / 3.0,
        "rows/s",
        ARTICLES / statistics.median(raws),
        "raw sqlite3 executemany",
        higher_is_better=True,
        floor_ratio=0.5,
    )


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def project_for_export(path: Path) -> Store:
    rng = random.Random(9)
    store = Store.open(path)
    documents, spans = [], []
    for i in range(ARTICLES):
        doc = Document(id=f"doc-{i:05d}", text=article(rng, 2_000), title=f"Article {i}")
        documents.append(doc)
        spans += spans_over(doc.text, doc.id, SPANS_PER_DOCUMENT, rng)
    store.add_documents(documents, spans)
    return store


def export_row(folder: Path) -> Row:
    store = project_for_export(folder / "export.annotator")
    out = folder / "export.jsonl"
    written: list[int] = []
    # The median of three: one export is a single ~2 s sample on a machine whose neighbours
    # come and go.
    elapsed = median_ms(lambda: written.append(export(store, "jsonl", out, "bench")), 3)
    assert written == [ARTICLES] * 3
    records = [layer_record(item) for item in store.iter_layer("bench")]
    started = time.perf_counter()
    for record in records:
        json.dumps(record, ensure_ascii=False)
    baseline = (time.perf_counter() - started) * 1000
    store.close()
    return Row(
        f"export {ARTICLES:,} documents, {ARTICLES * SPANS_PER_DOCUMENT:,} spans, native JSONL",
        elapsed,
        2000,
        "ms",
        baseline,
        "json.dumps of the same records",
    )


def store_rows(folder: Path) -> list[Row]:
    return [import_row(folder), export_row(folder)]
