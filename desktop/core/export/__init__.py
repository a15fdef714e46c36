"""Exporting notes: Markdown through a Jinja2 template, lossless W3C Web Annotation JSON (no Qt, no store)."""
