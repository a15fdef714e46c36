"""Before Qt starts on a Linux display, a missing library of Qt's xcb plugin is named in one line
with the Debian/Ubuntu packages to install, and the app is not started (exit 1)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import platform_check

ROOT = Path(__file__).resolve().parent.parent

LDD = """#!/bin/sh
printf '\\tlinux-vdso.so.1 (0x00007ffd)\\n'
printf '\\tlibxcb-cursor.so.0 => /usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f11)\\n'
{missing}
printf '\\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f22)\\n'
"""


def _fake_ldd(folder: Path, *missing: str) -> Path:
    lines = "\n".join(f"printf '\\t{name} => not found\\n'" for name in missing)
    ldd = folder / "ldd"
    ldd.write_text(LDD.format(missing=lines))
    ldd.chmod(0o755)
    return folder


def _check(tmp_path: Path, *missing: str, **env: str) -> subprocess.CompletedProcess:
    bin_dir = _fake_ldd(tmp_path, *missing)
    environ = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    environ.update(PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "desktop.platform_check"], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=60)


def test_missing_xcb_libraries_are_named_with_their_packages(tmp_path):
    # what a new user met under Xvfb: libxcb-cursor0 there, these two not
    proc = _check(tmp_path, "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-icccm.so.4", DISPLAY=":99")
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1
    assert "apt-get install libxcb-icccm4 libxcb-keysyms1 " in lines[0]
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1 not found" in lines[0]
    assert "cursor" not in lines[0]


def test_an_unknown_missing_library_is_named_as_it_is(tmp_path):
    proc = _check(tmp_path, "libxcb-future.so.9", DISPLAY=":99")
    assert proc.returncode == 1 and "apt-get install libxcb-future.so.9 " in proc.stderr


@pytest.mark.parametrize("env", [{"DISPLAY": ":99", "QT_QPA_PLATFORM": "offscreen"},
                                 {"DISPLAY": ":99", "QT_QPA_PLATFORM": "wayland"}, {}])
def test_no_check_off_screen_on_another_platform_or_without_a_display(tmp_path, env):
    proc = _check(tmp_path, "libxcb-icccm.so.4", **env)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_nothing_said_when_everything_loads(tmp_path):
    proc = _check(tmp_path, DISPLAY=":99", QT_QPA_PLATFORM="xcb")
    assert (proc.returncode, proc.stderr) == (0, "")


def test_without_ldd_the_libraries_are_loaded_one_by_one(monkeypatch):
    import ctypes

    monkeypatch.setattr(platform_check.shutil, "which", lambda name: None)

    def cdll(name, *args, **kwargs):
        if name in ("libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"):
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    missing = platform_check.missing_libraries(Path("/nonexistent/libqxcb.so"))
    assert missing == ["libxcb-keysyms.so.1", "libxkbcommon-x11.so.0"]
    assert "install libxcb-keysyms1 libxkbcommon-x11-0 " in platform_check.advice(missing)


def test_the_plugin_is_found_without_importing_qt():
    code = ("import sys; from desktop import platform_check as p; "
            "print(p.xcb_plugin().name, 'PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert out.stdout.split() == ["libqxcb.so", "False"], out.stderr
