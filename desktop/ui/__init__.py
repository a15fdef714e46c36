"""Qt widgets of Gloss, one package per thing a user sees: the shell (app and window), the reader,
the margin, the entity sidebar, the library, the annotations panel, the preferences."""
