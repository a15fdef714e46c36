"""PDF articles: the text layer read with PDFium (pypdfium2), reflowed into paragraphs with pages.

PDFium gives each page's text with the position, size and font of every character; Gloss reads
one record per visual line (a handful of calls each), orders them (``pdf_layout``), joins them
into paragraphs (``pdf_reflow``) and takes the title, authors, date, DOI and arXiv id
(``pdf_meta``). Footnotes follow the body under a "Notes" heading, each with its page.
"""

from __future__ import annotations

import ctypes
import os
import re
from bisect import bisect_left
from pathlib import Path
from typing import Callable

from ..article import Article, ArticleBuilder
from ..collection import collection_held
from ..errors import ImportRefused
from .pdf_layout import BAND, Line, Page, body_size, drop_furniture, reading_order, split_footnotes
from .pdf_meta import front_matter
from .pdf_reflow import Para, Vocabulary, clean_line, paragraphs

Progress = Callable[[int, int], None]
"""progress(done, total): called as pages are read (from the importing thread)."""

_BOLD_FLAG = 1 << 18  # FPDF_FONT_FORCEBOLD
_UNCLEAN = re.compile("[\ufb00-\ufb06\ufffe\u00ad\u00b4\u00a8\u02c6\u02dc\u00b8\u02c7\u02d8\u02da\u02dd\x00-\x09\x0b\x0c\x0e-\x1f\x7f\ufffd]|  ")
_MARK_GLUED = re.compile(r"^(\d{1,3}|[*†‡§¶]+)(?=[^\W\d_])")  # "2See" under a raised 2
_NUMBER = re.compile(r"\d+")
_AFTER = frozenset(".,;:’”\"')")
_VISUAL_LINE = re.compile("[^\r\n\ufffe]*\ufffe|[^\r\n\ufffe]+")
"""A line PDFium wrote: up to CR LF, or up to and with a line-end hyphen (U+FFFE), after which
PDFium runs on into the next line without a break."""
_BOLD_NAMES = (b"bold", b"black", b"heavy", b"semibold", b"demi", b"cmbx", b"-bd", b"medi")


def _open(path: Path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise ImportRefused(f"{path.name} is password-protected; Gloss cannot open encrypted PDFs.") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise ImportRefused(f"{path.name} uses an encryption Gloss cannot read.") from None
        raise ImportRefused(f"{path.name} is damaged or not a PDF: it could not be read.") from None


class _PageReader:
    """Reads one page's visual lines through PDFium's text API."""

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.d = [ctypes.c_double() for _ in range(4)]
        self.refs = [ctypes.byref(d) for d in self.d]
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.flags_ref = ctypes.byref(self.flags)
        self.fonts: dict[tuple[bytes, int], bool] = {}

    def box(self, tp, i: int) -> tuple[float, float, float, float]:
        self.raw.FPDFText_GetCharBox(tp, i, *self.refs)
        return self.d[0].value, self.d[1].value, self.d[2].value, self.d[3].value  # left, right, bottom, top

    def bold(self, tp, i: int) -> bool:
        """Whether the character's font is bold: by its name, flags or weight, once per font."""
        self.raw.FPDFText_GetFontInfo(tp, i, self.name, 128, self.flags_ref)
        key = (self.name.value, self.flags.value)
        known = self.fonts.get(key)
        if known is None:
            name = key[0].lower()
            known = self.fonts[key] = (any(w in name for w in _BOLD_NAMES) or bool(key[1] & _BOLD_FLAG)
                                       or self.raw.FPDFText_GetFontWeight(tp, i) >= 600)
        return known

    def lines(self, page, number: int, width: float, height: float) -> list[Line]:
        raw = self.raw
        textpage = page.get_textpage()
        try:
            tp = textpage.raw
            text = textpage.get_text_range()
            count = raw.FPDFText_CountChars(tp)
            origin, box, font_size = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetCharBox, raw.FPDFText_GetFontSize
            d0, d1 = self.d[0], self.d[1]
            r0, r1, r2, r3 = self.refs
            bold = self.bold
            # Found once per page, not per line: characters to clean, and raised note numbers
            # (a number after a word, in type smaller than the character before it).
            unclean = [m.start() for m in _UNCLEAN.finditer(text)]
            marks = [m.start() for m in _NUMBER.finditer(text) if _glued(text, m) and m.start() < count
                     and font_size(tp, m.start()) < 0.8 * font_size(tp, m.start() - 1)]
            spans: list[tuple[int, int]] = []  # each line's first and last character
            lines: list[list] = []  # [left, right, base, size, text]
            isspace = str.isspace
            for m in _VISUAL_LINE.finditer(text):  # one match per line PDFium wrote
                first, last = m.start(), m.end() - 1
                while first <= last and isspace(text[first]):
                    first += 1
                while last > first and isspace(text[last]):
                    last -= 1
                if first > last or last >= count:
                    continue
                line = text[first:last + 1]
                if marks and _within(marks, first, last):
                    line = _bracket_marks(line, [i - first for i in marks if first <= i <= last])
                if unclean and _within(unclean, first, last):
                    line = clean_line(line)
                if not line:
                    continue
                origin(tp, first, r0, r1)
                left, base = d0.value, height - d1.value
                box(tp, last, r0, r1, r2, r3)
                lines.append([left, d1.value, base, round(font_size(tp, first) * 2) / 2, line])
                spans.append((first, last))
            if not lines:
                return []
            # Weight matters for headings, which are short lines: asked of those only (PDFium's
            # font calls are a tenth of the reading time, and most lines run the column's width).
            widths = sorted(ln[1] - ln[0] for ln in lines)
            short = widths[int(len(widths) * 0.8)] * 0.8
            mid, tol = width / 2, width * 0.012
            left_n = sum(1 for ln in lines if ln[1] <= mid + tol)
            right_n = sum(1 for ln in lines if ln[0] >= mid - tol and ln[1] > mid + tol)
            columns = min(left_n, right_n) >= 3
            top, foot = BAND * height, (1 - BAND) * height
            out: list[Line] = []
            for (left, right, base, size, text_), (first, last) in zip(lines, spans):
                line = Line(number, left, right, base, size, right - left < short and bold(tp, first), text_)
                # Lines across the gutter, and running heads (whose two ends PDFium reads as one line)
                if right > mid + tol and left < mid - tol and (columns or not top + size < base < foot):
                    out.extend(self._split(tp, text, first, last, line, height))
                else:
                    out.append(line)
            return out
        finally:
            textpage.close()

    def _line(self, tp, text: str, first: int, last: int, number: int, height: float) -> Line:
        raw = self.raw
        d = self.d
        raw.FPDFText_GetCharOrigin(tp, first, self.refs[0], self.refs[1])
        left, base = d[0].value, height - d[1].value
        raw.FPDFText_GetCharBox(tp, last, *self.refs)
        size = round(raw.FPDFText_GetFontSize(tp, first) * 2) / 2
        return Line(number, left, d[1].value, base, size, self.bold(tp, first), clean_line(text[first:last + 1]))

    def _split(self, tp, text: str, first: int, last: int, line: Line, height: float) -> list[Line]:
        """A line across the gutter of a two-column page, split where a gap wider than two ems
        separates its words: two columns' lines at one height, which PDFium read as one."""
        cuts = [first]
        i = text.find(" ", first, last)
        while i >= 0:
            a, b = i - 1, i + 1
            while b < last and text[b] == " ":
                b += 1
            if not text[a].isspace() and self.box(tp, b)[0] - self.box(tp, a)[1] > 2 * max(line.size, 4):
                cuts += [a, b]
            i = text.find(" ", b, last)
        if len(cuts) == 1:
            return [line]
        cuts.append(last)
        return [self._line(tp, text, a, b, line.page, height) for a, b in zip(cuts[::2], cuts[1::2])]


def _glued(text: str, m: re.Match) -> bool:
    """A number of one to three digits straight after a word or its punctuation ("again.2",
    "Yamazaki2"), not followed by a letter: perhaps a raised note mark."""
    start, end = m.span()
    if end - start > 3 or start == 0 or (end < len(text) and text[end].isalnum()):
        return False
    before = text[start - 1]
    return before.isalpha() or before in _AFTER


def _within(positions: list[int], first: int, last: int) -> bool:
    i = bisect_left(positions, first)
    return i < len(positions) and positions[i] <= last


def _bracket_marks(line: str, at: list[int]) -> str:
    """Raised note numbers set apart as "[2]" ("again.²" -> "again.[2]"), so none is glued to a word."""
    for i in reversed(at):
        m = re.match(r"\d{1,3}", line[i:])
        if m:
            line = f"{line[:i]}[{m.group()}]{line[i + m.end():]}"
    return line


def read_pages(path: Path, progress: Progress | None = None) -> tuple[list[Page], dict[str, str]]:
    """Every page's lines and the document's metadata (Title, Author, CreationDate ...)."""
    doc = _open(path)
    try:
        info = {k: str(v) for k, v in doc.get_metadata_dict(skip_empty=True).items()}
        total = len(doc)
        reader = _PageReader()
        pages: list[Page] = []
        for i in range(total):
            page = doc[i]
            try:
                width, height = page.get_size()
                pages.append(Page(i + 1, width, height, reader.lines(page, i + 1, width, height)))
            finally:
                page.close()
            if progress is not None:
                progress(i + 1, total)
        return pages, info
    finally:
        doc.close()


def reflow(pages: list[Page], info: dict[str, str], name: str) -> Article:
    """The lines of every page as one Article: body in reading order, then the footnotes."""
    first_page = sorted(pages[0].lines, key=lambda ln: ln.base) if pages else []
    body = body_size(pages)
    drop_furniture(pages, body)
    ordered: list[tuple[int, Line]] = []
    notes: list[tuple[int, list[Line]]] = []
    for page in pages:
        notes.extend((page.number, note) for note in split_footnotes(page, body))
        ordered.extend(reading_order(page))
    vocab = Vocabulary([ln for _, ln in ordered])
    paras = paragraphs(ordered, body, vocab)
    meta, used = front_matter(paras, first_page, info, body, name)
    paras = paras[used:]
    levels = sorted({p.level for p in paras if p.kind == "heading"})
    for para in paras:  # the title's size was the first level: the top heading left is level 1
        if para.kind == "heading":
            para.level = levels.index(para.level) + 1
    builder = ArticleBuilder()
    for para in paras:
        _add(builder, para)
    if notes:
        builder.add("heading", "Notes", level=1)
        for number, lines in notes:
            note = Para("footnote", [_MARK_GLUED.sub(r"\1 ", lines[0].text, count=1)], number)
            for ln in lines[1:]:
                note.append(ln.text, number, vocab)
            builder.add("footnote", note.text, page=number)
    title = meta.pop("title")
    return builder.build(title, format="pdf", **meta)


def _add(builder: ArticleBuilder, para: Para) -> None:
    builder.add(para.kind, para.text, level=para.level, page=para.page, page_breaks=para.breaks or None)


def parse_pdf(path: str | os.PathLike[str], progress: Progress | None = None) -> Article:
    """Read a PDF into an Article, or refuse in one line (encrypted, damaged, no text layer)."""
    path = Path(path)
    with collection_held():
        pages, info = read_pages(path, progress)
        if not any(page.lines for page in pages):
            raise ImportRefused(f"{path.name} has no text layer (a scan?): Gloss reads PDFs with text; "
                                "run it through OCR (for example ocrmypdf) first.")
        article = reflow(pages, info, path.stem)
    if not article.blocks:
        raise ImportRefused(f"{path.name}: there is no readable text in it.")
    return article
