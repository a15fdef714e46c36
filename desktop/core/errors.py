"""Errors a user can act on: each carries one clear line for a status bar or stderr."""


class GlossError(Exception):
    """An error caused by the user's input or environment, reported as one line, never a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ImportRefused(GlossError):
    """A file that cannot become an article: empty, binary, undecodable, too large or broken."""


class NotFound(GlossError):
    """An article, highlight or other record that the user named does not exist."""
