"""Solid brushes made without Qt's ``Qt`` namespace, for what is drawn before the first paint.

Every way PySide offers to make a coloured ``QBrush`` or ``QPen`` — ``QBrush(QColor)``,
``brush.setColor``, a ``QColor`` where a brush is asked for — first checks whether the argument is
a ``Qt.GlobalColor`` or a ``Qt.BrushStyle``, and to check it builds the whole namespace
(``view.NAMESPACE_FREE``). A palette's colours are solid brushes, and ``QPalette.setColor`` takes
only a ``QColor``: the brush comes from there.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QPalette

_ROLE = QPalette.ColorRole.Text


def solid(colour: str | QColor) -> QBrush:
    """A solid brush of ``colour`` (a QColor, or a name such as ``"#1f1d1a"``)."""
    palette = QPalette()
    palette.setColor(_ROLE, colour if isinstance(colour, QColor) else QColor(colour))
    return palette.brush(_ROLE)
