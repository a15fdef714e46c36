"""The margin column beside the text, where note cards sit level with their passages."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from .reader import ReaderView


class MarginColumn(QWidget):
    """A column parented to the reader, kept beside its text column through resizes and scrolls."""

    def __init__(self, reader: ReaderView) -> None:
        super().__init__(reader)
        self.reader = reader
        self.setObjectName("margin")
        self.setAccessibleName("Margin notes")
        reader.layout_changed.connect(self.on_reader_layout_changed)

    def on_reader_layout_changed(self) -> None:
        viewport = self.reader.viewport()
        self.setGeometry(self.reader.margin_rect_x(), viewport.y(), self.reader.margin_width, viewport.height())
        self.relayout()

    def relayout(self) -> None:
        """Place the note cards (none until highlights exist)."""
