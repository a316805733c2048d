"""The guidelines panel: the section for the label in hand (the selected span's, or the last
label used), rendered from Markdown with raw HTML switched off."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser

from ..guidelines import load_guidelines, section_for
from ..model import Label


class GuidelinesPanel(QTextBrowser):
    def __init__(self, project: Path | None) -> None:
        super().__init__()
        self.setObjectName("guidelines")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.document().setDocumentMargin(10)  # room around the text, inside the page
        self.setOpenExternalLinks(False)
        self.setMinimumSize(60, 40)  # tabbed with other docks: must not raise the window's minimum
        self.markdown, self.source = load_guidelines(project)
        self.labels: dict[str, Label] = {}
        self.label_key = ""

    def set_labels(self, labels: list[Label]) -> None:
        self.labels = {label.key: label for label in labels}
        self.show_label(self.label_key or (labels[0].key if labels else ""))

    def show_label(self, key: str) -> None:
        if not key or key == self.label_key and self.toPlainText():
            return
        self.label_key = key
        label = self.labels.get(key)
        text = section_for(self.markdown, key, label.name if label else "")
        self.document().setMarkdown(
            f"{text}\n\n---\n*From {self.source}.*",
            QTextDocument.MarkdownFeature.MarkdownNoHTML,
        )
