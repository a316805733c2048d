"""Font zoom for the article (Ctrl+=, Ctrl+-, Ctrl+0), remembered across sessions."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPlainTextEdit

KEY = "zoomSteps"
STEP_POINTS = 1.0
MIN_STEPS, MAX_STEPS = -6, 20


class Zoom:
    def __init__(self, view: QPlainTextEdit, settings: QSettings) -> None:
        self.view, self.settings = view, settings
        self.base_points = view.font().pointSizeF()
        self.steps = 0
        self.set_steps(settings.value(KEY, 0, type=int))

    def set_steps(self, steps: int) -> None:
        self.steps = max(MIN_STEPS, min(MAX_STEPS, steps))
        font = self.view.font()
        font.setPointSizeF(self.base_points + self.steps * STEP_POINTS)
        self.view.setFont(font)
        self.settings.setValue(KEY, self.steps)

    def zoom(self, direction: int) -> None:
        self.set_steps(self.steps + direction if direction else 0)
