"""scripts/install-desktop-entry installs and removes the menu entry and icons with xdg-utils and
without them, whatever this machine has installed: each path runs with a PATH made for it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "install-desktop-entry"
SH = shutil.which("sh") or "/bin/sh"
TOOLS = ("mkdir", "cp", "rm", "dirname")

# xdg-utils 1.1.3 as far as the script relies on it: an icon or entry name without a vendor
# prefix ("vendor-name") is refused unless --novendor is given.
FAKE_ICON = r"""#!/bin/sh
cmd=$1; shift; size=""; novendor=""
while [ $# -gt 0 ]; do case $1 in
  --size) size=$2; shift 2;; --novendor) novendor=1; shift;; --mode|--context) shift 2;; --noupdate) shift;;
  *) break;; esac; done
case $cmd in
  install) name=$2
    if [ -z "$novendor" ] && ! echo "$name" | grep -q '^[a-zA-Z]*-'; then
      echo "xdg-icon-resource: icon name '$name' does not have a proper vendor prefix" >&2; exit 1; fi
    mkdir -p "$XDG_DATA_HOME/icons/hicolor/${size}x${size}/apps"
    cp "$1" "$XDG_DATA_HOME/icons/hicolor/${size}x${size}/apps/$name.png";;
  uninstall) rm -f "$XDG_DATA_HOME/icons/hicolor/${size}x${size}/apps/$1.png";;
esac
echo "xdg-icon-resource $cmd" >> "$XDG_DATA_HOME/calls"
"""
FAKE_MENU = r"""#!/bin/sh
cmd=$1; shift; novendor=""
while [ $# -gt 0 ]; do case $1 in --novendor) novendor=1; shift;; --mode) shift 2;; *) break;; esac; done
case $cmd in
  install) [ -n "$novendor" ] || { echo "xdg-desktop-menu: no vendor prefix" >&2; exit 1; }
    mkdir -p "$XDG_DATA_HOME/applications"; cp "$1" "$XDG_DATA_HOME/applications/";;
  uninstall) rm -f "$XDG_DATA_HOME/applications/$1";;
esac
echo "xdg-desktop-menu $cmd" >> "$XDG_DATA_HOME/calls"
"""
FAKE_MIME = r"""#!/bin/sh
mkdir -p "$XDG_CONFIG_HOME"; echo "$3=$2" >> "$XDG_CONFIG_HOME/mimeapps.list"
echo "xdg-mime $1" >> "$XDG_DATA_HOME/calls"
"""


def _bin(tmp_path: Path, fakes: bool) -> str:
    folder = tmp_path / ("fake-xdg" if fakes else "no-xdg")
    folder.mkdir()
    for tool in TOOLS + ("grep",):
        (folder / tool).symlink_to(shutil.which(tool))
    if fakes:
        for name, body in (("xdg-icon-resource", FAKE_ICON), ("xdg-desktop-menu", FAKE_MENU),
                           ("xdg-mime", FAKE_MIME)):
            (folder / name).write_text(body, encoding="ascii")
            (folder / name).chmod(0o755)
    return str(folder)


def _run(tmp_path: Path, path: str, *args: str) -> subprocess.CompletedProcess:
    env = {"HOME": str(tmp_path / "home"), "PATH": path, "XDG_DATA_HOME": str(tmp_path / "share"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return subprocess.run([SH, str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("tools", ["fake xdg-utils", "none", "this machine's"])
def test_install_and_uninstall(tmp_path, tools):
    path = {"fake xdg-utils": lambda: _bin(tmp_path, True), "none": lambda: _bin(tmp_path, False),
            "this machine's": lambda: os.environ.get("PATH", "/usr/bin:/bin")}[tools]()
    data = tmp_path / "share"
    done = _run(tmp_path, path)
    assert done.returncode == 0, done.stderr
    assert (data / "applications" / "gloss.desktop").is_file()
    for size in (16, 48, 256):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "gloss.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "gloss.svg").is_file()
    if tools == "fake xdg-utils":
        calls = (data / "calls").read_text(encoding="ascii").split("\n")
        assert "xdg-icon-resource install" in calls and "xdg-desktop-menu install" in calls
        assert "x-scheme-handler/gloss=gloss.desktop" in (tmp_path / "config" / "mimeapps.list").read_text()
    if tools == "none":
        assert "mimeapps.list" in done.stderr  # says how to register gloss:// links by hand
    undone = _run(tmp_path, path, "--uninstall")
    assert undone.returncode == 0, undone.stderr
    assert not (data / "applications" / "gloss.desktop").exists()
    assert not list((data / "icons").rglob("gloss.*"))
