"""The entity sidebar: extraction off the GUI thread, the grouped list, marks in the text, menus,
corrections with undo."""
