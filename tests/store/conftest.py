"""Store fixtures: a fresh library file and the bundled sample imported into it."""

from __future__ import annotations

import pytest

from desktop.core.importers import load
from desktop.store import open_library
from desktop.store.articles import add_article


@pytest.fixture
def lib(db_path):
    library = open_library(db_path)
    yield library
    library.close()


@pytest.fixture
def sample_id(lib, sample_path) -> int:
    article_id, _added = add_article(lib, load(sample_path))
    return article_id
