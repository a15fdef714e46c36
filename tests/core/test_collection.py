"""Collection held off for a job, and given back as it was."""

import gc

import pytest

from desktop.core.collection import collection_held


def test_collection_is_off_inside_and_back_on_after():
    assert gc.isenabled()
    with collection_held():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collection_comes_back_when_the_job_fails():
    with pytest.raises(ValueError):
        with collection_held():
            raise ValueError("a damaged file")
    assert gc.isenabled()


def test_collection_already_off_stays_off():
    gc.disable()
    try:
        with collection_held():
            assert not gc.isenabled()
        assert not gc.isenabled()  # not turned on by a job that found it off
    finally:
        gc.enable()
