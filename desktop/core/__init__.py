"""Plain-Python core of Gloss: the article model, importers, anchoring, entities, export (no Qt)."""
