"""The panes' docks, built alike. A module of its own, importing nothing but the dock: the window
builds its two on the way to its first paint, where every Qt class touched for the first time costs
(``shell.widgets`` would add ~17 ms there, most of it ``QStyle``)."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget


def pane_dock(title: str, parent: QWidget, widget: QWidget) -> QDockWidget:
    """A pane's dock: movable and closable, named after its title ("Search": ``searchDock``), the
    name the window's saved state places it by. Where it goes is the caller's: the window's own
    docks are placed without naming an area before the first paint (see ``MainWindow._place_docks``)."""
    dock = QDockWidget(title, parent)
    dock.setObjectName(f"{title.lower()}Dock")
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    return dock
