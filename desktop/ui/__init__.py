"""Qt widgets of Gloss: main window, reader view, margin, entity sidebar, library list (thin)."""
