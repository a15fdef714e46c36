"""Sliced jobs share one budget per event-loop turn, take turns, and stop when done or dropped."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject

from desktop.ui.shell import slices as slices_mod
from desktop.ui.shell.slices import Slices, slices


def _counting_job(log: list, name: str, pieces: int, spin_s: float = 0.0):
    left = [pieces]

    def step(deadline: float) -> bool:
        if spin_s:
            end = time.perf_counter() + spin_s
            while time.perf_counter() < end:
                pass
        log.append(name)
        left[0] -= 1
        return left[0] > 0

    return step


def test_jobs_run_to_their_end_and_the_timer_stops(qtbot):
    queue, owner, log = Slices(), QObject(), []
    queue.run(owner, "a", _counting_job(log, "a", 3))
    queue.run(owner, "b", _counting_job(log, "b", 2))
    qtbot.waitUntil(lambda: not queue.active(owner, "a") and not queue.active(owner, "b"))
    assert log.count("a") == 3 and log.count("b") == 2
    assert not queue._timer.isActive()


def test_a_job_that_uses_the_whole_budget_does_not_starve_the_others(qtbot, monkeypatch):
    monkeypatch.setattr(slices_mod, "BUDGET_S", 0.002)
    queue, owner, log = Slices(), QObject(), []
    queue.run(owner, "greedy", _counting_job(log, "greedy", 1000, spin_s=0.003))
    queue.run(owner, "small", _counting_job(log, "small", 3))
    qtbot.waitUntil(lambda: log.count("small") == 3)
    assert log[:6] == ["greedy", "small"] * 3  # they take turns
    queue.cancel(owner, "greedy")
    assert not queue._timer.isActive()


def test_one_turn_stops_at_the_budget(qtbot, monkeypatch):
    monkeypatch.setattr(slices_mod, "BUDGET_S", 0.002)
    queue, owner, log = Slices(), QObject(), []
    for name in "abcd":
        queue.run(owner, name, _counting_job(log, name, 1, spin_s=0.003))
    queue._turn()
    assert log == ["a"]  # the first job used the budget up: the others wait for the next turn
    queue._turn()
    assert log == ["a", "b"]


def test_cheap_jobs_share_one_turn(qtbot):
    queue, owner, log = Slices(), QObject(), []
    for name in "abc":
        queue.run(owner, name, _counting_job(log, name, 2))
    queue._turn()
    assert log == ["a", "b", "c"]  # each once, in the order they came


def test_a_first_job_runs_ahead_of_the_others(qtbot, monkeypatch):
    monkeypatch.setattr(slices_mod, "BUDGET_S", 0.002)
    queue, owner, log = Slices(), QObject(), []
    queue.run(owner, "list", _counting_job(log, "list", 5, spin_s=0.003))
    queue.run(owner, "place", _counting_job(log, "place", 2, spin_s=0.003), first=True)
    queue._turn()
    queue._turn()
    assert log == ["place", "place"]
    queue._turn()
    assert log[-1] == "list"


def test_running_again_replaces_and_cancel_drops(qtbot):
    queue, owner, log = Slices(), QObject(), []
    queue.run(owner, "fill", _counting_job(log, "old", 5))
    queue.run(owner, "fill", _counting_job(log, "new", 1))
    queue._turn()
    assert log == ["new"] and not queue.active(owner, "fill")
    queue.run(owner, "fill", _counting_job(log, "x", 5))
    queue.cancel(owner, "fill")
    queue._turn()
    assert log == ["new"]


def test_a_destroyed_owner_s_jobs_are_dropped(qtbot):
    queue, log = Slices(), []
    owner = QObject()
    queue.run(owner, "job", _counting_job(log, "job", 100))
    owner.deleteLater()
    qtbot.waitUntil(lambda: not queue._jobs)
    assert not queue._timer.isActive()


def test_the_application_has_one_queue(qtbot):
    assert slices() is slices()


def test_a_window_s_jobs_are_dropped_with_it(qtbot):
    from PySide6.QtWidgets import QWidget

    queue, log = Slices(), []
    window, other = QWidget(), QObject()
    inner = QObject(QWidget(window))
    queue.run(inner, "job", _counting_job(log, "inner", 100))
    queue.run(other, "job", _counting_job(log, "other", 100))
    queue.drop_within(window)
    assert not queue.active(inner, "job") and queue.active(other, "job")
    queue.cancel(other, "job")
    window.deleteLater()


def test_a_turn_after_other_work_in_the_loop_takes_a_short_slice(qtbot):
    queue, owner, log = Slices(), QObject(), []
    assert queue.budget(time.perf_counter()) == slices_mod.BUDGET_S  # idle until now: the whole budget
    queue.run(owner, "a", _counting_job(log, "a", 3))
    queue._turn()
    ended = queue._ended
    assert ended is not None
    # the next turn straight after: nothing else ran, the whole budget again
    assert queue.budget(ended + 0.001) == slices_mod.BUDGET_S
    # a paint (say) ran in between: a short slice, so the two do not add up to a stall
    assert queue.budget(ended + slices_mod.BUSY_S + 0.005) == slices_mod.BUSY_BUDGET_S < slices_mod.BUDGET_S
    qtbot.waitUntil(lambda: not queue.active(owner, "a"))
    assert queue._ended is None  # the queue went idle: the next job starts with the whole budget


def test_a_job_that_fails_is_dropped_not_run_again(qtbot):
    queue, owner, calls = Slices(), QObject(), []

    def broken(_deadline: float) -> bool:
        calls.append(1)
        raise ValueError("broken job")

    queue.run(owner, "broken", broken)
    try:
        queue._turn()
    except ValueError:
        pass
    assert calls == [1] and not queue.active(owner, "broken") and not queue._timer.isActive()
