"""One input per attribute type (choice, number, boolean, text), each reporting a typed value."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRegularExpression, QStringListModel, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QWidget

if TYPE_CHECKING:  # the schema is read when the first span is selected
    from ..schema import AttributeSpec

UNSET = "—"  # the choice that leaves an attribute empty
_INTEGER = QRegularExpression(r"-?\d*")
_DECIMAL = QRegularExpression(r"-?\d*(\.\d*)?")


class AttributeEditor(QObject):
    """Wraps one input widget: `set_value` shows a stored value, `edited` reports a new one
    (None for empty) only when the annotator changed it."""

    edited = Signal(str, object)  # attribute key, value

    def __init__(self, spec: AttributeSpec, widget: QWidget) -> None:
        super().__init__(widget)
        self.spec = spec
        self.widget = widget
        widget.setObjectName(f"attr_{spec.key}")
        widget.setToolTip(spec.description)

    def set_value(self, value: Any) -> None:
        self.widget.blockSignals(True)
        try:
            self._show(value)
        finally:
            self.widget.blockSignals(False)

    def complete_from(self, names: list[str]) -> None:
        """Offer these names as the annotator types: only a text field does."""

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _report(self, value: Any) -> None:
        self.edited.emit(self.spec.key, value)


class ChoiceEditor(AttributeEditor):
    def __init__(self, spec: AttributeSpec) -> None:
        combo = QComboBox()
        combo.addItems([UNSET, *spec.options])
        super().__init__(spec, combo)
        # Arrow keys and typed letters choose too: every choice the user makes is one edit.
        combo.activated.connect(lambda i: self._report(spec.options[i - 1] if i else None))

    def _show(self, value: Any) -> None:
        index = self.spec.options.index(value) + 1 if value in self.spec.options else 0
        self.widget.setCurrentIndex(index)


class NumberEditor(AttributeEditor):
    def __init__(self, spec: AttributeSpec) -> None:
        line = QLineEdit()
        line.setValidator(QRegularExpressionValidator(_INTEGER if spec.integer else _DECIMAL))
        line.setPlaceholderText("empty")
        super().__init__(spec, line)
        line.editingFinished.connect(lambda: self._report(self.value()))

    def value(self) -> int | float | None:
        text = self.widget.text().strip()
        if text in ("", "-", ".", "-."):
            return None
        return int(text) if self.spec.integer or "." not in text else float(text)

    def _show(self, value: Any) -> None:
        self.widget.setText("" if value is None else str(value))


class BooleanEditor(AttributeEditor):
    def __init__(self, spec: AttributeSpec) -> None:
        box = QCheckBox(spec.name or spec.key)
        super().__init__(spec, box)
        box.clicked.connect(self._report)

    def _show(self, value: Any) -> None:
        self.widget.setChecked(value is True)


class TextEditor(AttributeEditor):
    def __init__(self, spec: AttributeSpec) -> None:
        line = QLineEdit()
        super().__init__(spec, line)
        self.names = QStringListModel()
        line.editingFinished.connect(lambda: self._report(line.text().strip() or None))

    def complete_from(self, names: list[str]) -> None:
        """Offer these names as the annotator types (the project's actor list)."""
        self.names.setStringList(names)
        if self.widget.completer() is None:
            completer = QCompleter(self.names, self.widget)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.widget.setCompleter(completer)

    def _show(self, value: Any) -> None:
        self.widget.setText("" if value is None else str(value))


EDITORS = {
    "choice": ChoiceEditor,
    "number": NumberEditor,
    "boolean": BooleanEditor,
    "text": TextEditor,
}


def editor_for(spec: AttributeSpec) -> AttributeEditor:
    return EDITORS[spec.type](spec)
