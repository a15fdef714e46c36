"""Before Qt starts on a Linux display: can Qt's xcb platform plugin load its libraries? If not, one
line naming the Debian/Ubuntu packages to install (``python -m desktop.platform_check``, as
``scripts/run`` does), rather than Qt's abort, which names a library that may well be installed.

No Qt import: PySide6 is found on disk, not loaded. Quick (one ``ldd``, ~10 ms), and only where it
matters: with ``DISPLAY`` set and Qt not told to use another platform (``QT_QPA_PLATFORM``).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Mapping

# The libraries Qt's xcb plugin (and the Qt libraries under it) need from the system, by soname,
# with the Debian/Ubuntu package that provides each. Those most often missing come first.
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libz.so.1": "zlib1g",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def needs_check(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Linux, a display, and Qt left to choose xcb (or told to)."""
    qpa = env.get("QT_QPA_PLATFORM", "")
    return platform.startswith("linux") and bool(env.get("DISPLAY")) and (not qpa or qpa.startswith("xcb"))


def xcb_plugin() -> Path | None:
    """PySide6's ``libqxcb.so``, found without importing PySide6; None when it is not there."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.exists():
            return plugin
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """The sonames the plugin needs that the system's loader cannot find, in the order met."""
    ldd = shutil.which("ldd")
    if ldd:
        try:
            out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            out = None
        if out is not None:
            return list(dict.fromkeys(_NOT_FOUND.findall(out)))
    import ctypes  # no ldd: try loading the usual suspects one by one

    missing = []
    for soname in PACKAGES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


def advice(missing: list[str]) -> str:
    """One line: what is missing and the packages that bring it."""
    packages = list(dict.fromkeys(PACKAGES.get(soname, soname) for soname in missing))
    return (f"gloss: Qt cannot open a window here: {', '.join(missing)} not found. On Debian/Ubuntu: "
            f"sudo apt-get install {' '.join(packages)} (or run off-screen: QT_QPA_PLATFORM=offscreen)")


def main() -> int:
    if not needs_check():
        return 0
    plugin = xcb_plugin()
    if plugin is None:  # no PySide6 (or a build without xcb): Qt will say so itself
        return 0
    missing = missing_libraries(plugin)
    if missing:
        print(advice(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
