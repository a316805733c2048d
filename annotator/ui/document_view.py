"""The article view: read-only text, keyboard and mouse selection, spans drawn per block."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ..model import Label, Span
from ..store import Changes
from .first_paint import AfterFirstPaint
from .span_layer import SpanLayer

TINT_ALPHA = 70  # label colour behind text: readable for hours, still telling labels apart


class SpanFormats:
    """Qt formats for one block's spans, built when the block is about to be drawn (DESIGN §4).

    Never extra selections; and unlike a QSyntaxHighlighter, nothing runs for blocks that are
    never shown, so opening a long article costs what the visible page costs.
    """

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self._cache: dict[tuple, QTextCharFormat] = {}

    def ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        layer = self.view.layer
        if layer is None or not len(layer):
            return []
        ranges = []
        for seg in layer.segments(block.blockNumber(), block.length() - 1):
            run = QTextLayout.FormatRange()
            run.start, run.length, run.format = seg.start, seg.length, self._format(seg.spans)
            ranges.append(run)
        return ranges

    def _format(self, spans: tuple[Span, ...]) -> QTextCharFormat:
        inner = spans[-1]
        outer = spans[-2].label if len(spans) > 1 else None
        current = self.view.current_span_id
        selected = next((s.label for s in spans if s.id == current), None)
        key = (inner.label, outer, selected, len(spans) > 2)
        if key not in self._cache:
            self._cache[key] = self._build(*key)
        return self._cache[key]

    def _build(self, inner: str, outer: str | None, selected: str | None, deep: bool):
        fmt = QTextCharFormat()
        colors = self.view.label_colors
        if selected:
            fmt.setBackground(colors.get(selected, QColor("gray")))
            fmt.setForeground(QColor("white"))
        else:
            tint = QColor(colors.get(inner, QColor("gray")))
            tint.setAlpha(TINT_ALPHA)
            fmt.setBackground(tint)
        if outer:
            # A span inside another: the enclosing label shows as an underline in its colour.
            fmt.setUnderlineStyle(
                QTextCharFormat.UnderlineStyle.DashUnderline
                if deep
                else QTextCharFormat.UnderlineStyle.SingleUnderline
            )
            fmt.setUnderlineColor(colors.get(outer, QColor("gray")))
            fmt.setFontUnderline(True)
        return fmt

    def invalidate(self) -> None:
        self._cache.clear()


class DocumentView(QPlainTextEdit):
    """Shows one document; reports clicks on spans; converts Qt positions to code points."""

    spanClicked = Signal(str)
    currentSpanChanged = Signal(str)  # "" when no span is selected
    spansChanged = Signal(object)  # the block numbers whose spans an edit added or removed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Asked for by type first: the first viewport() call makes PySide look for the
        # viewport's class among every QWidget subclass, creating each with its enums (~11 ms
        # of every start, which an empty window does not pay). Kept, so viewport() finds it.
        self._viewport = self.findChild(QWidget, "qt_scrollarea_viewport")
        # Work asked for while the window builds (backups, suggestions) starts once text shows.
        self.first_paint = AfterFirstPaint(self._viewport)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.1)
        self.setFont(font)
        self.document().setDocumentMargin(16)
        self.layer: SpanLayer | None = None
        self.label_colors: dict[str, QColor] = {}
        self.current_span_id: str | None = None
        self.span_formats = SpanFormats(self)
        self._formatted: set[int] = set()  # block numbers whose layout has its span formats
        # Painters called after the text is drawn, with (QPainter, exposed rect): relation marks.
        self.overlays: list[Callable[[QPainter, QRect], None]] = []

    def paintEvent(self, event: QPaintEvent) -> None:
        self._format_visible_blocks(event.rect().bottom())
        super().paintEvent(event)
        if self.overlays:
            painter = QPainter(self.viewport())
            for overlay in self.overlays:
                overlay(painter, event.rect())
            painter.end()

    # -- content ----------------------------------------------------------------------------

    def set_labels(self, labels: list[Label]) -> None:
        self.label_colors = {label.key: QColor(label.color) for label in labels}
        self.span_formats.invalidate()
        self._formatted.clear()
        self.viewport().update()

    def show_document(self, text: str, spans: list[Span]) -> None:
        self.current_span_id = None
        self.layer = SpanLayer(text, spans)
        self._formatted.clear()
        self.setPlainText(self.layer.display_text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def clear_document(self) -> None:
        self.layer = None
        self.current_span_id = None
        self._formatted.clear()
        self.setPlainText("")

    def apply_changes(self, changes: Changes) -> None:
        if self.layer is None:
            return
        blocks: set[int] = set()
        for span in changes.spans_removed:
            blocks.update(self.layer.remove(span.id))
        for old, new in changes.spans_updated:
            blocks.update(self.layer.remove(old.id))
            blocks.update(self.layer.add(new))
        for span in changes.spans_added:
            blocks.update(self.layer.add(span))
        self.spansChanged.emit(blocks)
        self._rehighlight(blocks)

    def _rehighlight(self, blocks) -> None:
        """Changed blocks get their formats now (cheap: one block each), then one repaint."""
        doc = self.document()
        for number in sorted(blocks):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self._format_block(block)
        self.viewport().update()

    def _format_block(self, block: QTextBlock) -> None:
        layout = block.layout()
        ranges = self.span_formats.ranges(block)
        if ranges or layout.formats():
            layout.setFormats(ranges)  # Qt lays the block out again when it next draws it
        self._formatted.add(block.blockNumber())

    def _format_visible_blocks(self, bottom: int) -> None:
        if self.layer is None:
            return
        block, offset = self.firstVisibleBlock(), self.contentOffset()
        while block.isValid():
            if block.blockNumber() not in self._formatted:
                self._format_block(block)
            if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                return
            block = block.next()

    # -- selection, in code points ----------------------------------------------------------

    def selection_offsets(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if self.layer is None or not cursor.hasSelection():
            return None
        to_cp = self.layer.offsets.to_codepoint
        return to_cp(cursor.selectionStart()), to_cp(cursor.selectionEnd())

    def cursor_offset(self) -> int:
        if self.layer is None:
            return 0
        return self.layer.offsets.to_codepoint(self.textCursor().position())

    def select_offsets(self, start: int, end: int) -> None:
        if self.layer is None:
            return
        cursor = self.textCursor()
        cursor.setPosition(self.layer.offsets.to_utf16(start))
        cursor.setPosition(self.layer.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def set_current_span(self, span_id: str | None, reveal: bool = True) -> None:
        """Mark one span as the one that label keys, Delete and boundary keys act on."""
        if self.layer is None:
            return
        blocks: set[int] = set()
        for sid in (self.current_span_id, span_id):
            span = self.layer.get(sid) if sid else None
            if span:
                blocks.update(self.layer.blocks_of(span))
        self.current_span_id = span_id
        self._rehighlight(blocks)
        self.currentSpanChanged.emit(span_id or "")
        span = self.layer.get(span_id) if span_id else None
        if span and reveal:
            cursor = self.textCursor()
            cursor.setPosition(self.layer.offsets.to_utf16(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()

    def current_span(self) -> Span | None:
        if self.layer is None or self.current_span_id is None:
            return None
        return self.layer.get(self.current_span_id)

    # -- mouse ------------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.layer is None:
            return
        if self.textCursor().hasSelection():
            return
        covering = self.layer.at(self.cursor_offset())
        if covering:
            self.spanClicked.emit(self._next_of(covering).id)

    def _next_of(self, covering: list[Span]) -> Span:
        """Clicking again where spans nest picks the next enclosing one, innermost first."""
        ids = [s.id for s in covering]
        if self.current_span_id in ids:
            return covering[(ids.index(self.current_span_id) + 1) % len(covering)]
        return covering[0]
