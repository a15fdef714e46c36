"""Where Gloss finds its bundled resources and keeps its data and logs (platformdirs)."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent.parent  # the desktop package


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside it in a wheel."""
    for candidate in (_HERE.parent / "resources", _HERE / "_resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Gloss's resources folder is missing; reinstall Gloss.")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def sample_path() -> Path:
    """The bundled sample article a new library starts with."""
    return resource("samples", "japan-nato-2022-05-26.txt")


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("gloss", appauthor=False)


def log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path("gloss", appauthor=False)
