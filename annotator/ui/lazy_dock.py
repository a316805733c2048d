"""A dock whose contents are built the first time it shows: a panel tabbed behind another costs
nothing at start-up (the Search panel and the Guidelines cost ~10 ms of a ~250 ms start)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock(QDockWidget):
    def __init__(self, title: str, parent: QWidget, build: Callable[[], QWidget]) -> None:
        super().__init__(title, parent)
        self._build: Callable[[], QWidget] | None = build
        self.visibilityChanged.connect(self._shown)

    def content(self) -> QWidget:
        """The dock's panel, built now if it has not been."""
        if self._build is not None:
            build, self._build = self._build, None
            self.setWidget(build())
        return self.widget()

    def _shown(self, visible: bool) -> None:
        if visible:
            self.content()
