"""Gloss: a local-first reader for people who study articles closely."""

__version__ = "0.1.0"
