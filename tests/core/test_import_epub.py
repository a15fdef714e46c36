"""EPUB import: a real book (Alice, from Project Gutenberg via pandoc) and broken or locked ones."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.core.errors import ImportRefused
from desktop.core.importers import load

ALICE = Path(__file__).parent / "fixtures" / "alice.epub"


@pytest.fixture(scope="module")
def alice():
    return load(ALICE)


def test_metadata_from_the_opf(alice):
    assert alice.title == "Alice’s Adventures in Wonderland"
    assert alice.author == "Lewis Carroll"
    assert alice.published == "1865-11-26"
    assert alice.source == "Macmillan"
    assert alice.meta["language"] == "en-GB"
    assert alice.format == "epub"


def test_the_spine_in_order_each_chapter_a_heading(alice):
    chapters = [h for h in alice.headings if h.startswith("CHAPTER")]
    numerals = "I II III IV V VI VII VIII IX X XI XII".split()
    assert [h.split(".")[0] for h in chapters] == [f"CHAPTER {n}" for n in numerals]
    assert alice.headings[0] == "A Note on This Edition"  # the title page (only the metadata) is left out
    heading_blocks = [b for b in alice.blocks if b.kind == "heading"]
    assert {b.level for b in heading_blocks} == {1}


def test_whole_chapters_come_through(alice):
    words = len(alice.text.split())
    assert words > 26_000  # the novel, not a main-content extract of each chapter
    assert "Alice was beginning to get very tired of sitting by her sister on the bank" in alice.text
    assert "remembering her own child-life, and the happy summer days." in alice.text[-100:]
    start = alice.text.index("CHAPTER VII. A Mad Tea-Party")
    assert "Twinkle, twinkle, little bat!" in alice.text[start:]


def test_images_give_their_alt_text_and_note_references_stay_text(alice):
    assert "The White Rabbit, checking his watch" in alice.paragraphs()
    assert alice.text.count("The White Rabbit, checking his watch") == 1  # caption, not caption + alt
    assert "Edition 3.0.[1]" in alice.text
    assert "Prepared from the text kept by Project Gutenberg" in alice.text
    assert "↩" not in alice.text


def _rewrite(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item))
            if data is not None:
                zout.writestr(item, data)


def test_drm_and_broken_books_get_one_line(tmp_path):
    drm = tmp_path / "drm.epub"
    encryption = (b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                  b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
                  b'<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
                  b'<enc:CipherData><enc:CipherReference URI="EPUB/text/ch002.xhtml"/></enc:CipherData>'
                  b'</enc:EncryptedData></encryption>')
    _rewrite(ALICE, drm, lambda name, data: data)
    with zipfile.ZipFile(drm, "a") as z:
        z.writestr("META-INF/encryption.xml", encryption)
    fonts = tmp_path / "fonts.epub"
    _rewrite(ALICE, fonts, lambda name, data: data)
    with zipfile.ZipFile(fonts, "a") as z:
        z.writestr("META-INF/encryption.xml", encryption.replace(
            b"http://www.w3.org/2001/04/xmlenc#aes128-cbc", b"http://www.idpf.org/2008/embedding"))
    assert load(fonts).title == "Alice’s Adventures in Wonderland"  # obfuscated fonts are not DRM
    no_container = tmp_path / "nocontainer.epub"
    _rewrite(ALICE, no_container, lambda name, data: None if name == "META-INF/container.xml" else data)
    bad_opf = tmp_path / "badopf.epub"
    _rewrite(ALICE, bad_opf, lambda name, data: b"\x00\x01 not xml" if name.endswith(".opf") else data)
    (tmp_path / "notzip.epub").write_bytes(b"PK? no, just text")
    cases = {"drm.epub": "DRM-protected", "nocontainer.epub": "container.xml is missing",
             "badopf.epub": "package file cannot be read", "notzip.epub": "not a zip archive"}
    for name, words in cases.items():
        with pytest.raises(ImportRefused) as err:
            load(tmp_path / name)
        assert words in str(err.value) and "\n" not in str(err.value)


def test_progress_counts_chapters(tmp_path):
    seen = []
    load(ALICE, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 14) for n in range(15)]  # the spine (title page, 13 chapters) less the contents page
