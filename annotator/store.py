"""The project file: all SQL, numbered migrations and one transaction per user action.

Every mutation returns a `Changes` describing what it did, so views refresh only what changed and
undo commands know what to restore.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from sqlite_utils import Database

from .model import (
    Document,
    Label,
    Relation,
    Span,
    SpanError,
    Status,
    check_span_text,
    now_iso,
)
from .shipped import default_labels

SQLITE_HEADER = b"SQLite format 3\x00"
GOLD = "gold"

Progress = Callable[[int, int], None]


class ProjectError(Exception):
    """The project file cannot be used as asked; the message names the file and what to do."""


@dataclass
class Changes:
    """What one store operation changed, for views to refresh and undo to reverse."""

    document_id: str = ""
    spans_added: list[Span] = field(default_factory=list)
    spans_removed: list[Span] = field(default_factory=list)
    spans_updated: list[tuple[Span, Span]] = field(default_factory=list)
    relations_added: list[Relation] = field(default_factory=list)
    relations_removed: list[Relation] = field(default_factory=list)
    status: str | None = None


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    title: str
    status: str
    span_count: int
    length: int
    date: str


@dataclass
class AddReport:
    """What adding documents did: which were new and which already existed (same text hash)."""

    added: list[Document] = field(default_factory=list)
    duplicates: list[tuple[Document, str]] = field(default_factory=list)
    spans: int = 0
    relations: int = 0


@dataclass(frozen=True)
class LayerDocument:
    """One document with one layer's spans, relations and status: the unit every format exports."""

    document: Document
    annotator: str
    spans: list[Span]
    relations: list[Relation]
    status: str | dict


_MIGRATION_1 = """
CREATE TABLE labels (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    shortcut TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);
CREATE TABLE annotators (
    name TEXT PRIMARY KEY,
    created TEXT NOT NULL
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE spans (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    annotator TEXT NOT NULL REFERENCES annotators(name),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    label TEXT NOT NULL REFERENCES labels(key),
    text TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX spans_by_document ON spans(document_id, annotator);
CREATE TABLE relations (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    annotator TEXT NOT NULL REFERENCES annotators(name),
    from_span TEXT NOT NULL REFERENCES spans(id),
    to_span TEXT NOT NULL REFERENCES spans(id),
    type TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL
);
CREATE INDEX relations_by_document ON relations(document_id, annotator);
CREATE TABLE statuses (
    document_id TEXT NOT NULL REFERENCES documents(id),
    annotator TEXT NOT NULL REFERENCES annotators(name),
    status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    updated TEXT NOT NULL,
    PRIMARY KEY (document_id, annotator)
);
CREATE TABLE history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    annotator TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
"""

# Index i holds the script that takes a project from schema version i to i + 1.
MIGRATIONS: list[str] = [_MIGRATION_1]
SCHEMA_VERSION = len(MIGRATIONS)


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _span_row(span: Span) -> tuple:
    return (
        span.id,
        span.document_id,
        span.annotator,
        span.start,
        span.end,
        span.label,
        span.text,
        _json(span.attributes),
        span.note,
        span.created,
        span.updated,
    )


def _span_from_row(row: tuple) -> Span:
    return Span(
        id=row[0],
        document_id=row[1],
        annotator=row[2],
        start=row[3],
        end=row[4],
        label=row[5],
        text=row[6],
        attributes=json.loads(row[7]),
        note=row[8],
        created=row[9],
        updated=row[10],
    )


def _relation_row(rel: Relation) -> tuple:
    return (
        rel.id,
        rel.document_id,
        rel.annotator,
        rel.from_span,
        rel.to_span,
        rel.type,
        _json(rel.attributes),
        now_iso(),
    )


def _relation_from_row(row: tuple) -> Relation:
    return Relation(
        id=row[0],
        document_id=row[1],
        annotator=row[2],
        from_span=row[3],
        to_span=row[4],
        type=row[5],
        attributes=json.loads(row[6]),
    )


def _document_from_row(row: tuple) -> Document:
    return Document(id=row[0], sha256=row[1], title=row[2], text=row[3], meta=json.loads(row[4]))


_SPAN_COLUMNS = (
    'id, document_id, annotator, start, "end", label, text, attributes, note, created, updated'
)
_RELATION_COLUMNS = "id, document_id, annotator, from_span, to_span, type, attributes"
_DOCUMENT_COLUMNS = "id, sha256, title, text, meta"


def _span_dict(span: Span) -> str:
    return _json(
        {
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "text": span.text,
            "attributes": span.attributes,
            "note": span.note,
            "document_id": span.document_id,
        }
    )


def check_project_file(path: Path) -> None:
    """Refuse a file that exists but is not SQLite, before SQLite gets a chance to misread it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise ProjectError(f"{path} is a folder, not a project file: name a .annotator file")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise ProjectError(
            f"{path} is not an Annotator project (not a SQLite database): "
            "check the path, or restore the file from a backup"
        )


class Store:
    """An open project file. One per thread: workers open their own."""

    def __init__(self, db: Database, path: Path | None, readonly: bool = False) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly
        self._text = lru_cache(maxsize=8)(self._load_text)

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = True, labels: Iterable[Label] | None = None
    ) -> Store:
        """Open (or create, seeding `labels` or the default schema) a project file."""
        path = Path(path)
        check_project_file(path)
        if not path.exists() and not create:
            raise ProjectError(f"{path} does not exist: check the path or create a project")
        readonly = path.exists() and not os.access(path, os.W_OK)
        if not path.exists() and not os.access(
            path.parent if path.parent.exists() else ".", os.W_OK
        ):
            raise ProjectError(f"cannot create {path}: the folder is not writable")
        conn = cls._connect(path, readonly)
        store = cls(Database(conn), path, readonly)
        try:
            store._check_and_migrate(labels)
            # Only now: WAL is persistent, and a file we refuse must be left as it was.
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def memory(cls, labels: Iterable[Label] | None = None) -> Store:
        store = cls(Database(memory=True), None)
        store.db.execute("PRAGMA foreign_keys = ON")
        store._check_and_migrate(labels)
        return store

    @staticmethod
    def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(path), check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as error:
            raise ProjectError(f"cannot open {path}: {error}") from error
        return conn

    def _check_and_migrate(self, labels: Iterable[Label] | None) -> None:
        try:
            check = self.db.execute("PRAGMA quick_check").fetchone()[0]
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            tables = set(self.db.table_names())
        except sqlite3.DatabaseError as error:
            raise ProjectError(
                f"{self.path} is damaged ({error}): restore it from a backup"
            ) from error
        if check != "ok":
            raise ProjectError(
                f"{self.path} failed its integrity check ({check}): restore a backup"
            )
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{self.path} was written by a newer Annotator (schema {version}; this version "
                f"reads up to {SCHEMA_VERSION}): upgrade Annotator to open it"
            )
        if version == 0 and tables:
            raise ProjectError(
                f"{self.path} is a SQLite file but not an Annotator project "
                f"(it has tables {', '.join(sorted(tables)[:5])}): choose another file"
            )
        if version < SCHEMA_VERSION:
            if self.readonly:
                raise ProjectError(
                    f"{self.path} needs upgrading but is read-only: make it writable"
                )
            if version > 0 and self.path is not None:
                self.backup(self.path.with_name(f"{self.path.name}.schema{version}.bak"))
            self._migrate(version)
            if version == 0:
                with self.db.atomic():
                    self._insert_labels(list(labels if labels is not None else default_labels()))

    def _migrate(self, version: int) -> None:
        for target, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.db.atomic():
                for statement in _split_sql(script):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {target}")

    def backup(self, target: Path) -> Path:
        """A consistent copy through SQLite's backup API, safe while the project is in use."""
        dest = sqlite3.connect(str(target))
        try:
            self.db.conn.backup(dest)
        finally:
            dest.close()
        return target

    def close(self) -> None:
        self.db.conn.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _writable(self) -> None:
        if self.readonly:
            raise ProjectError(f"{self.path} is read-only: your change was not saved")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One user action: all of it is committed, or nothing and a ProjectError saying why.

        BEGIN IMMEDIATE takes the write lock first, so a project another connection is writing
        is waited for (busy_timeout); a deferred transaction that has already read fails at once.
        """
        conn = self.db.conn
        try:
            if conn.in_transaction:
                with self.db.atomic():
                    yield
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                conn.execute("COMMIT")
            except BaseException:
                conn.rollback()
                raise
        except sqlite3.OperationalError as error:
            reason = str(error)
            if "locked" in reason or "busy" in reason:
                reason = "another program is writing to it; try again when it has finished"
            raise ProjectError(f"{self.path}: your change was not saved ({reason})") from error

    # -- labels and annotators ------------------------------------------------------------

    def labels(self) -> list[Label]:
        rows = self.db.execute(
            "SELECT key, name, color, shortcut, description FROM labels ORDER BY position"
        ).fetchall()
        return [Label(*row) for row in rows]

    def add_labels(self, labels: Iterable[Label]) -> list[Label]:
        """Add labels whose keys are new; return those added. Existing keys are left as they are."""
        self._writable()
        known = self._label_keys()
        fresh = [label for label in labels if label.key not in known]
        with self._transaction():
            self._insert_labels(fresh)
        return fresh

    def _insert_labels(self, labels: list[Label]) -> None:
        start = self.db.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM labels").fetchone()[0]
        self.db.conn.executemany(
            "INSERT INTO labels (key, name, color, shortcut, description, position) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (lab.key, lab.name, lab.color, lab.shortcut, lab.description, start + i)
                for i, lab in enumerate(labels)
            ],
        )

    def _label_keys(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT key FROM labels")}

    def annotators(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM annotators ORDER BY name")]

    def _ensure_annotators(self, names: Iterable[str]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO annotators (name, created) VALUES (?, ?)",
            [(name, now_iso()) for name in set(names)],
        )

    # -- documents ------------------------------------------------------------------------

    def add_documents(
        self,
        documents: Iterable[Document],
        spans: Iterable[Span] = (),
        relations: Iterable[Relation] = (),
        statuses: Iterable[tuple[str, str, str]] = (),
        labels: Iterable[Label] = (),
        progress: Progress | None = None,
    ) -> AddReport:
        """Add documents (and the layers and labels that came with them) in one transaction.

        A document whose text hash is already in the project is not added again; annotations
        that came with it are attached to the existing document. Any invalid span aborts the
        whole call, so nothing is half-added.
        """
        self._writable()
        documents, spans = list(documents), list(spans)
        report = AddReport()
        with self._transaction():
            self._insert_labels([lab for lab in labels if lab.key not in self._label_keys()])
            self._check_spans(documents, spans)
            id_map = self._insert_documents(documents, report, progress)
            report.spans, report.relations = self._insert_layers(
                id_map, list(spans), list(relations), list(statuses)
            )
            self._log("import", "documents", after={"added": len(report.added)})
        return report

    def _insert_documents(
        self, documents: list[Document], report: AddReport, progress: Progress | None
    ) -> dict[str, str]:
        existing = dict(self.db.execute("SELECT sha256, id FROM documents").fetchall())
        position = self.db.execute(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM documents"
        ).fetchone()[0]
        id_map: dict[str, str] = {}
        rows = []
        created = now_iso()
        for i, doc in enumerate(documents):
            if doc.sha256 in existing:
                report.duplicates.append((doc, existing[doc.sha256]))
            else:
                existing[doc.sha256] = doc.id
                rows.append(
                    (doc.id, doc.sha256, doc.title, doc.text, _json(doc.meta), position, created)
                )
                report.added.append(doc)
                position += 1
            id_map[doc.id] = existing[doc.sha256]
            if progress and (i % 200 == 0 or i == len(documents) - 1):
                progress(i + 1, len(documents))
        self.db.conn.executemany(
            "INSERT INTO documents (id, sha256, title, text, meta, position, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return id_map

    def _insert_layers(
        self,
        id_map: dict[str, str],
        spans: list[Span],
        relations: list[Relation],
        statuses: list[tuple[str, str, str]],
    ) -> tuple[int, int]:
        def remap(doc_id: str) -> str:
            return id_map.get(doc_id, doc_id)

        self._ensure_annotators(
            [s.annotator for s in spans]
            + [r.annotator for r in relations]
            + [a for _, a, _ in statuses]
        )
        span_rows = [_span_row(replace(s, document_id=remap(s.document_id))) for s in spans]
        self.db.conn.executemany(
            f"INSERT OR IGNORE INTO spans ({_SPAN_COLUMNS}) VALUES ({', '.join('?' * 11)})",
            span_rows,
        )
        rel_rows = [_relation_row(replace(r, document_id=remap(r.document_id))) for r in relations]
        self.db.conn.executemany(
            f"INSERT OR IGNORE INTO relations ({_RELATION_COLUMNS}, created) "
            f"VALUES ({', '.join('?' * 8)})",
            rel_rows,
        )
        self.db.conn.executemany(
            "INSERT INTO statuses (document_id, annotator, status, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (document_id, annotator) DO UPDATE SET status = excluded.status, "
            "updated = excluded.updated",
            [(remap(d), a, st, now_iso()) for d, a, st in statuses],
        )
        return len(span_rows), len(rel_rows)

    def document(self, document_id: str) -> Document:
        row = self.db.execute(
            f"SELECT {_DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id} in {self.path}")
        return _document_from_row(row)

    def _load_text(self, document_id: str) -> str:
        return self.document(document_id).text

    def document_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def documents(self) -> Iterator[Document]:
        for row in self.db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY position"):
            yield _document_from_row(row)

    def document_summaries(self, annotator: str) -> list[DocumentSummary]:
        """Every document with this annotator's status and span count, in import order."""
        rows = self.db.execute(
            """
            SELECT d.id, d.title, COALESCE(st.status, 'new'),
                   (SELECT COUNT(*) FROM spans s WHERE s.document_id = d.id AND s.annotator = :a),
                   length(d.text), COALESCE(json_extract(d.meta, '$.date'), '')
            FROM documents d
            LEFT JOIN statuses st ON st.document_id = d.id AND st.annotator = :a
            ORDER BY d.position
            """,
            {"a": annotator},
        ).fetchall()
        return [DocumentSummary(*row) for row in rows]

    # -- spans ----------------------------------------------------------------------------

    def spans(self, document_id: str, annotator: str | None = None) -> list[Span]:
        sql = f"SELECT {_SPAN_COLUMNS} FROM spans WHERE document_id = ?"
        params: list = [document_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        rows = self.db.execute(sql + ' ORDER BY start, "end" DESC, id', params).fetchall()
        return [_span_from_row(r) for r in rows]

    def span(self, span_id: str) -> Span:
        row = self.db.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return _span_from_row(row)

    def add_span(self, span: Span, relations: Iterable[Relation] = ()) -> Changes:
        """Store one span (and relations it had, when undoing a delete) in one transaction."""
        self._writable()
        self._check_span(span)
        stamp = now_iso()
        span = _stamped(span, stamp)
        relations = list(relations)
        with self._transaction():
            self._ensure_annotators([span.annotator])
            self.db.execute(
                f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES ({', '.join('?' * 11)})",
                _span_row(span),
            )
            self.db.conn.executemany(
                f"INSERT INTO relations ({_RELATION_COLUMNS}, created) VALUES ({', '.join('?' * 8)})",
                [_relation_row(r) for r in relations],
            )
            self._log("add_span", span.id, after=_span_dict(span), annotator=span.annotator)
            status = self._touch_status(span.document_id, span.annotator)
        return Changes(
            span.document_id, spans_added=[span], relations_added=relations, status=status
        )

    def delete_span(self, span_id: str) -> Changes:
        """Remove a span and the relations that hang on it; the Changes carry both for undo."""
        self._writable()
        span = self.span(span_id)
        relations = self._relations_of_span(span_id)
        with self._transaction():
            self.db.execute(
                "DELETE FROM relations WHERE from_span = ? OR to_span = ?", [span_id, span_id]
            )
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._log("delete_span", span.id, before=_span_dict(span), annotator=span.annotator)
            status = self._touch_status(span.document_id, span.annotator)
        return Changes(
            span.document_id, spans_removed=[span], relations_removed=relations, status=status
        )

    def update_span(self, span: Span) -> Changes:
        """Replace a span's bounds, label, attributes or note, keeping its id."""
        self._writable()
        old = self.span(span.id)
        self._check_span(span)
        span = _stamped(span, now_iso(), created=old.created)
        with self._transaction():
            self.db.execute(
                'UPDATE spans SET start = ?, "end" = ?, label = ?, text = ?, attributes = ?, '
                "note = ?, updated = ? WHERE id = ?",
                [
                    span.start,
                    span.end,
                    span.label,
                    span.text,
                    _json(span.attributes),
                    span.note,
                    span.updated,
                    span.id,
                ],
            )
            self._log(
                "update_span",
                span.id,
                before=_span_dict(old),
                after=_span_dict(span),
                annotator=span.annotator,
            )
            status = self._touch_status(span.document_id, span.annotator)
        return Changes(span.document_id, spans_updated=[(old, span)], status=status)

    def _check_span(self, span: Span) -> None:
        if span.annotator == GOLD:
            raise SpanError("the gold layer is written only through adjudication decisions")
        try:
            text = self._text(span.document_id)
        except KeyError as error:
            raise SpanError(str(error)) from error
        check_span_text(text, span)
        if span.label not in self._label_keys():
            raise SpanError(f"unknown label {span.label!r}: add it to the project's schema first")

    def _check_spans(self, documents: list[Document], spans: list[Span]) -> None:
        texts = {doc.id: doc.text for doc in documents}
        keys = self._label_keys()
        for span in spans:
            text = texts.get(span.document_id)
            check_span_text(text if text is not None else self._text(span.document_id), span)
            if span.label not in keys:
                raise SpanError(f"span {span.id} has unknown label {span.label!r}")

    # -- relations ------------------------------------------------------------------------

    def relations(self, document_id: str, annotator: str | None = None) -> list[Relation]:
        sql = f"SELECT {_RELATION_COLUMNS} FROM relations WHERE document_id = ?"
        params: list = [document_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        return [
            _relation_from_row(r) for r in self.db.execute(sql + " ORDER BY created, id", params)
        ]

    def _relations_of_span(self, span_id: str) -> list[Relation]:
        rows = self.db.execute(
            f"SELECT {_RELATION_COLUMNS} FROM relations WHERE from_span = ? OR to_span = ?",
            [span_id, span_id],
        ).fetchall()
        return [_relation_from_row(r) for r in rows]

    # -- statuses -------------------------------------------------------------------------

    def status(self, document_id: str, annotator: str) -> str:
        row = self.db.execute(
            "SELECT status FROM statuses WHERE document_id = ? AND annotator = ?",
            [document_id, annotator],
        ).fetchone()
        return row[0] if row else Status.NEW.value

    def set_status(self, document_id: str, annotator: str, status: str) -> Changes:
        self._writable()
        Status(status)
        old = self.status(document_id, annotator)
        with self._transaction():
            self._ensure_annotators([annotator])
            self._write_status(document_id, annotator, status)
            self._log(
                "set_status",
                document_id,
                before=_json({"status": old}),
                after=_json({"status": status}),
                annotator=annotator,
            )
        return Changes(document_id, status=status)

    def _write_status(self, document_id: str, annotator: str, status: str) -> None:
        self.db.execute(
            "INSERT INTO statuses (document_id, annotator, status, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (document_id, annotator) DO UPDATE SET status = excluded.status, "
            "updated = excluded.updated",
            [document_id, annotator, status, now_iso()],
        )

    def _touch_status(self, document_id: str, annotator: str) -> str:
        """An edit moves a new document to in progress; a done document stays done."""
        current = self.status(document_id, annotator)
        if current == Status.NEW.value:
            self._write_status(document_id, annotator, Status.IN_PROGRESS.value)
            return Status.IN_PROGRESS.value
        return current

    # -- history --------------------------------------------------------------------------

    def _log(
        self,
        action: str,
        entity_id: str,
        before: str | None = None,
        after: str | dict | None = None,
        annotator: str = "",
    ) -> None:
        if isinstance(after, dict):
            after = _json(after)
        self.db.execute(
            "INSERT INTO history (time, annotator, action, entity_id, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [now_iso(), annotator, action, entity_id, before, after],
        )

    def history(self, limit: int = 100) -> list[dict]:
        rows = self.db.execute(
            "SELECT seq, time, annotator, action, entity_id, before, after FROM history "
            "ORDER BY seq DESC LIMIT ?",
            [limit],
        ).fetchall()
        keys = ("seq", "time", "annotator", "action", "entity_id", "before", "after")
        return [dict(zip(keys, row)) for row in rows]

    # -- layers, for export and reports -----------------------------------------------------

    def iter_layer(self, annotator: str | None, only_done: bool = False) -> Iterator[LayerDocument]:
        """Documents in order with one annotator's spans, relations and status (all layers if None).

        Spans and relations are read in one ordered pass each, not one query per document,
        so exporting a large project stays linear.
        """
        spans = self._grouped(
            f"SELECT {_SPAN_COLUMNS} FROM spans {self._layer_filter(annotator)} "
            'ORDER BY document_id, start, "end" DESC, id',
            annotator,
            _span_from_row,
        )
        relations = self._grouped(
            f"SELECT {_RELATION_COLUMNS} FROM relations {self._layer_filter(annotator)} "
            "ORDER BY document_id, created, id",
            annotator,
            _relation_from_row,
        )
        statuses: dict[str, dict[str, str]] = {}
        for doc_id, name, status in self.db.execute(
            "SELECT document_id, annotator, status FROM statuses"
        ):
            statuses.setdefault(doc_id, {})[name] = status
        for doc in self.documents():
            status = self._layer_status(statuses, doc.id, annotator)
            if only_done and status != Status.DONE.value:
                continue
            yield LayerDocument(
                doc, annotator or "", spans.get(doc.id, []), relations.get(doc.id, []), status
            )

    @staticmethod
    def _layer_status(statuses: dict, doc_id: str, annotator: str | None) -> str | dict:
        """One layer's status, or every annotator's statuses when exporting all layers."""
        of_document = statuses.get(doc_id, {})
        if annotator is None:
            return of_document
        return of_document.get(annotator, Status.NEW.value)

    @staticmethod
    def _layer_filter(annotator: str | None) -> str:
        return "WHERE annotator = :a" if annotator is not None else ""

    def _grouped(self, sql: str, annotator: str | None, build: Callable) -> dict[str, list]:
        grouped: dict[str, list] = {}
        for row in self.db.execute(sql, {"a": annotator} if annotator is not None else {}):
            grouped.setdefault(row[1], []).append(build(row))
        return grouped

    def info(self) -> dict:
        """Counts for `annotator info`: documents, spans per label and per annotator."""
        per_label = dict(
            self.db.execute("SELECT label, COUNT(*) FROM spans GROUP BY label").fetchall()
        )
        per_annotator = {}
        for name, spans, done in self.db.execute(
            """
            SELECT a.name,
                   (SELECT COUNT(*) FROM spans s WHERE s.annotator = a.name),
                   (SELECT COUNT(*) FROM statuses st WHERE st.annotator = a.name AND st.status = 'done')
            FROM annotators a ORDER BY a.name
            """
        ):
            per_annotator[name] = {"spans": spans, "done": done}
        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            "documents": self.document_count(),
            "spans": sum(per_label.values()),
            "relations": self.db.execute("SELECT COUNT(*) FROM relations").fetchone()[0],
            "labels": {lab.key: per_label.get(lab.key, 0) for lab in self.labels()},
            "annotators": per_annotator,
        }


def _stamped(span: Span, stamp: str, created: str | None = None) -> Span:
    return replace(span, created=created or span.created or stamp, updated=stamp)


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script; trigger bodies keep their inner semicolons."""
    statements, buffer = [], []
    for line in script.strip().splitlines():
        buffer.append(line)
        joined = "\n".join(buffer).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            buffer = []
    return statements
