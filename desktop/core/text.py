"""Turning file bytes into canonical text: encoding detection, line endings, NFC, bad-input checks."""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import ImportRefused

MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused: no article a person reads is 50 MB of text."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


def canonical(text: str) -> str:
    """Normalise line endings to ``\\n``, drop a stray BOM and compose to NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def unpaired_surrogates(text: str) -> str:
    """``text`` with UTF-16 surrogate pairs (as a YAML ``"\\ud83c\\udf89"`` escape leaves them)
    joined into the characters they stand for, and any lone surrogate replaced by U+FFFD: a string
    with surrogates cannot be written as UTF-8, so it could not be stored."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def content_hash(text: str) -> str:
    """The identity of an article's canonical text (hex SHA-256 of its UTF-8)."""
    import hashlib  # here, not at the top: loading OpenSSL is ~3 ms of a start that hashes nothing

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _looks_binary(text: str) -> bool:
    sample = text[:200_000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return "\x00" in sample or controls / len(sample) > 0.01


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte for Latin text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, name: str = "the file", notes: list[str] | None = None) -> str:
    """Decode a file's bytes to canonical text, or refuse with one clear line.

    UTF-8 (with or without BOM), UTF-16/32 with a BOM are read directly; UTF-8 with a few bad
    bytes (``nearly_utf8``) is read as UTF-8 with those shown as U+FFFD, and a line saying so is
    added to ``notes``; anything else is detected by charset-normalizer (GB18030/GBK, Big5,
    Shift-JIS, cp1252, ...).
    """
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"{name} is {len(data) / 2**20:.0f} MB; Gloss opens files up to {MAX_BYTES // 2**20} MB.")
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportRefused(f"{name} is empty: there is no text to read.")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportRefused(f"{name} starts with a {encoding.upper()} mark but is not valid {encoding.upper()}.") from None
            break
    if text is None:
        utf16 = _guess_utf16_without_bom(data[:4096])
        if utf16:
            try:
                text = data.decode(utf16)
            except UnicodeDecodeError:
                text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            bad = nearly_utf8(data)
            if bad:
                text = data.decode("utf-8", "replace")
                if notes is not None:
                    notes.append(f"{name}: {bad} byte sequence{'s are' if bad > 1 else ' is'} not valid UTF-8 "
                                 "and shown as \ufffd; the rest was read as UTF-8.")
            else:
                text = _detect(data, name)
    if _looks_binary(text):
        raise ImportRefused(f"{name} looks like a binary file, not text Gloss can read.")
    text = canonical(text)
    if not text.strip():
        raise ImportRefused(f"{name} is empty: there is no text to read.")
    return text


_HIGH = re.compile(r"[^\x00-\x7f]")
_CP1252_PUNCTUATION = set("€‚„…†‡ˆ‰‹‘’“”•–—˜™›«»¡¿°±§©®·\xa0")


def nearly_utf8(data: bytes) -> int:
    """How many bad sequences a text that is UTF-8 but for a few bad bytes has, else 0.

    Invalid UTF-8 is usually another encoding (cp1252 "café"); but where the file also holds valid
    multi-byte UTF-8 at least as often as bad bytes, or where reading its high bytes as cp1252
    gives what no text holds (a capital "Ã" inside a lowercase word, letters between symbols:
    "BruÃ(ssels"), it is UTF-8 damaged, and read as such.
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= 0 or bad > max(16, len(data) // 100):
        return 0
    good = sum(1 for m in _HIGH.finditer(text) if m.group() != "\ufffd")
    if good >= bad:
        return bad
    single = data.decode("cp1252", "replace")
    odd = seen = 0
    for m in _HIGH.finditer(single):
        seen += 1
        if seen > 2000:
            break
        ch, at = m.group(), m.start()
        before = single[at - 1] if at else " "
        after = single[at + 1] if at + 1 < len(single) else " "
        if ch.isalpha():
            odd += not (before.isalpha() or after.isalpha()) or (ch.isupper() and before.islower())
        elif ch not in _CP1252_PUNCTUATION:
            odd += 1
    return bad if odd * 3 > seen else 0


def _detect(data: bytes, name: str) -> str:
    if b"\x00" in data[:65536]:
        raise ImportRefused(f"{name} looks like a binary file, not text Gloss can read.")
    from charset_normalizer import from_bytes  # imported here: only needed for non-UTF-8 files

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ImportRefused(f"{name} is not in any text encoding Gloss recognises.")
    # Short Western texts score nearly alike in several single-byte code pages; cp1252 is by far
    # the most common of them, so it wins a near tie.
    for match in results:
        if (match.encoding == "cp1252" and best.encoding != "cp1252" and not best.multi_byte_usage
                and match.chaos <= best.chaos + 0.1 and match.coherence >= best.coherence - 0.05):
            return str(match)
    return str(best)
