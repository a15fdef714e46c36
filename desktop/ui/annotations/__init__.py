"""The open article's highlights: the GUI-side copy of them, the panel that lists them, their undo."""
