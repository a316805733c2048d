"""The label palette (click or press the key to label) and the legend of how spans are drawn."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ..model import Label
from .item_models import plain_tooltip
from .theme import mute

LEGEND = (
    "<b>Reading the marks</b><br>"
    "Tinted text: a span, in its label's colour.<br>"
    "Underlined: a span inside another; the line has the outer label's colour "
    "(dashed when three or more nest).<br>"
    "Solid colour: the selected span (Tab / Shift+Tab to move, click again to cycle nested spans).<br>"
    "Line under a span: its label's own pattern. Dashed box: a suggestion (Y / X)."
)


class LabelPalette(QWidget):
    labelChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelPalette")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self._buttons: list[QPushButton] = []
        self._legend = QLabel(LEGEND)
        self._legend.setObjectName("legend")
        mute(self._legend)
        self._legend.setTextFormat(Qt.TextFormat.RichText)
        self._legend.setWordWrap(True)

    def set_labels(self, labels: list[Label]) -> None:
        for button in self._buttons:
            button.deleteLater()
        self._buttons = [self._button(label) for label in labels]
        for button in self._buttons:
            self._layout.addWidget(button)
        self._layout.addSpacing(8)
        self._layout.addWidget(self._legend)
        self._layout.addStretch(1)

    def _button(self, label: Label) -> QPushButton:
        key = f"{label.shortcut}  " if label.shortcut else ""
        button = QPushButton(f"{key}{label.name}")
        button.setObjectName(f"label_{label.key}")
        button.setToolTip(plain_tooltip(label.description))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep focus (and the selection) in the text
        button.setStyleSheet(
            "QPushButton { text-align: left; padding: 6px 10px; border-radius: 4px;"
            f" border: 1px solid {label.color}; border-left: 8px solid {label.color}; }}"
            f"QPushButton:hover {{ background: {label.color}33; }}"
        )
        button.clicked.connect(lambda: self.labelChosen.emit(label.key))
        return button
