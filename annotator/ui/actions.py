"""Window actions: a menu entry with its keys, and the undo / redo pair, made one way everywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget


def add_action(
    window: QWidget,
    menu: QMenu | None,
    text: str,
    slot: Callable[[], object],
    *shortcuts: str | QKeySequence | QKeySequence.StandardKey,
) -> QAction:
    """An action whose keys work anywhere in `window` (listed in `menu`, if one is given)."""
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(s) for s in shortcuts if s != ""])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda checked=False: slot())
    if menu is not None:
        menu.addAction(action)
    window.addAction(action)
    return action


def add_undo_actions(window: QWidget, menu: QMenu, stack: QUndoStack) -> None:
    """Undo (Ctrl+Z) and redo (Ctrl+Shift+Z, Ctrl+Y) of `stack`, named after its next command."""
    undo = stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (undo, redo):
        menu.addAction(action)
        window.addAction(action)
