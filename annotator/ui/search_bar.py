"""The find bar (Ctrl+F): next and previous match in the open document, shown by selecting it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QToolBar, QToolButton

from .document_view import DocumentView
from .theme import mute


class FindField(QLineEdit):
    """Enter finds the next match, Shift+Enter the previous one, Escape closes the bar."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__()
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.bar.find(-1 if shift else 1)
        elif event.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
        else:
            super().keyPressEvent(event)


class FindBar(QToolBar):
    def __init__(self, view: DocumentView) -> None:
        super().__init__("Find")
        self.setObjectName("findBar")
        self.setContentsMargins(6, 3, 6, 3)
        self.layout().setSpacing(6)
        self.setMovable(False)
        self.view = view
        self.field = FindField(self)
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in this document")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(lambda: self.find(0))
        self.regex = QCheckBox("Regex")
        self.case = QCheckBox("Match case")
        for box in (self.regex, self.case):
            box.toggled.connect(lambda: self.find(0))
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        self.status.setContentsMargins(6, 0, 6, 0)
        mute(self.status)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.addWidget(QLabel("Find:"))
        self.addWidget(self.field)
        self._button("↑", "Previous match (Shift+Enter, Shift+F3)", lambda: self.find(-1))
        self._button("↓", "Next match (Enter, F3)", lambda: self.find(1))
        self.addWidget(self.regex)
        self.addWidget(self.case)
        self.addWidget(self.status)
        self._button("✕", "Close (Escape)", self.close_bar)
        for keys, step in (("F3", 1), ("Shift+F3", -1)):
            shortcut = QShortcut(QKeySequence(keys), self.field)
            shortcut.activated.connect(lambda s=step: self.find(s))
        self.hide()

    def _button(self, text: str, tip: str, slot) -> None:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.addWidget(button)

    def open_bar(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def find(self, step: int) -> None:
        """Select the next (1), previous (-1) or nearest (0, while typing) match."""
        # Here, not at the top: the bar is closed at start-up and the search module costs ~3 ms.
        from ..search import SearchError, SearchQuery, compile_query, find_in_text

        layer = self.view.layer
        query = SearchQuery(
            self.field.text(), regex=self.regex.isChecked(), case_sensitive=self.case.isChecked()
        )
        try:
            pattern = compile_query(query)
        except SearchError as error:
            self.status.setText(str(error).split(";")[0])
            return
        if layer is None or pattern is None:
            self.status.setText("")
            return
        hits = find_in_text(layer.text, pattern)
        if not hits:
            self.status.setText("no matches")
            return
        index = self._pick(hits, step)
        self.view.select_offsets(*hits[index])
        self.view.ensureCursorVisible()
        self.status.setText(f"{index + 1} of {len(hits)}")

    def _pick(self, hits: list[tuple[int, int]], step: int) -> int:
        selection = self.view.selection_offsets()
        here = selection or (self.view.cursor_offset(),) * 2
        if step < 0:
            before = [i for i, (start, _) in enumerate(hits) if start < here[0]]
            return before[-1] if before else len(hits) - 1
        anchor = here[0] if step == 0 else here[0] + 1
        return next((i for i, (start, _) in enumerate(hits) if start >= anchor), 0)
