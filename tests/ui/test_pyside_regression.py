"""PySide6 6.12.0 on Python 3.11 aborts after a few thousand calls of methods returning nothing
(`Fatal Python error: none_dealloc`); the pin in pyproject.toml keeps us off it. This test makes
the calls that crashed it, so a release with the bug fails here instead of in an annotator's day."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument


def test_twenty_thousand_void_calls_do_not_abort():
    document = QTextDocument("An ambush on a Syrian security patrol " * 100)
    cursor = QTextCursor(document)
    length = document.characterCount() - 1
    for i in range(20_000):
        cursor.setPosition(i % length)
    assert cursor.position() == 19_999 % length
