"""The real window and text view: opening big articles, labelling among many spans, the document list."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import QSettings, QStringListModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTableView

from annotator.model import Document
from annotator.store import Store
from annotator.ui.app import build_window, create_app

from .corpus import article, nested_spans, project_with, spans_over, word_bounds
from .measure import Row, median_ms

MB = 1_000_000
# Automatic suggestions (Suggestions > Show suggestions) are off in every row: on a 1 MB article
# with 10,000 spans, suggestions.suggest_for_document scans the text once per distinct labelled
# string, minutes of CPU in a worker that holds the GIL, so the window cannot be measured.
SUGGESTIONS = False


def open_window(path: Path, folder: Path):
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("suggest", SUGGESTIONS)
    window = build_window(path, "bench", settings)
    window.show()
    QApplication.processEvents()
    return window


def bare_first_paint_ms(text: str, repeats: int = 5) -> float:
    """The floor: a plain QPlainTextEdit of the same size showing the same text."""
    edit = QPlainTextEdit()
    edit.resize(900, 760)
    edit.show()

    def show() -> None:
        edit.setPlainText(text)
        edit.viewport().repaint()

    result = median_ms(show, repeats, setup=lambda: edit.setPlainText(""))
    edit.close()
    return result


def open_ms(window, document_id: str, repeats: int = 5) -> float:
    """Open the document and paint it, from another document so nothing is cached in the view."""

    def open_and_paint() -> None:
        window.open_document(document_id)
        window.view.viewport().repaint()

    return median_ms(open_and_paint, repeats, setup=lambda: window.view.clear_document())


def label_ms(window, text: str, repeats: int = 30, seed: int = 3) -> float:
    """Select two words and press the label key: the span is committed, then the view repaints.

    Each repeat first goes to a random place in the text and paints it, untimed, as a reader
    has the page on screen before selecting in it: the row times the selection and the key,
    not the first paint of a page the selection would have scrolled to.
    """
    rng = random.Random(seed)
    words = word_bounds(text)
    view = window.view
    chosen: list[int] = []

    def go_somewhere() -> None:
        chosen[:] = [rng.randrange(len(words) - 2)]
        view.select_offsets(words[chosen[0]][0], words[chosen[0]][0])  # the cursor, no selection
        view.viewport().repaint()

    def select_and_press() -> None:
        first = chosen[0]
        view.select_offsets(words[first][0], words[first + 1][1])
        QTest.keyClick(view, Qt.Key.Key_1)
        view.viewport().repaint()

    before = window.undo_stack.count()
    result = median_ms(select_and_press, repeats, setup=go_somewhere)
    assert window.undo_stack.count() == before + repeats, "every key press should add a span"
    return result


def ui_rows(folder: Path) -> list[Row]:
    create_app()
    return article_rows(folder) + document_list_rows(folder)


def article_rows(folder: Path) -> list[Row]:
    rng = random.Random(11)
    text = article(rng, MB)
    floor = bare_first_paint_ms(text)
    rows = []
    path = folder / "open.annotator"
    doc_id, _ = project_with(path, text, lambda t, d: spans_over(t, d, 10_000, rng))
    window = open_window(path, folder)
    rows.append(
        Row(
            "open a 1 MB article with 10,000 spans",
            open_ms(window, doc_id),
            100,
            "ms",
            floor,
            "bare QPlainTextEdit paint",
        )
    )
    window.close()
    window.session.store.close()

    path = folder / "label.annotator"
    doc_id, _ = project_with(path, text, lambda t, d: spans_over(t, d, 50_000, rng))
    window = open_window(path, folder)
    window.open_document(doc_id)
    rows.append(
        Row(
            "select + label key → committed and painted, 50,000 spans",
            label_ms(window, text),
            16,
            "ms",
            floor,
            "bare QPlainTextEdit paint",
        )
    )
    window.close()
    window.session.store.close()

    one = article(rng, MB, paragraph_words=None)
    one_floor = bare_first_paint_ms(one, repeats=3)
    path = folder / "paragraph.annotator"
    doc_id, _ = project_with(path, one, lambda t, d: spans_over(t, d, 2_000, rng))
    window = open_window(path, folder)
    rows.append(
        Row(
            "open a 1 MB single paragraph",
            open_ms(window, doc_id, 3),
            1000,
            "ms",
            one_floor,
            "bare QPlainTextEdit paint",
        )
    )
    rows.append(
        Row(
            "select + label in a 1 MB single paragraph",
            label_ms(window, one, 10),
            100,
            "ms",
            one_floor,
            "bare QPlainTextEdit paint",
        )
    )
    window.close()
    window.session.store.close()

    path = folder / "nested.annotator"
    small = article(rng, 100_000)
    doc_id, n = project_with(path, small, lambda t, d: nested_spans(t, d, 10, rng))
    window = open_window(path, folder)
    small_floor = bare_first_paint_ms(small)
    rows.append(
        Row(
            f"open 100 KB, spans 10 deep ({n:,})",
            open_ms(window, doc_id),
            100,
            "ms",
            small_floor,
            "bare QPlainTextEdit paint",
        )
    )
    rows.append(
        Row(
            "select + label where spans nest 10 deep",
            label_ms(window, small),
            16,
            "ms",
            small_floor,
            "bare QPlainTextEdit paint",
        )
    )
    window.close()
    window.session.store.close()
    return rows


def document_list_rows(folder: Path, count: int = 10_000) -> list[Row]:
    """A 10,000-document project: the list loads and scrolls a page at a time within a frame.

    The articles are of news length (5 KB, as the import's): with short ones, a list that read
    every text (for its length) looked three times faster than it was.
    """
    rng = random.Random(17)
    path = folder / "many.annotator"
    store = Store.open(path)
    store.add_documents(
        Document(id=f"doc-{i:05d}", text=article(rng, 5_000), title=f"Article {i}")
        for i in range(count)
    )
    store.close()
    window = open_window(path, folder)
    table = window.document_list
    floor = _bare_table_paint_ms(count)

    def reload() -> None:
        window.refresh_documents()
        table.viewport().repaint()

    bar = table.verticalScrollBar()

    def page_down() -> None:
        bar.setValue(bar.value() + bar.pageStep())
        table.viewport().repaint()

    load = median_ms(reload, 5)
    scroll = median_ms(page_down, 30)
    assert window.documents.rowCount() == count and bar.value() > 0
    typing = filter_keystroke_ms(window)
    window.close()
    window.session.store.close()
    return [
        Row(f"document list of {count:,}: load and paint", load, 100, "ms", floor, "bare table"),
        Row(f"document list of {count:,}: scroll a page", scroll, 16, "ms", floor, "bare table"),
        Row(
            f"document list of {count:,}: filter, a key typed",
            typing,
            16,
            "ms",
            floor,
            "bare table",
        ),
    ]


def filter_keystroke_ms(window) -> float:
    """Typing "Article 12" into the filter and erasing it: each key filters and repaints the list."""
    field, table = window.document_filter.field, window.document_list
    query = "Article 12"
    keys = list(query) + [None] * len(query)  # None: Backspace
    presses = iter(keys * 4)

    def press() -> None:
        character = next(presses)
        if character is None:
            QTest.keyClick(field, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(field, character)
        table.viewport().repaint()

    field.setFocus()
    result = median_ms(press, len(keys) * 4)
    assert field.text() == ""
    assert window.documents.rowCount() == len(window.document_filter.all_rows)
    return result


def _bare_table_paint_ms(rows: int) -> float:
    """The floor: a plain QTableView over a string list model of the same size, painted."""
    model = QStringListModel([f"Article {i}" for i in range(rows)])
    view = QTableView()
    view.resize(400, 700)
    view.show()

    def show() -> None:
        view.setModel(model)
        view.viewport().repaint()

    result = median_ms(show, 5, setup=lambda: view.setModel(None))
    view.close()
    return result
