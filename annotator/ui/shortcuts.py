"""Keyboard shortcuts: the window's actions by menu path, and the user's changes to them, kept
in QSettings under `shortcuts/<menu path>` (the sheet that edits them: shortcut_sheet.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

PREFIX = "shortcuts/"
PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText


@dataclass(frozen=True)
class ActionEntry:
    path: str  # "Edit › Delete span": where the action lives, and its settings key
    action: QAction


def plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def window_actions(window: QMainWindow) -> list[ActionEntry]:
    """Every action of the window: those in its menus (with their menu path), then the others."""
    entries: list[ActionEntry] = []
    seen: set[int] = set()

    def walk(menu: QMenu, trail: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{trail} › {plain(action.menu().title())}")
            elif not action.isSeparator() and id(action) not in seen:
                seen.add(id(action))
                entries.append(ActionEntry(f"{trail} › {plain(action.text())}", action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), plain(top.menu().title()))
    for action in window.actions():
        if id(action) not in seen and action.text() and not action.isSeparator():
            seen.add(id(action))
            entries.append(ActionEntry(plain(action.text()), action))
    return entries


def shortcut_text(action: QAction) -> str:
    return ", ".join(seq.toString(NATIVE) for seq in action.shortcuts())


def apply_saved(window: QMainWindow, settings: QSettings) -> None:
    """Give actions the shortcuts the user chose instead of the defaults."""
    settings.beginGroup(PREFIX.rstrip("/"))
    changed = bool(settings.childKeys() or settings.childGroups())
    settings.endGroup()
    if not changed:  # most users never change a key: no walk through every menu at start-up
        return
    for entry in window_actions(window):
        saved = settings.value(PREFIX + entry.path)
        if saved is not None:
            entry.action.setShortcuts(_parse(str(saved)))


def _parse(text: str) -> list[QKeySequence]:
    return [
        QKeySequence.fromString(part.strip(), PORTABLE) for part in text.split(",") if part.strip()
    ]
