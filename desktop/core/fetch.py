"""Web pages by URL: one GET (http or https only), a time limit, a size cap, at most five redirects.

Only the address asked for is fetched: no images, scripts, styles or frames (the HTML importer
never loads anything either). The page becomes an Article like a file of its kind would (HTML,
PDF, EPUB, plain text, Markdown), with the URL as its ``url``.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import ssl
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable

from .article import Article
from .errors import ImportRefused
from .text import MAX_BYTES
from .urls import is_url, normalise_url

TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
USER_AGENT = "Gloss/0.1 (a desktop reader; one page per request)"
Progress = Callable[[int, int], None]


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    charset: str
    data: bytes


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        target = urllib.parse.urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        if not is_url(target):
            raise ImportRefused(f"{req.full_url} redirects to {target.split(':')[0]}:, which Gloss does not follow.")
        if len(getattr(req, "redirect_dict", {})) >= self.max_redirections:
            raise ImportRefused(f"{_host(req.full_url)} redirected more than {MAX_REDIRECTS} times; nothing was imported.")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n // 1024} KB"


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def fetch(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES,
          progress: Progress | None = None) -> Fetched:
    """GET one URL, or refuse in one line (not http(s), unreachable, an error status, too slow, too big)."""
    if not is_url(url):
        raise ImportRefused(f"{url}: Gloss fetches only http:// and https:// addresses.")
    host = _host(url)
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                                                   "application/pdf,application/epub+zip,text/plain;q=0.9,*/*;q=0.5"})
    try:
        with opener.open(request, timeout=timeout) as response:
            length = int(response.headers.get("Content-Length") or 0)
            if length > max_bytes:
                raise ImportRefused(f"{url} is {_size(length)}; Gloss fetches pages up to {_size(max_bytes)}.")
            chunks, got = [], 0
            while True:
                chunk = response.read(65536)
                if not chunk:
                    break
                got += len(chunk)
                if got > max_bytes:
                    raise ImportRefused(f"{url} is larger than {_size(max_bytes)}; Gloss stopped reading it.")
                chunks.append(chunk)
                if progress is not None:
                    progress(got, length or got)
            ctype = response.headers.get_content_type() or ""
            charset = response.headers.get_content_charset() or ""
            return Fetched(response.geturl(), ctype, charset, b"".join(chunks))
    except urllib.error.HTTPError as exc:
        raise ImportRefused(f"{host} answered {exc.code} {exc.reason} for {url}.") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise ImportRefused(f"{host} did not answer within {timeout:g} s.") from None
        if isinstance(reason, ssl.SSLError):
            raise ImportRefused(f"{host}: the secure connection failed ({getattr(reason, 'reason', None) or reason}).") from None
        raise ImportRefused(f"Could not reach {host} ({getattr(reason, 'strerror', None) or reason}).") from None
    except (socket.timeout, TimeoutError):
        raise ImportRefused(f"{host} did not answer within {timeout:g} s.") from None
    except (ValueError, http.client.HTTPException, OSError) as exc:
        raise ImportRefused(f"{url}: the page could not be fetched ({exc}).") from None


def load_url(url: str, progress: Progress | None = None, **limits) -> Article:
    """Fetch a URL and read it as the kind of document it is; ``url`` becomes the article's."""
    from .importers import parse_text

    fetched = fetch(url, progress=progress, **limits)
    path = urllib.parse.urlsplit(fetched.url).path
    stem = os.path.splitext(os.path.basename(path.rstrip("/")))[0] or _host(fetched.url)
    ctype = fetched.content_type
    if ctype == "application/pdf" or fetched.data.startswith(b"%PDF-"):
        article = _from_file(fetched.data, ".pdf", stem)
    elif ctype == "application/epub+zip":
        article = _from_file(fetched.data, ".epub", stem)
    elif ctype in ("text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown", ""):
        text = _decode(fetched, url)
        suffix = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md"}.get(ctype, ".html")
        article = parse_text(text, suffix, stem)
    else:
        raise ImportRefused(f"{url} is {ctype}, not a page Gloss can read.")
    article.url = normalise_url(url)
    if fetched.url != url:
        article.meta["fetched_from"] = fetched.url
    return article


def _decode(fetched: Fetched, url: str) -> str:
    from .text import canonical, decode

    if fetched.charset:
        try:
            return canonical(fetched.data.decode(fetched.charset))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(fetched.data, url)


def _from_file(data: bytes, suffix: str, stem: str) -> Article:
    from .importers import load

    with tempfile.TemporaryDirectory(prefix="gloss-fetch-") as tmp:
        path = os.path.join(tmp, re.sub(r"[^\w.-]+", "_", stem or "page")[:80] + suffix)
        with open(path, "wb") as fh:
            fh.write(data)
        return load(path)
