"""Notes downloaded from Google Docs as .docx or as a web page read like the Markdown they hold.

The exports in tests/data/office are generated imitations of Google Docs' (bench/office_exports.py):
real Word numbering in the .docx, flat ``lst-kix`` lists in the .html.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from bench.office_exports import TITLE, docx_bytes, html_text, read_blocks
from ingest.errors import IngestError
from ingest.notes import parse_paths, parse_text, read_note_file
from ingest.readers.office import docx_to_markdown


ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "notes" / "reading-group-notes.md"
OFFICE = ROOT / "tests" / "data" / "office"
EXPORTS = [OFFICE / "reading-group-notes.docx", OFFICE / "reading-group-notes.html"]


def _papers(corpus):
    """Each paper with its notes as written: number, question, answers, shape."""
    return [(s.title, s.year, s.discussion, [(n.number, n.question, n.answers, n.shape) for n in s.notes])
            for s in corpus.sections]


@pytest.fixture(scope="module")
def markdown_corpus():
    return parse_paths([SEED])


@pytest.mark.parametrize("export", EXPORTS, ids=lambda p: p.suffix)
def test_an_export_of_the_bundled_notes_gives_the_same_papers_and_notes(export, markdown_corpus):
    corpus = parse_paths([export])
    assert len(corpus.sections) == 24
    assert sum(len(s.notes) for s in corpus.sections) == 277
    assert _papers(corpus) == _papers(markdown_corpus)
    notes = [(s.title, n.text) for s in corpus.sections for n in s.notes]
    assert notes == [(s.title, n.text) for s in markdown_corpus.sections for n in s.notes]
    # the same things to say about them, one line further down (the document's Title is line 1)
    one_down = [(re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 1}", w.message), w.source.line + 1)
                for w in markdown_corpus.warnings]
    assert [(w.message, w.source.line) for w in corpus.warnings] == one_down


@pytest.mark.parametrize("export", EXPORTS, ids=lambda p: p.suffix)
def test_line_numbers_are_the_documents_paragraphs(export, markdown_corpus):
    text, digest, encoding = read_note_file(export)
    lines = text.splitlines()
    assert lines[0] == f"# {TITLE}" and encoding is None
    assert len(lines) == len(read_blocks(SEED.read_text(encoding="utf-8"), TITLE))  # one line per paragraph
    assert digest == hashlib.sha256(export.read_bytes()).hexdigest()
    converted = parse_paths([export]).sections
    for ours, theirs in zip(converted, markdown_corpus.sections):
        assert ours.source.line == theirs.source.line + 1
        assert [n.source.line for n in ours.notes] == [n.source.line + 1 for n in theirs.notes]


def test_the_committed_exports_are_what_the_script_writes():
    blocks = read_blocks(SEED.read_text(encoding="utf-8"), TITLE)
    assert (OFFICE / "reading-group-notes.docx").read_bytes() == docx_bytes(blocks)
    assert (OFFICE / "reading-group-notes.html").read_text(encoding="utf-8") == html_text(blocks)


NESTED = """## Wren (2019)
1. What does Wren add?
   - a gated cell
     - the gate is learned
   - a second idea
2. Compared with Heron?
- Heron is slower
  - by a lot
"""

NESTED_MARKDOWN = [
    "# Wren group",
    "## Wren (2019)",
    "1. What does Wren add?",
    "   - a gated cell",
    "     - the gate is learned",
    "   - a second idea",
    "2. Compared with Heron?",
    "- Heron is slower",
    "  - by a lot",
]


@pytest.mark.parametrize("suffix", [".docx", ".html"])
def test_a_nested_list_keeps_its_sub_bullets(tmp_path, suffix):
    blocks = read_blocks(NESTED, "Wren group")
    path = tmp_path / f"wren{suffix}"
    if suffix == ".docx":
        path.write_bytes(docx_bytes(blocks))
    else:
        path.write_text(html_text(blocks), encoding="utf-8")
    text, _, _ = read_note_file(path)
    assert text.splitlines() == NESTED_MARKDOWN
    (section,) = parse_paths([path], display_root=tmp_path).sections
    assert [(n.number, n.question, n.answers) for n in section.notes] == [
        (1, "What does Wren add?", ("a gated cell", "the gate is learned", "a second idea")),
        (2, "Compared with Heron?", ("Heron is slower", "by a lot")),  # bullets after a question answer it
    ]
    (same,), _ = parse_text(NESTED, "wren.md")
    assert section.notes == tuple(replace(n, source=replace(n.source, file=path.name, line=n.source.line + 1),
                                          answer_lines=tuple(line + 1 for line in n.answer_lines))
                                  for n in same.notes)


def test_a_restarted_numbered_list_keeps_the_number_word_shows(tmp_path):
    path = tmp_path / "heron.docx"
    path.write_bytes(docx_bytes(read_blocks("## Heron (2020)\n1. one\n2. two\n7. seven\n8. eight\n")))
    assert read_note_file(path)[0].splitlines() == ["## Heron (2020)", "1. one", "2. two", "7. seven", "8. eight"]


# The shapes of a Google Docs web page beyond the lists: a footnote and a comment (markers in the
# text, their texts at the end), a link through Google's redirector, a page break, a table, an image.
GOOGLE_PAGE = (
    '<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><style type="text/css">'
    '.c0{font-weight:400}.c1{height:11pt}</style></head><body class="c4 doc-content">'
    '<h2 class="c3" id="h.a1b2c3"><span class="c0">Wren (2019)</span></h2>'
    '<ol class="c5 lst-kix_q7-0 start" start="1"><li class="c2 li-bullet-0"><span class="c0">Why gates?</span>'
    '<sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup></li></ol>'
    '<ul class="c5 lst-kix_r8-0 start"><li class="c2 li-bullet-0"><span class="c0">see </span><span class="c6">'
    '<a class="c7" href="https://www.google.com/url?q=https://example.org/wren&amp;sa=D">the Wren page</a>'
    '</span><sup><a href="#cmnt1" id="cmnt_ref1">[a]</a></sup></li></ul>'
    '<ol class="c5 lst-kix_q7-0"><li class="c2 li-bullet-0"><span class="c0">How big?</span></li></ol>'
    '<p class="c1"><span style="overflow: hidden;"><img alt="" src="images/image1.png"></span></p>'
    '<hr style="page-break-before:always;display:none;">'
    '<table class="c8"><tr class="c9"><td class="c10"><p class="c2"><span class="c0">Heron</span></p></td>'
    '<td class="c10"><p class="c2"><span class="c0">faster</span></p></td></tr></table>'
    '<div><p class="c2"><a href="#ftnt_ref1" id="ftnt1">[1]</a><span class="c0">&nbsp;a footnote</span></p></div>'
    '<div class="c11"><p class="c2"><a href="#cmnt_ref1" id="cmnt1">[a]</a><span class="c0">a comment</span></p>'
    '</div></body></html>')


def test_a_google_page_leaves_out_footnotes_comments_images_and_link_addresses(tmp_path):
    page = tmp_path / "wren.html"
    page.write_text(GOOGLE_PAGE, encoding="utf-8")
    text, _, _ = read_note_file(page)
    # the continued <ol> has no start="N": the count of its lst-kix list goes on
    assert text.splitlines() == ["## Wren (2019)", "1. Why gates?", "- see the Wren page", "2. How big?", "",
                                 "Heron", "faster"]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')


@pytest.mark.parametrize("data, fragment", [
    (b"Wren's notes, saved as text with the wrong name", "not a zip archive"),
    ((OFFICE / "reading-group-notes.docx").read_bytes()[:20_000], "not a zip archive"),  # a cut download
    (_zip({"notes.txt": b"Heron"}), "no main document part"),
    (_zip({"_rels/.rels": _RELS, "word/document.xml": b"<w:document xmlns:w='x'><w:body><w:p>"}),
     "cannot read this Word document"),
])
def test_a_broken_docx_is_one_line_naming_the_file(tmp_path, data, fragment):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        parse_paths([bad], display_root=tmp_path)
    message = str(caught.value)
    assert message.startswith("broken.docx: ") and fragment in message and "\n" not in message
    assert caught.value.file == "broken.docx"


@pytest.mark.parametrize("data, fragment", [
    (b"<html><body>\x00\x01\x02</body></html>", "binary file"),
    (b"<div>" * 5000 + b"Wren" + b"</div>" * 5000, "nested too deeply"),
    (b"<p>caf\x81</p>", "not UTF-8 text"),
])
def test_an_unreadable_web_page_is_one_line_naming_the_file(tmp_path, data, fragment):
    bad = tmp_path / "notes.html"
    bad.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        parse_paths([bad], display_root=tmp_path)
    assert str(caught.value).startswith("notes.html") and fragment in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_docx_that_unpacks_past_the_limit_is_refused_before_it_is_read():
    data = (OFFICE / "reading-group-notes.docx").read_bytes()
    with pytest.raises(IngestError, match=r"^big\.docx: Word document unpacks to \d+ bytes \(limit 100000\)$"):
        docx_to_markdown(data, "big.docx", max_unpacked_bytes=100_000)


def test_a_broken_docx_in_a_folder_stops_the_build_like_a_binary_markdown_file(tmp_path):
    """A file that cannot be read at all is an error for the whole build, whatever its format (a
    binary .md is too): the group fixes or removes it rather than getting a graph without it."""
    (tmp_path / "wren.md").write_text("## Wren (2019)\n1. Why?\n- gates\n", encoding="utf-8")
    (tmp_path / "heron.docx").write_bytes(b"\x00not a document")
    with pytest.raises(IngestError, match=r"^heron\.docx: not a Word document"):
        parse_paths([tmp_path], display_root=tmp_path)
    (tmp_path / "heron.docx").rename(tmp_path / "heron.md")
    with pytest.raises(IngestError, match=r"^heron\.md: binary file"):
        parse_paths([tmp_path], display_root=tmp_path)
    (tmp_path / ".kgignore").write_text("heron.*\n", encoding="utf-8")
    assert [s.title for s in parse_paths([tmp_path], display_root=tmp_path).sections] == ["Wren"]


def test_a_folder_reads_exports_beside_markdown_and_skips_words_lock_files(tmp_path):
    (tmp_path / "wren.md").write_text("## Wren (2019)\n1. Why?\n- gates\n", encoding="utf-8")
    (tmp_path / "heron.htm").write_text(html_text(read_blocks("## Heron (2020)\n1. How?\n- slowly\n")),
                                        encoding="utf-8")
    (tmp_path / "kite.docx").write_bytes(docx_bytes(read_blocks("## Kite (2021)\n- light\n")))
    (tmp_path / "~$kite.docx").write_bytes(b"\x05Wren\x00\x00")  # Word's lock file while kite.docx is open
    corpus = parse_paths([tmp_path], display_root=tmp_path)
    assert [(s.title, s.source.file) for s in corpus.sections] == [
        ("Heron", "heron.htm"), ("Kite", "kite.docx"), ("Wren", "wren.md")]


def test_kg_ingest_of_a_broken_docx_is_one_line_and_exit_2(tmp_path):
    """The command line of this checkout (``python -m api.cli``, run from the repository root)."""
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 cut short")
    result = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(bad), "--kb", str(tmp_path / "kb")],
                            capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.docx" in lines[0] and "Word document" in lines[0], result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "kb" / "CURRENT").exists()
