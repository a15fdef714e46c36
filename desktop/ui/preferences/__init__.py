"""The Preferences dialog and its pages (colour labels, reading)."""
