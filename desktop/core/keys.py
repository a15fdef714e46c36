"""Key sequences as the key presses they are: two spellings of one press are one shortcut.

Qt matches a shortcut against every spelling of the key pressed, so "Ctrl+Shift+]" and "Ctrl+}"
(the same keys on a US layout) given to one action, or to two, make Qt refuse both as an
"Ambiguous shortcut overload". ``press`` gives each spelling one name, so duplicates can be dropped
and tested for.
"""

from __future__ import annotations

# What Shift turns each key into on a US layout, the layout Qt's own portable names assume.
SHIFTED = dict(zip("`1234567890-=[]\\;',./", '~!@#$%^&*()_+{}|:"<>?'))
_UNSHIFTED = {v: k for k, v in SHIFTED.items()}


def press(portable: str) -> str:
    """One name for a key combination in Qt's portable text ("Ctrl+Shift+]" and "Ctrl+}" are both
    "Ctrl+Shift+]"); sequences of several combinations ("Ctrl+K, Ctrl+C") name each."""
    return ", ".join(_one(part.strip()) for part in portable.split(", ")) if portable else ""


def _one(combo: str) -> str:
    if combo.endswith("++") or combo == "+":  # the key is "+" itself
        mods, key = combo[:-2].split("+") if len(combo) > 2 else [], "+"
    else:
        *mods, key = combo.split("+")
    mods = [m for m in mods if m]
    if key in _UNSHIFTED:  # a shifted symbol: Shift plus the key it is on
        key = _UNSHIFTED[key]
        if "Shift" not in mods:
            mods.append("Shift")
    order = {"Meta": 0, "Ctrl": 1, "Alt": 2, "Shift": 3}
    mods = sorted(set(mods), key=lambda m: order.get(m, 9))
    return "+".join([*mods, key])


def unique_presses(portables: list[str]) -> list[int]:
    """Indexes of the first spelling of each distinct press, in order (empty spellings dropped)."""
    seen: set[str] = set()
    keep = []
    for i, text in enumerate(portables):
        name = press(text)
        if name and name not in seen:
            seen.add(name)
            keep.append(i)
    return keep
