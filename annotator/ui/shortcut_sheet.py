"""The keyboard shortcut sheet: every action of the window and its keys, to change them."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .shortcuts import NATIVE, PORTABLE, PREFIX, ActionEntry, shortcut_text, window_actions
from .theme import mute


class ShortcutSheet(QDialog):
    """Every action and its keys; double-click a key cell to change it (e.g. "Ctrl+Shift+K",
    several separated by commas, empty for none). Opened with `.open()`: never blocks."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.settings = settings
        self.entries = window_actions(window)
        self.table = QTableWidget(len(self.entries), 2)
        self.table.setObjectName("shortcutTable")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, entry in enumerate(self.entries):
            name = QTableWidgetItem(entry.path)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setToolTip(entry.action.toolTip())
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, QTableWidgetItem(shortcut_text(entry.action)))
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setObjectName("shortcutProblem")
        self.problem.setContentsMargins(6, 0, 6, 0)
        mute(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Close
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setToolTip("Forget your changes (takes effect when the app starts again)")
        restore.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        hint = QLabel("Double-click keys to change them; separate several with commas.")
        for widget in (hint, self.table, self.problem, buttons):
            layout.addWidget(widget)
        self.resize(620, 640)

    def save(self) -> None:
        """Apply and remember the edited keys; refuse keys Qt cannot read, or used twice."""
        chosen: dict[int, list[QKeySequence]] = {}
        for row, entry in enumerate(self.entries):
            text = self.table.item(row, 1).text()
            sequences = [
                QKeySequence.fromString(p.strip(), NATIVE) for p in text.split(",") if p.strip()
            ]
            if any(seq.isEmpty() for seq in sequences):
                self.problem.setText(f"“{text}” for {entry.path} is not a key: try e.g. Ctrl+K")
                return
            chosen[row] = sequences
        clash = _first_clash(self.entries, chosen)
        if clash:
            self.problem.setText(clash)
            return
        for row, entry in enumerate(self.entries):
            if shortcut_text(entry.action) != self.table.item(row, 1).text():
                entry.action.setShortcuts(chosen[row])
                portable = ", ".join(seq.toString(PORTABLE) for seq in chosen[row])
                self.settings.setValue(PREFIX + entry.path, portable)
        self.accept()

    def restore_defaults(self) -> None:
        self.settings.remove(PREFIX.rstrip("/"))
        self.problem.setText("Your changes are forgotten: the defaults return at the next start")


def _first_clash(entries: list[ActionEntry], chosen: dict[int, list[QKeySequence]]) -> str:
    owner: dict[str, str] = {}
    for row, sequences in chosen.items():
        for seq in sequences:
            key = seq.toString(PORTABLE)
            if key in owner:
                return (
                    f"{seq.toString(NATIVE)} is used by both {owner[key]} and {entries[row].path}"
                )
            owner[key] = entries[row].path
    return ""


def open_sheet(window: QMainWindow, settings: QSettings) -> ShortcutSheet:
    sheet = ShortcutSheet(window, settings)
    sheet.open()
    return sheet
