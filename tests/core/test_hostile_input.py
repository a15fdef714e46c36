"""Hostile input, for real: every file gets a clear refusal or a clean import, touching nothing else.

Each import runs under a guard that fails the test if it
- opens any file but the one imported (a ``sys.addaudithook`` hook on ``open``, plus named pipes
  planted where ``file:`` and ``../`` references point, which catch opens from C code too),
- makes a network request (``socket.socket.connect`` patched, audit events for connect and name
  look-ups, and a real listening socket that the page's remote images point at),
- takes too long or too much memory (wall clock; peak RSS sampled by psutil; tracemalloc peak).
"""

from __future__ import annotations

import base64
import contextlib
import errno
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import psutil
import pytest

from desktop.core.errors import ImportRefused
from desktop.core.importers.plaintext import parse_plaintext
from desktop.core.text import canonical
from desktop.store import open_library
from desktop.store.articles import get_article
from desktop.store.imports import import_file

REPO = Path(__file__).resolve().parents[2]
_ALLOWED_ROOTS = tuple({str(Path(p).resolve()) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
                       | {str(REPO / "desktop"), str(REPO / "resources")})
_NET_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
               "socket.sendto", "urllib.Request", "http.client.connect", "ftplib.connect"}


class _Audit:
    active = False
    watcher_thread = -1  # the guard's own sampling thread reads /proc; that is not the import
    allowed: set[str] = set()
    violations: list[str] = []


def _hook(event: str, args: tuple) -> None:
    if not _Audit.active or threading.get_ident() == _Audit.watcher_thread:
        return
    if event == "open":
        target = args[0]
        if isinstance(target, int):
            return
        if isinstance(target, bytes):
            target = os.fsdecode(target)
        full = os.path.realpath(os.path.abspath(str(target)))
        if full in _Audit.allowed or full.startswith(_ALLOWED_ROOTS):
            return
        _Audit.violations.append(f"open {full}")
    elif event in _NET_EVENTS:
        _Audit.violations.append(f"{event} {args!r:.200}")


sys.addaudithook(_hook)


class Guard:
    """Runs a callable with the checks described in the module docstring and keeps the figures."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.setblocking(False)
        self.port = self.server.getsockname()[1]
        self.fifos: list[Path] = []
        self.fifo_opened: list[str] = []
        self.peak_rss = 0
        self.seconds = 0.0
        self.py_peak = 0

    def fifo(self, path: Path) -> Path:
        """A named pipe where a hostile reference points: any open of it is noticed."""
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
        self.fifos.append(path)
        return path

    def _watch(self, stop: threading.Event) -> None:
        _Audit.watcher_thread = threading.get_ident()
        proc = psutil.Process()
        while not stop.is_set():
            self.peak_rss = max(self.peak_rss, proc.memory_info().rss)
            for fifo in self.fifos:
                try:  # succeeds only if someone has the pipe open for reading
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                except OSError as exc:
                    if exc.errno not in (errno.ENXIO, errno.ENOENT):
                        raise
                    continue
                self.fifo_opened.append(str(fifo))
                os.close(fd)  # the reader sees end of file and goes on
            stop.wait(0.002)

    def run(self, fn, *args, allowed: tuple[Path, ...] = (), monkeypatch=None, trace: bool = False):
        def no_connect(sock, address, *a, **k):
            _Audit.violations.append(f"socket.connect {address!r}")
            raise OSError("network access is not allowed during import")

        if monkeypatch is not None:
            monkeypatch.setattr(socket.socket, "connect", no_connect)
            monkeypatch.setattr(socket.socket, "connect_ex", no_connect)
        stop = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(stop,), daemon=True)
        base_rss = psutil.Process().memory_info().rss
        self.peak_rss = base_rss
        _Audit.violations = []
        _Audit.allowed = {os.path.realpath(p) for p in allowed}
        if trace:  # Python-level allocations too (slows the import several-fold, so only if asked)
            tracemalloc.start()
        watcher.start()
        _Audit.active = True
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.seconds = time.perf_counter() - t0
            _Audit.active = False
            if trace:
                self.py_peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            stop.set()
            watcher.join()
            self.peak_rss -= base_rss
            if monkeypatch is not None:
                monkeypatch.undo()
            self.check()

    def check(self) -> None:
        connected = []
        with contextlib.suppress(BlockingIOError):
            while True:
                conn, addr = self.server.accept()
                connected.append(addr)
                conn.close()
        self.server.close()
        assert not connected, f"the import connected to the network: {connected}"
        assert not self.fifo_opened, f"the import opened files it must not: {self.fifo_opened}"
        assert not _Audit.violations, f"the import reached outside the file: {_Audit.violations}"


@pytest.fixture
def lib(tmp_path):
    library = open_library(tmp_path / "lib" / "library.sqlite")
    yield library
    library.close()


@pytest.fixture
def guard(tmp_path):
    return Guard(tmp_path)


def guarded_import(lib, guard, path: Path, monkeypatch, *, seconds: float = 10, rss_mb: float = 300,
                   trace: bool = False):
    """Import ``path`` under the guard; returns the stored Article or the ImportRefused."""
    try:
        result = guard.run(import_file, lib, path, allowed=(path,), monkeypatch=monkeypatch, trace=trace)
    except ImportRefused as exc:
        result = exc
    assert guard.seconds < seconds, f"{path.name}: took {guard.seconds:.1f} s"
    assert guard.peak_rss < rss_mb * 2**20, f"{path.name}: peak RSS grew {guard.peak_rss / 2**20:.0f} MB"
    if isinstance(result, ImportRefused):
        message = str(result)
        assert "\n" not in message and 10 < len(message) < 300
        assert "Traceback" not in message
        return result
    ((article_id, _title, added),) = result
    assert added
    return get_article(lib, article_id)


# --- empty, binary and undecodable files ----------------------------------------------------

def _png(width: int = 64, height: int = 64) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes((x * 4 + y) % 256 for x in range(width * 3)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


BAD_FILES = {
    "empty.txt": (b"", "empty"),
    "blank.md": (b"   \n\n\t  \r\n", "empty"),
    "bom-only.txt": (b"\xef\xbb\xbf", "empty"),
    "nuls.txt": (b"\x00" * 4096, "empty"),
    "picture.txt": (_png(), "binary"),
    "picture.html": (_png(), "binary"),
    "random.txt": (random.Random(7).randbytes(200_000), ""),
    "random.md": (random.Random(8).randbytes(3_000), ""),
    "odd-utf16.txt": (b"\xff\xfe" + "Broken".encode("utf-16-le") + b"\x00", "UTF-16"),
    "control-chars.txt": (bytes(range(1, 32)) * 500, "binary"),
    "gzip.txt": (zlib.compress(b"hidden text " * 1000), ""),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_with_one_line(lib, guard, tmp_path, monkeypatch, name):
    data, words = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = guarded_import(lib, guard, path, monkeypatch)
    assert isinstance(result, ImportRefused), f"{name} was imported: {result.text[:80]!r}"
    assert words in str(result)
    assert not lib.db.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_png_by_its_own_name_is_refused(lib, guard, tmp_path, monkeypatch):
    path = tmp_path / "picture.png"
    path.write_bytes(_png())
    result = guarded_import(lib, guard, path, monkeypatch)
    assert isinstance(result, ImportRefused) and ".png" in str(result)


def test_mostly_text_with_undecodable_bytes_never_crashes(lib, guard, tmp_path, monkeypatch):
    # Valid UTF-8 prose with stray invalid bytes: a clean import (best guess) or a clear refusal.
    body = ("Plain words about straits and alliances. " * 50).encode()
    data = body[:700] + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc" + body[700:]
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    result = guarded_import(lib, guard, path, monkeypatch)
    if not isinstance(result, ImportRefused):
        assert "straits and alliances" in result.text


# --- encodings, checked character for character ---------------------------------------------

ZH_HANS = """关于海峡局势的分析

近年来，地区安全形势发生了深刻变化。一些国家不断加强军事同盟，试图把冷战思维带到亚太地区，这引起了周边国家的普遍担忧。
分析人士指出，维护和平稳定符合各国人民的共同利益，任何挑动对抗的做法都不得人心。我们应当坚持对话协商，通过和平方式解决分歧。
与此同时，经济合作仍然是地区发展的主旋律。各方在贸易、投资、科技和人文交流等领域的合作不断深化，为共同繁荣奠定了坚实基础。
专家认为，只有尊重彼此的核心利益和重大关切，才能建立长期互信，推动构建更加公正合理的地区秩序。"""

ZH_HANT = """關於海峽局勢的分析

近年來，地區安全形勢發生了深刻變化。一些國家不斷加強軍事同盟，試圖把冷戰思維帶到亞太地區，這引起了周邊國家的普遍擔憂。
分析人士指出，維護和平穩定符合各國人民的共同利益，任何挑動對抗的做法都不得人心。我們應當堅持對話協商，通過和平方式解決分歧。
與此同時，經濟合作仍然是地區發展的主旋律。各方在貿易、投資、科技和人文交流等領域的合作不斷深化，為共同繁榮奠定了堅實基礎。
專家認為，只有尊重彼此的核心利益和重大關切，才能建立長期互信，推動構建更加公正合理的地區秩序。"""

JA = """海峡情勢に関する分析

近年、地域の安全保障環境は大きく変化している。一部の国は軍事同盟を強化し、冷戦的な考え方をアジア太平洋地域に持ち込もうとしており、周辺諸国の間で懸念が広がっている。
専門家によれば、平和と安定を維持することは各国の人々の共通の利益であり、対立をあおるような行動は支持を得られない。対話と協議を通じて、意見の違いを平和的に解決すべきだという。
同時に、経済協力は依然として地域発展の主な流れである。貿易や投資、科学技術、文化交流などの分野で協力が深まり、共同の繁栄のための確かな基盤が築かれている。"""

EN_EXTRA = """Notes on the straits, with accents: café, naïve, Zürich — and “quotes”.

The first paragraph is long enough for any detector to be sure of what it is reading, and it goes on a while.
A second paragraph mentions 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the basic plane and 中文 in passing."""

ENCODED = {
    "gb18030": (ZH_HANS, ZH_HANS.encode("gb18030")),
    "big5": (ZH_HANT, ZH_HANT.encode("big5")),
    "shift_jis": (JA, JA.encode("shift_jis")),
    "utf-16-bom-le": (EN_EXTRA, EN_EXTRA.encode("utf-16")),
    "utf-16-bom-be": (ZH_HANS, b"\xfe\xff" + ZH_HANS.encode("utf-16-be")),
    "utf-16le-nobom": (EN_EXTRA, EN_EXTRA.encode("utf-16-le")),
    "utf-16be-nobom": (EN_EXTRA, EN_EXTRA.encode("utf-16-be")),
    "utf-8-crlf": (ZH_HANS, ZH_HANS.replace("\n", "\r\n").encode("utf-8")),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_encodings_import_character_exact(lib, guard, tmp_path, monkeypatch, name):
    original, data = ENCODED[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    result = guarded_import(lib, guard, path, monkeypatch)
    assert not isinstance(result, ImportRefused), str(result)
    expected = parse_plaintext(canonical(original), path.stem)
    assert result.title == expected.title
    assert result.text == expected.text  # every character, not just "some CJK came through"


# --- size --------------------------------------------------------------------------------------

def test_100_mb_file_refused_quickly_without_reading(lib, guard, tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(100 * 2**20)  # sparse: no 100 MB written, none to read
    result = guarded_import(lib, guard, path, monkeypatch, seconds=1, rss_mb=20, trace=True)
    assert isinstance(result, ImportRefused) and "50 MB" in str(result)
    assert guard.py_peak < 2**20  # nothing of the file was read into memory


def test_just_over_the_limit_is_refused(lib, guard, tmp_path, monkeypatch):
    path = tmp_path / "big.html"
    with open(path, "wb") as fh:
        fh.write(b"<p>start</p>")
        fh.truncate(50 * 2**20 + 1)
    result = guarded_import(lib, guard, path, monkeypatch, seconds=1, rss_mb=20)
    assert isinstance(result, ImportRefused) and "50 MB" in str(result)


# --- hostile HTML ------------------------------------------------------------------------------

ARTICLE_P = "<p>Analysts agree that the strait matters for trade, and they say so at some length here.</p>"


def _page(body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>Hostile page</title>{head}</head><body><article>"
            f"<h1>Hostile page</h1>{ARTICLE_P}{body}{ARTICLE_P.replace('trade', 'shipping')}"
            f"</article></body></html>")


def _assert_clean(article, *forbidden: str) -> None:
    assert "strait matters for trade" in article.text and "strait matters for shipping" in article.text
    stored = article.text + article.title + repr(article.spans) + repr(article.meta)
    for word in forbidden:
        assert word not in stored, f"{word!r} survived the import"
    for span in article.spans:
        assert span.href == "" or span.href.startswith(("http:", "https:", "mailto:", "#"))


def test_scripts_event_handlers_and_javascript_links(lib, guard, tmp_path, monkeypatch):
    body = ("<script>document.write('INJECTED'); fetch('http://evil.example/')</script>"
            "<p onclick=\"alert('HANDLER')\" onmouseover=\"steal()\">Click <a href=\"javascript:alert('JS')\">"
            "here</a> or <a href=\"JaVaScRiPt:alert(1)\">there</a> or <a href=\"vbscript:x\">this</a> or "
            "<a href=\"data:text/html,<script>alert(1)</script>\">that</a>.</p>"
            "<p>A <a href=\"https://example.org/ok\">fine link</a> stays.</p>"
            "<noscript>NOSCRIPT</noscript><style>body{display:none}</style><template>TEMPLATE</template>"
            "<iframe src=\"http://127.0.0.1:1/\">IFRAME</iframe><svg><script>SVGSCRIPT</script></svg>"
            "<img src=x onerror=\"alert('ONERROR')\">")
    path = tmp_path / "scripts.html"
    path.write_text(_page(body, "<script src=\"http://evil.example/x.js\"></script>"), encoding="utf-8")
    article = guarded_import(lib, guard, path, monkeypatch)
    _assert_clean(article, "INJECTED", "HANDLER", "alert", "javascript", "vbscript", "NOSCRIPT",
                  "display:none", "TEMPLATE", "IFRAME", "SVGSCRIPT", "ONERROR", "evil.example", "data:")
    assert any(s.href == "https://example.org/ok" for s in article.spans)


def test_remote_file_and_relative_resources_are_never_fetched(lib, guard, tmp_path, monkeypatch):
    folder = tmp_path / "site" / "pages"
    secret = guard.fifo(tmp_path / "site" / "secret.png")
    absolute = guard.fifo(tmp_path / "absolute-secret.txt")
    guard.fifo(folder / "local.png")
    guard.fifo(folder / "style.css")
    remote = f"http://127.0.0.1:{guard.port}"
    body = (f"<p>Picture: <img src=\"{remote}/a.png\" srcset=\"{remote}/b.png 2x\"></p>"
            f"<img src=\"//127.0.0.1:{guard.port}/c.png\"><img src=\"file://{absolute}\">"
            f"<img src=\"../secret.png\"><img src=\"local.png\"><img src=\"{secret.as_uri()}\">"
            f"<p style=\"background:url('{remote}/bg.png')\">Styled text.</p>"
            f"<object data=\"{absolute.as_uri()}\"></object><embed src=\"../secret.png\">"
            f"<video poster=\"{remote}/p.png\"><source src=\"{remote}/v.mp4\"></video>"
            f"<p><a href=\"../secret.png\">relative link</a> <a href=\"{absolute.as_uri()}\">file link</a></p>"
            f"<p>Image in text: ![x]({remote}/md.png)</p>")
    head = (f"<base href=\"file:///\"><link rel=stylesheet href=\"style.css\"><link rel=stylesheet "
            f"href=\"{remote}/s.css\"><style>@import url('{remote}/i.css');</style>"
            f"<meta http-equiv=\"refresh\" content=\"0;url={remote}/r\">"
            f"<link rel=\"preload\" href=\"{absolute.as_uri()}\">")
    path = folder / "page.html"
    path.write_text(_page(body, head), encoding="utf-8")
    article = guarded_import(lib, guard, path, monkeypatch)
    _assert_clean(article, "file:", "secret")


def test_huge_inline_data_image(lib, guard, tmp_path, monkeypatch):
    payload = base64.b64encode(os.urandom(30 * 2**20)).decode()  # ~40 MB of base64, under the limit
    body = f"<p>Before the image.</p><img src=\"data:image/png;base64,{payload}\"><p>After the image.</p>"
    path = tmp_path / "inline.html"
    path.write_text(_page(body), encoding="ascii")
    del payload
    article = guarded_import(lib, guard, path, monkeypatch, seconds=20, rss_mb=1200)
    _assert_clean(article, "base64", "data:")
    assert len(article.text) < 2000
    print(f"inline image: {guard.seconds:.1f} s, peak RSS +{guard.peak_rss / 2**20:.0f} MB")


def test_absurd_font_sizes_and_styles(lib, guard, tmp_path, monkeypatch):
    body = ("<p style=\"font-size: 99999999999px; line-height: 1e308\">Huge text.</p>"
            "<font size=\"1000000\" face=\"Comic Sans\">Big font tag.</font>"
            "<h2 style=\"font-size:-5px;position:fixed;z-index:2147483647\">A heading</h2>"
            "<p><span style=\"font-size:calc(1e400 * 1px)\">Overflowing size</span>.</p>"
            "<big><big><big><big><big><big><big><big>Very big</big></big></big></big></big></big></big></big>")
    path = tmp_path / "fonts.html"
    path.write_text(_page(body), encoding="utf-8")
    article = guarded_import(lib, guard, path, monkeypatch)
    _assert_clean(article, "font-size", "99999", "z-index", "Comic")
    assert "Huge text." in article.text and "Overflowing size" in article.text


@pytest.mark.parametrize("tag", ["div", "span", "b", "ul><li", "blockquote", "table><tr><td"])
def test_100000_nested_elements(lib, guard, tmp_path, monkeypatch, tag):
    opens = "".join(f"<{t}>" for t in tag.split("><"))
    closes = "".join(f"</{t}>" for t in reversed(tag.split("><")))
    if tag in ("span", "b"):  # inline elements nest inside a paragraph
        body = "<p>Before " + opens * 100_000 + "Deep inside the nest." + closes * 100_000 + " after.</p>"
    else:
        body = opens * 100_000 + "<p>Deep inside the nest.</p>" + closes * 100_000
    path = tmp_path / "nested.html"
    path.write_text(_page(body), encoding="utf-8")
    article = guarded_import(lib, guard, path, monkeypatch, seconds=10, rss_mb=600)
    _assert_clean(article)
    assert "Deep inside the nest." in article.text
    print(f"nested {tag}: {guard.seconds:.1f} s, peak RSS +{guard.peak_rss / 2**20:.0f} MB")


def test_unclosed_and_broken_markup(lib, guard, tmp_path, monkeypatch):
    body = ("<p>Opened" + "<a \"" * 200_000 + " never closed " + "<div" * 100_000 + "<!--" + "]]>" * 1000)
    path = tmp_path / "broken.html"
    path.write_text(_page(body), encoding="utf-8")
    result = guarded_import(lib, guard, path, monkeypatch, seconds=10, rss_mb=600)
    assert isinstance(result, ImportRefused) or "strait matters for trade" in result.text


def test_titles_that_are_paths_or_reserved_names_are_just_text(lib, guard, tmp_path, monkeypatch):
    for i, title in enumerate(["../../etc/passwd", "CON", "", "C:\\Windows\\win.ini", "a/" * 300]):
        path = tmp_path / f"title{i}.html"
        path.write_text(_page(f"<p>Variant {i} of the text.</p>").replace("Hostile page", title, 1),
                        encoding="utf-8")
        article = guarded_import(lib, guard, path, monkeypatch)
        _assert_clean(article)
        guard = Guard(tmp_path)


# --- hostile Markdown -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["quotes", "lists", "emphasis", "links", "html"])
def test_pathological_markdown(lib, guard, tmp_path, monkeypatch, kind):
    remote = f"http://127.0.0.1:{guard.port}"
    secret = guard.fifo(tmp_path / "secret.md")
    bodies = {
        "quotes": ">" * 100_000 + " deep quote\n",
        "lists": "".join("  " * i + "- item\n" for i in range(2000)),
        "emphasis": "*a **b " * 50_000 + "\n",
        "links": f"![img]({remote}/x.png) [a](../secret.md) [b]({secret.as_uri()}) <{remote}/auto>\n" * 2000,
        "html": "<div>" * 100_000 + "<script>alert(1)</script>\n",
    }
    text = "# Pathological\n\nOpening paragraph of the strait notes.\n\n" + bodies[kind] + "\nClosing words.\n"
    path = tmp_path / f"{kind}.md"
    path.write_text(text, encoding="utf-8")
    result = guarded_import(lib, guard, path, monkeypatch, seconds=10, rss_mb=600)
    if not isinstance(result, ImportRefused):
        assert "Opening paragraph of the strait notes." in result.text
        # Raw HTML in Markdown is shown as the literal text it is (never rendered), links are sanitised.
        assert "file:" not in repr(result.spans)


# --- the command line ---------------------------------------------------------------------------

def test_cli_import_of_hostile_files_gives_one_line_each(tmp_path):
    files = []
    for name, data in [("empty.txt", b""), ("picture.txt", _png()), ("random.txt", os.urandom(10_000))]:
        (tmp_path / name).write_bytes(data)
        files.append(str(tmp_path / name))
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(100 * 2**20)
    files.append(str(huge))
    deep = tmp_path / "deep.html"
    deep.write_text(_page("<div>" * 100_000 + "<p>Deep inside.</p>"), encoding="utf-8")
    files.append(str(deep))
    env = dict(os.environ, GLOSS_DB=str(tmp_path / "library.sqlite"))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "desktop", "import", *files], capture_output=True,
                          text=True, env=env, timeout=60)
    assert time.perf_counter() - t0 < 30
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 4 and all(line.startswith("gloss: ") for line in errors), proc.stderr
    assert proc.stdout.count("\n") == 1 and proc.stdout.split("\t")[0].strip().isdigit()
