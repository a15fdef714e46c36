"""Key presses: two spellings of one press are one shortcut."""

from __future__ import annotations

from desktop.core.keys import press, unique_presses


def test_shifted_symbols_are_the_shift_of_their_key():
    assert press("Ctrl+}") == press("Ctrl+Shift+]") == "Ctrl+Shift+]"
    assert press("Ctrl++") == press("Ctrl+Shift+=") == "Ctrl+Shift+="
    assert press("Ctrl+=") != press("Ctrl++")
    assert press("Ctrl+?") == press("Shift+Ctrl+/")


def test_modifier_order_and_multi_part_sequences():
    assert press("Shift+Ctrl+Z") == press("Ctrl+Shift+Z") == "Ctrl+Shift+Z"
    assert press("Ctrl+K, Ctrl+}") == "Ctrl+K, Ctrl+Shift+]"
    assert press("F3") == "F3" and press("+") == "Shift+="


def test_unique_presses_keeps_the_first_spelling_of_each():
    assert unique_presses(["Ctrl+-", "Ctrl+-"]) == [0]
    assert unique_presses(["Ctrl+Shift+]", "Ctrl+}", "", "Ctrl+]"]) == [0, 3]
    assert unique_presses(["Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+Shift+Z"]) == [0, 1]
