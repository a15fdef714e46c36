"""The performance benchmark, ``python -m desktop.bench [--json] [--quick]``: data, measures, report.

``data`` builds the article, annotations and library; ``startup`` times fresh processes; ``gui``
(run in a subprocess of its own) times opening, highlighting, the margin, stalls and memory;
``work`` times extraction, export and search; ``__main__`` runs them and prints the table.
"""
