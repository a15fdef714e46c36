"""Shared test set-up: Qt off-screen, and no test ever touches the real user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests run the same examples on every run (CI judges a commit, not a draw of the dice);
# GLOSS_HYPOTHESIS=hunt draws new ones each run, to look for what the fixed ones miss.
settings.register_profile("fixed", derandomize=True)
settings.register_profile("hunt", derandomize=False)
settings.load_profile(os.environ.get("GLOSS_HYPOTHESIS", "fixed"))

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "japan-nato-2022-05-26.txt"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("GLOSS_DB", raising=False)


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "library.sqlite"


class _Site:
    """A web server on 127.0.0.1 in a thread: ``pages`` maps a path to (status, headers, body);
    ``requests`` lists the paths asked for, in order."""

    def __init__(self) -> None:
        import http.server
        import threading

        site = self
        self.pages: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[str] = []
        self.delay = 0.0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                import time

                site.requests.append(self.path)
                status, headers, body = site.pages.get(self.path, (404, {}, b"not here"))
                if site.delay and self.path.startswith("/slow"):
                    time.sleep(site.delay)
                self.send_response(status)
                for key, value in headers.items():
                    if value is not None:  # None: the header is left out (Content-Length, say)
                        self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local_site():
    site = _Site()
    yield site
    site.close()
